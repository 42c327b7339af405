/** Fields (lĩnh vực), service groups with their ticket prefixes, and procedures with national codes. */
import { useState } from 'react';
import type { Field, Procedure, SaveField, SaveProcedure, SaveService, Service } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { useTr } from '../i18n';
import { EditForm, ItemSelect, ListTable, NameInputs, OutcomeMsg, RowActions, useEditor, useOutcome } from './form';
import { ImportPanel } from './Import';

export function Catalog({ ctx }: { ctx: AppContext }) {
  const { t, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const outcome = useOutcome();
  const field = useEditor(outcome, (d: SaveField) => call(socket, 'manager:saveField', d), () => t('fieldSaved'));
  const service = useEditor(outcome, (d: SaveService) => call(socket, 'manager:saveService', d), () => t('serviceSaved'));
  const procedure = useEditor(outcome, (d: SaveProcedure) => call(socket, 'manager:saveProcedure', d), () => t('procedureSaved'));
  const [filter, setFilter] = useState('');
  const fieldName = (id: string) => s.fields.find((f) => f.id === id)?.name[lang] ?? id;
  const serviceName = (id: string) => s.services.find((x) => x.id === id)?.name[lang] ?? id;
  const deleteField = (f: Field) => void call(socket, 'manager:deleteField', { id: f.id }).then((r) => outcome.report(r, () => t('fieldDeleted')));
  const deleteProcedure = (p: Procedure) => void call(socket, 'manager:deleteProcedure', { id: p.id }).then((r) => outcome.report(r, () => t('procedureDeleted')));

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
            <h2>{t('fields')}</h2>
            <button type="button" onClick={() => field.edit({ code: '', name: { vi: '', en: '' }, sortOrder: s.fields.length + 1 })}>
              {t('addField')}
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
              <input aria-label={t('code')} placeholder={t('codeEGHt')} value={f.code} onChange={(e) => field.patch({ code: e.target.value.toUpperCase() })} required />
              <NameInputs value={f.name} onChange={(name) => field.patch({ name })} />
            </EditForm>
          )}
        </section>

        <section className="card">
          <div className="row-between">
            <h2>{t('servicesAndTicketPrefixes')}</h2>
            <button type="button" onClick={() => service.edit({ code: '', name: { vi: '', en: '' }, fieldId: s.fields[0]?.id ?? '', prefix: '', expectedServiceMin: 10, active: true })}>
              {t('addService')}
            </button>
          </div>
          <ListTable headers={[t('prefix'), t('serviceGroup'), t('field'), t('minVisit')]}>
            {s.services.map((x: Service) => (
              <tr key={x.id} className={x.active ? '' : 'inactive'}>
                <td>
                  <code>{x.prefix}</code>
                </td>
                <td>
                  {x.name[lang]} {!x.active && <span className="tag">{t('inactive')}</span>}
                </td>
                <td>{fieldName(x.fieldId)}</td>
                <td>{x.expectedServiceMin}</td>
                <RowActions onEdit={() => service.edit({ ...x })} />
              </tr>
            ))}
          </ListTable>
          {sv && (
            <EditForm editor={service} variant="subform">
              <input aria-label={t('code')} placeholder={t('code')} value={sv.code} onChange={(e) => service.patch({ code: e.target.value.toUpperCase() })} required />
              <input aria-label={t('prefix')} placeholder={t('prefix12Chars')} value={sv.prefix} maxLength={2} onChange={(e) => service.patch({ prefix: e.target.value.toUpperCase() })} required />
              <NameInputs value={sv.name} onChange={(name) => service.patch({ name })} />
              <ItemSelect label={t('field')} items={s.fields} value={sv.fieldId} onChange={(fieldId) => service.patch({ fieldId })} />
              <input aria-label={t('minutesPerVisit')} type="number" min={1} max={240} value={sv.expectedServiceMin} onChange={(e) => service.patch({ expectedServiceMin: Number(e.target.value) })} />
              <label className="inline">
                <input type="checkbox" checked={sv.active} onChange={(e) => service.patch({ active: e.target.checked })} /> {t('active')}
              </label>
            </EditForm>
          )}
        </section>
      </div>

      <ImportPanel socket={socket} />

      <section className="card">
        <div className="row-between">
          <h2>
            {t('procedures')} <small className="muted">({s.procedures.length})</small>
          </h2>
          <div className="inline-form">
            <input type="search" aria-label={t('searchProcedures')} placeholder={t('searchByCodeOrName')} value={filter} onChange={(e) => setFilter(e.target.value)} />
            <button type="button" onClick={() => procedure.edit({ nationalCode: '', name: { vi: '', en: '' }, fieldId: s.fields[0]?.id ?? '', serviceId: s.services[0]?.id ?? '' })}>
              {t('addProcedure')}
            </button>
          </div>
        </div>
        {pr && (
          <EditForm editor={procedure} variant="subform">
            <input aria-label={t('procedureCode')} placeholder="1.001193" value={pr.nationalCode} onChange={(e) => procedure.patch({ nationalCode: e.target.value.trim() })} required />
            <NameInputs value={pr.name} onChange={(name) => procedure.patch({ name })} viClassName="wide" viPlaceholder={t('procedureName')} />
            <ItemSelect label={t('field')} items={s.fields} value={pr.fieldId} onChange={(fieldId) => procedure.patch({ fieldId })} />
            <ItemSelect label={t('serviceGroup')} items={s.services} value={pr.serviceId} onChange={(serviceId) => procedure.patch({ serviceId })} />
          </EditForm>
        )}
        <ListTable testId="procedures" headers={[t('code'), t('procedureName'), t('field'), t('serviceGroup')]}>
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
        {procedures.length > 300 && <p className="muted">{t('showing300SearchToNarrow', { length: procedures.length })}</p>}
      </section>
    </div>
  );
}
