/** Fields (lĩnh vực), service groups with their ticket prefixes, and procedures with national codes. */
import { useState } from 'react';
import type { Field, Procedure, SaveField, SaveProcedure, SaveService, Service } from '@motcua/shared';
import type { AppContext } from '../App';
import { call, errorText } from '../hub';
import { useTr } from '../i18n';
import { ImportPanel } from './Import';

type Msg = { ok: boolean; text: string } | null;

export function Catalog({ ctx }: { ctx: AppContext }) {
  const { tr, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const [msg, setMsg] = useState<Msg>(null);
  const [field, setField] = useState<SaveField | null>(null);
  const [service, setService] = useState<SaveService | null>(null);
  const [procedure, setProcedure] = useState<SaveProcedure | null>(null);
  const [filter, setFilter] = useState('');
  const fieldName = (id: string) => s.fields.find((f) => f.id === id)?.name[lang] ?? id;
  const serviceName = (id: string) => s.services.find((x) => x.id === id)?.name[lang] ?? id;

  const done = (r: { ok: true } | { ok: false; error: Parameters<typeof errorText>[0] }, ok: string, reset: () => void) => {
    if (r.ok) {
      setMsg({ ok: true, text: ok });
      reset();
    } else setMsg({ ok: false, text: errorText(r.error, lang) });
  };

  const q = filter.trim().toLowerCase();
  const procedures = s.procedures.filter((p) => !q || p.nationalCode.includes(q) || p.name.vi.toLowerCase().includes(q) || p.name.en.toLowerCase().includes(q));

  return (
    <div className="stack">
      {msg && (
        <p className={msg.ok ? 'okmsg' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      )}
      <div className="cols">
        <section className="card">
          <div className="row-between">
            <h2>{tr('Lĩnh vực', 'Fields')}</h2>
            <button type="button" onClick={() => setField({ code: '', name: { vi: '', en: '' }, sortOrder: s.fields.length + 1 })}>
              {tr('Thêm lĩnh vực', 'Add field')}
            </button>
          </div>
          <table className="table">
            <tbody>
              {s.fields.map((f: Field) => (
                <tr key={f.id}>
                  <td>
                    <code>{f.code}</code>
                  </td>
                  <td>{f.name[lang]}</td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setField({ id: f.id, code: f.code, name: f.name, sortOrder: f.sortOrder })}>
                      {tr('Sửa', 'Edit')}
                    </button>
                    <button type="button" className="link danger" onClick={() => void call(socket, 'manager:deleteField', { id: f.id }).then((r) => done(r, tr('Đã xoá lĩnh vực.', 'Field deleted.'), () => undefined))}>
                      {tr('Xoá', 'Delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {field && (
            <form
              className="subform"
              onSubmit={(e) => {
                e.preventDefault();
                void call(socket, 'manager:saveField', field).then((r) => done(r, tr('Đã lưu lĩnh vực.', 'Field saved.'), () => setField(null)));
              }}
            >
              <input aria-label={tr('Mã', 'Code')} placeholder={tr('Mã (VD: HT)', 'Code (e.g. HT)')} value={field.code} onChange={(e) => setField({ ...field, code: e.target.value.toUpperCase() })} required />
              <input aria-label={tr('Tên tiếng Việt', 'Vietnamese name')} placeholder={tr('Tên tiếng Việt', 'Vietnamese name')} value={field.name.vi} onChange={(e) => setField({ ...field, name: { ...field.name, vi: e.target.value } })} required />
              <input aria-label={tr('Tên tiếng Anh', 'English name')} placeholder={tr('Tên tiếng Anh', 'English name')} value={field.name.en} onChange={(e) => setField({ ...field, name: { ...field.name, en: e.target.value } })} required />
              <button type="submit" className="primary">
                {tr('Lưu', 'Save')}
              </button>
              <button type="button" onClick={() => setField(null)}>
                {tr('Huỷ', 'Cancel')}
              </button>
            </form>
          )}
        </section>

        <section className="card">
          <div className="row-between">
            <h2>{tr('Nhóm dịch vụ và tiền tố số', 'Services and ticket prefixes')}</h2>
            <button type="button" onClick={() => setService({ code: '', name: { vi: '', en: '' }, fieldId: s.fields[0]?.id ?? '', prefix: '', expectedServiceMin: 10, active: true })}>
              {tr('Thêm nhóm', 'Add service')}
            </button>
          </div>
          <table className="table">
            <thead>
              <tr>
                <th>{tr('Tiền tố', 'Prefix')}</th>
                <th>{tr('Nhóm dịch vụ', 'Service')}</th>
                <th>{tr('Lĩnh vực', 'Field')}</th>
                <th>{tr('Phút/lượt', 'Min/visit')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
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
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setService({ ...x })}>
                      {tr('Sửa', 'Edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {service && (
            <form
              className="subform"
              onSubmit={(e) => {
                e.preventDefault();
                void call(socket, 'manager:saveService', service).then((r) => done(r, tr('Đã lưu nhóm dịch vụ.', 'Service saved.'), () => setService(null)));
              }}
            >
              <input aria-label={tr('Mã', 'Code')} placeholder={tr('Mã', 'Code')} value={service.code} onChange={(e) => setService({ ...service, code: e.target.value.toUpperCase() })} required />
              <input aria-label={tr('Tiền tố', 'Prefix')} placeholder={tr('Tiền tố (1–2 ký tự)', 'Prefix (1–2 chars)')} value={service.prefix} maxLength={2} onChange={(e) => setService({ ...service, prefix: e.target.value.toUpperCase() })} required />
              <input aria-label={tr('Tên tiếng Việt', 'Vietnamese name')} placeholder={tr('Tên tiếng Việt', 'Vietnamese name')} value={service.name.vi} onChange={(e) => setService({ ...service, name: { ...service.name, vi: e.target.value } })} required />
              <input aria-label={tr('Tên tiếng Anh', 'English name')} placeholder={tr('Tên tiếng Anh', 'English name')} value={service.name.en} onChange={(e) => setService({ ...service, name: { ...service.name, en: e.target.value } })} required />
              <select aria-label={tr('Lĩnh vực', 'Field')} value={service.fieldId} onChange={(e) => setService({ ...service, fieldId: e.target.value })}>
                {s.fields.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name[lang]}
                  </option>
                ))}
              </select>
              <input aria-label={tr('Phút mỗi lượt', 'Minutes per visit')} type="number" min={1} max={240} value={service.expectedServiceMin} onChange={(e) => setService({ ...service, expectedServiceMin: Number(e.target.value) })} />
              <label className="inline">
                <input type="checkbox" checked={service.active} onChange={(e) => setService({ ...service, active: e.target.checked })} /> {tr('Đang hoạt động', 'Active')}
              </label>
              <button type="submit" className="primary">
                {tr('Lưu', 'Save')}
              </button>
              <button type="button" onClick={() => setService(null)}>
                {tr('Huỷ', 'Cancel')}
              </button>
            </form>
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
            <button type="button" onClick={() => setProcedure({ nationalCode: '', name: { vi: '', en: '' }, fieldId: s.fields[0]?.id ?? '', serviceId: s.services[0]?.id ?? '' })}>
              {tr('Thêm thủ tục', 'Add procedure')}
            </button>
          </div>
        </div>
        {procedure && (
          <form
            className="subform"
            onSubmit={(e) => {
              e.preventDefault();
              void call(socket, 'manager:saveProcedure', procedure).then((r) => done(r, tr('Đã lưu thủ tục.', 'Procedure saved.'), () => setProcedure(null)));
            }}
          >
            <input aria-label={tr('Mã thủ tục', 'Procedure code')} placeholder="1.001193" value={procedure.nationalCode} onChange={(e) => setProcedure({ ...procedure, nationalCode: e.target.value.trim() })} required />
            <input className="wide" aria-label={tr('Tên tiếng Việt', 'Vietnamese name')} placeholder={tr('Tên thủ tục', 'Procedure name')} value={procedure.name.vi} onChange={(e) => setProcedure({ ...procedure, name: { ...procedure.name, vi: e.target.value } })} required />
            <input aria-label={tr('Tên tiếng Anh', 'English name')} placeholder={tr('Tên tiếng Anh', 'English name')} value={procedure.name.en} onChange={(e) => setProcedure({ ...procedure, name: { ...procedure.name, en: e.target.value } })} required />
            <select aria-label={tr('Lĩnh vực', 'Field')} value={procedure.fieldId} onChange={(e) => setProcedure({ ...procedure, fieldId: e.target.value })}>
              {s.fields.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name[lang]}
                </option>
              ))}
            </select>
            <select aria-label={tr('Nhóm dịch vụ', 'Service')} value={procedure.serviceId} onChange={(e) => setProcedure({ ...procedure, serviceId: e.target.value })}>
              {s.services.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name[lang]}
                </option>
              ))}
            </select>
            <button type="submit" className="primary">
              {tr('Lưu', 'Save')}
            </button>
            <button type="button" onClick={() => setProcedure(null)}>
              {tr('Huỷ', 'Cancel')}
            </button>
          </form>
        )}
        <table className="table" data-testid="procedures">
          <thead>
            <tr>
              <th>{tr('Mã', 'Code')}</th>
              <th>{tr('Tên thủ tục', 'Name')}</th>
              <th>{tr('Lĩnh vực', 'Field')}</th>
              <th>{tr('Nhóm dịch vụ', 'Service')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {procedures.slice(0, 300).map((p: Procedure) => (
              <tr key={p.id}>
                <td>
                  <code>{p.nationalCode}</code>
                </td>
                <td>{p.name[lang]}</td>
                <td>{fieldName(p.fieldId)}</td>
                <td>{serviceName(p.serviceId)}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setProcedure({ ...p })}>
                    {tr('Sửa', 'Edit')}
                  </button>
                  <button type="button" className="link danger" onClick={() => void call(socket, 'manager:deleteProcedure', { id: p.id }).then((r) => done(r, tr('Đã xoá thủ tục.', 'Procedure deleted.'), () => undefined))}>
                    {tr('Xoá', 'Delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {procedures.length > 300 && <p className="muted">{tr(`Hiện 300/${procedures.length}; hãy tìm để thu hẹp.`, `Showing 300/${procedures.length}; search to narrow.`)}</p>}
      </section>
    </div>
  );
}
