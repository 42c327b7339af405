/** Fields (lĩnh vực), service groups with their ticket prefixes, and procedures with national codes. */
import { useState } from 'react';
import type { Field, Procedure, SaveField, SaveProcedure, SaveService, Service } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { useTr } from '../i18n';
import { EditForm, ItemSelect, ListTable, NameInputs, OutcomeMsg, RowActions, useEditor, useOutcome } from './form';
import { ImportPanel } from './Import';

export function Catalog({ ctx }: { ctx: AppContext }) {
  const { tr, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const outcome = useOutcome();
  const field = useEditor(outcome, (d: SaveField) => call(socket, 'manager:saveField', d), () => tr('Đã lưu lĩnh vực.', 'Field saved.'));
  const service = useEditor(outcome, (d: SaveService) => call(socket, 'manager:saveService', d), () => tr('Đã lưu nhóm dịch vụ.', 'Service saved.'));
  const procedure = useEditor(outcome, (d: SaveProcedure) => call(socket, 'manager:saveProcedure', d), () => tr('Đã lưu thủ tục.', 'Procedure saved.'));
  const [filter, setFilter] = useState('');
  const fieldName = (id: string) => s.fields.find((f) => f.id === id)?.name[lang] ?? id;
  const serviceName = (id: string) => s.services.find((x) => x.id === id)?.name[lang] ?? id;
  const deleteField = (f: Field) => void call(socket, 'manager:deleteField', { id: f.id }).then((r) => outcome.report(r, () => tr('Đã xoá lĩnh vực.', 'Field deleted.')));
  const deleteProcedure = (p: Procedure) => void call(socket, 'manager:deleteProcedure', { id: p.id }).then((r) => outcome.report(r, () => tr('Đã xoá thủ tục.', 'Procedure deleted.')));

  const q = filter.trim().toLowerCase();
  const procedures = s.procedures.filter((p) => !q || p.nationalCode.includes(q) || p.name.vi.toLowerCase().includes(q) || p.name.en.toLowerCase().includes(q));
  const f = field.draft;
  const sv = service.draft;
  const pr = procedure.draft;

  return (
    <div className="stack">
      <OutcomeMsg msg={outcome.msg} />
      <div className="cols">
        <section className="card">
          <div className="row-between">
            <h2>{tr('Lĩnh vực', 'Fields')}</h2>
            <button type="button" onClick={() => field.edit({ code: '', name: { vi: '', en: '' }, sortOrder: s.fields.length + 1 })}>
              {tr('Thêm lĩnh vực', 'Add field')}
            </button>
          </div>
          <ListTable>
            {s.fields.map((x) => (
              <tr key={x.id}>
                <td>
                  <code>{x.code}</code>
                </td>
                <td>{x.name[lang]}</td>
                <RowActions onEdit={() => field.edit({ id: x.id, code: x.code, name: x.name, sortOrder: x.sortOrder })} onDelete={() => deleteField(x)} />
              </tr>
            ))}
          </ListTable>
          {f && (
            <EditForm editor={field} variant="subform">
              <input aria-label={tr('Mã', 'Code')} placeholder={tr('Mã (VD: HT)', 'Code (e.g. HT)')} value={f.code} onChange={(e) => field.patch({ code: e.target.value.toUpperCase() })} required />
              <NameInputs value={f.name} onChange={(name) => field.patch({ name })} />
            </EditForm>
          )}
        </section>

        <section className="card">
          <div className="row-between">
            <h2>{tr('Nhóm dịch vụ và tiền tố số', 'Services and ticket prefixes')}</h2>
            <button type="button" onClick={() => service.edit({ code: '', name: { vi: '', en: '' }, fieldId: s.fields[0]?.id ?? '', prefix: '', expectedServiceMin: 10, active: true })}>
              {tr('Thêm nhóm', 'Add service')}
            </button>
          </div>
          <ListTable headers={[tr('Tiền tố', 'Prefix'), tr('Nhóm dịch vụ', 'Service'), tr('Lĩnh vực', 'Field'), tr('Phút/lượt', 'Min/visit')]}>
            {s.services.map((x: Service) => (
              <tr key={x.id} className={x.active ? '' : 'inactive'}>
                <td>
                  <code>{x.prefix}</code>
                </td>
                <td>
                  {x.name[lang]} {!x.active && <span className="tag">{tr('ngừng', 'inactive')}</span>}
                </td>
                <td>{fieldName(x.fieldId)}</td>
                <td>{x.expectedServiceMin}</td>
                <RowActions onEdit={() => service.edit({ ...x })} />
              </tr>
            ))}
          </ListTable>
          {sv && (
            <EditForm editor={service} variant="subform">
              <input aria-label={tr('Mã', 'Code')} placeholder={tr('Mã', 'Code')} value={sv.code} onChange={(e) => service.patch({ code: e.target.value.toUpperCase() })} required />
              <input aria-label={tr('Tiền tố', 'Prefix')} placeholder={tr('Tiền tố (1–2 ký tự)', 'Prefix (1–2 chars)')} value={sv.prefix} maxLength={2} onChange={(e) => service.patch({ prefix: e.target.value.toUpperCase() })} required />
              <NameInputs value={sv.name} onChange={(name) => service.patch({ name })} />
              <ItemSelect label={tr('Lĩnh vực', 'Field')} items={s.fields} value={sv.fieldId} onChange={(fieldId) => service.patch({ fieldId })} />
              <input aria-label={tr('Phút mỗi lượt', 'Minutes per visit')} type="number" min={1} max={240} value={sv.expectedServiceMin} onChange={(e) => service.patch({ expectedServiceMin: Number(e.target.value) })} />
              <label className="inline">
                <input type="checkbox" checked={sv.active} onChange={(e) => service.patch({ active: e.target.checked })} /> {tr('Đang hoạt động', 'Active')}
              </label>
            </EditForm>
          )}
        </section>
      </div>

      <ImportPanel socket={socket} />

      <section className="card">
        <div className="row-between">
          <h2>
            {tr('Thủ tục hành chính', 'Procedures')} <small className="muted">({s.procedures.length})</small>
          </h2>
          <div className="inline-form">
            <input type="search" aria-label={tr('Tìm thủ tục', 'Search procedures')} placeholder={tr('Tìm theo mã hoặc tên…', 'Search by code or name…')} value={filter} onChange={(e) => setFilter(e.target.value)} />
            <button type="button" onClick={() => procedure.edit({ nationalCode: '', name: { vi: '', en: '' }, fieldId: s.fields[0]?.id ?? '', serviceId: s.services[0]?.id ?? '' })}>
              {tr('Thêm thủ tục', 'Add procedure')}
            </button>
          </div>
        </div>
        {pr && (
          <EditForm editor={procedure} variant="subform">
            <input aria-label={tr('Mã thủ tục', 'Procedure code')} placeholder="1.001193" value={pr.nationalCode} onChange={(e) => procedure.patch({ nationalCode: e.target.value.trim() })} required />
            <NameInputs value={pr.name} onChange={(name) => procedure.patch({ name })} viClassName="wide" viPlaceholder={tr('Tên thủ tục', 'Procedure name')} />
            <ItemSelect label={tr('Lĩnh vực', 'Field')} items={s.fields} value={pr.fieldId} onChange={(fieldId) => procedure.patch({ fieldId })} />
            <ItemSelect label={tr('Nhóm dịch vụ', 'Service')} items={s.services} value={pr.serviceId} onChange={(serviceId) => procedure.patch({ serviceId })} />
          </EditForm>
        )}
        <ListTable testId="procedures" headers={[tr('Mã', 'Code'), tr('Tên thủ tục', 'Name'), tr('Lĩnh vực', 'Field'), tr('Nhóm dịch vụ', 'Service')]}>
          {procedures.slice(0, 300).map((p) => (
            <tr key={p.id}>
              <td>
                <code>{p.nationalCode}</code>
              </td>
              <td>{p.name[lang]}</td>
              <td>{fieldName(p.fieldId)}</td>
              <td>{serviceName(p.serviceId)}</td>
              <RowActions onEdit={() => procedure.edit({ ...p })} onDelete={() => deleteProcedure(p)} />
            </tr>
          ))}
        </ListTable>
        {procedures.length > 300 && <p className="muted">{tr(`Hiện 300/${procedures.length}; hãy tìm để thu hẹp.`, `Showing 300/${procedures.length}; search to narrow.`)}</p>}
      </section>
    </div>
  );
}
