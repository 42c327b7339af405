/** Counters with their primary and secondary skills; a change that strands waiting citizens is refused by the hub. */
import { skillLevel, type Counter, type SaveCounter } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { translate, useTr } from '../i18n';
import { useConfig } from '../useConfig';
import { EditForm, ListTable, OutcomeMsg, RowActions, useEditor, useOutcome } from './form';

type Level = 'none' | 'primary' | 'secondary';

export function Counters({ ctx }: { ctx: AppContext }) {
  const { t, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config } = useConfig(socket, s);
  const outcome = useOutcome();
  const counter = useEditor(
    outcome,
    (d: SaveCounter) => call(socket, 'manager:saveCounter', d),
    (saved) => t('counterSaved', { number: saved.number }),
  );
  const editing = counter.draft;
  const code = (id: string) => s.services.find((x) => x.id === id)?.code ?? id;
  const temp = new Set((config?.temporarySkills ?? []).map((t) => `${t.counterId}:${t.serviceId}`));
  const chips = (c: Counter, ids: readonly string[]) =>
    ids.map((id) => (
      <span key={id} className={`chip ${temp.has(`${c.id}:${id}`) ? 'temp' : ''}`}>
        {code(id)}
      </span>
    ));

  const startNew = () => {
    const next = Math.max(0, ...s.counters.map((c) => c.number)) + 1;
    counter.edit({ number: next, name: translate.both('counterNumber', { number: next }), primary: [], secondary: [], zone: null });
    outcome.setMsg(null);
  };
  const startEdit = (c: Counter) => {
    counter.edit({ id: c.id, number: c.number, name: c.name, primary: c.primary, secondary: c.secondary, zone: c.zone });
    outcome.setMsg(null);
  };
  const remove = async (c: Counter) => {
    if (!window.confirm(t('deleteCounter', { number: c.number }))) return;
    outcome.report(await call(socket, 'manager:deleteCounter', { id: c.id }), () => t('counterDeleted', { number: c.number }));
  };

  const levelOf = (id: string): Level => (editing ? (skillLevel(editing, id) ?? 'none') : 'none');
  const setLevel = (id: string, level: Level) => {
    if (!editing) return;
    const primary = editing.primary.filter((x) => x !== id);
    const secondary = editing.secondary.filter((x) => x !== id);
    if (level === 'primary') primary.push(id);
    if (level === 'secondary') secondary.push(id);
    counter.patch({ primary, secondary });
  };

  return (
    <div className="stack">
      <section className="card">
        <div className="row-between">
          <h2>{t('countersAndSkills')}</h2>
          <button type="button" className="primary" onClick={startNew}>
            {t('addCounter')}
          </button>
        </div>
        <p className="muted">{t('primaryServedFirstSecondaryTaken')}</p>
        <ListTable testId="counter-config" headers={[t('no'), t('name'), t('primary'), t('secondary'), t('zone')]}>
          {s.counters.map((c) => (
            <tr key={c.id}>
              <td>
                <strong>{c.number}</strong>
              </td>
              <td>{c.name[lang]}</td>
              <td>{chips(c, c.primary)}</td>
              <td>{chips(c, c.secondary)}</td>
              <td>{c.zone ?? '—'}</td>
              <RowActions onEdit={() => startEdit(c)} onDelete={() => void remove(c)} />
            </tr>
          ))}
        </ListTable>
        <OutcomeMsg msg={outcome.msg} testId="counter-msg" />
      </section>

      {editing && (
        <EditForm editor={counter} variant="card" label={t('editCounter')} saveLabel={t('saveCounter')}>
          <h2>{editing.id ? t('editCounterNumber', { number: editing.number }) : t('newCounter')}</h2>
          <div className="grid4">
            <label>
              {t('number')}
              <input type="number" min={1} max={999} value={editing.number} onChange={(e) => counter.patch({ number: Number(e.target.value) })} required />
            </label>
            <label>
              {t('nameVietnamese')}
              <input value={editing.name.vi} onChange={(e) => counter.patch({ name: { ...editing.name, vi: e.target.value } })} required />
            </label>
            <label>
              {t('nameEnglish')}
              <input value={editing.name.en} onChange={(e) => counter.patch({ name: { ...editing.name, en: e.target.value } })} required />
            </label>
            <label>
              {t('zone')}
              <input value={editing.zone ?? ''} onChange={(e) => counter.patch({ zone: e.target.value || null })} />
            </label>
          </div>
          <h3>{t('skills')}</h3>
          <div className="skills">
            {s.services.map((svc) => (
              <label key={svc.id} className="skill">
                <span>
                  <strong>{svc.code}</strong> {svc.name[lang]}
                </span>
                <select aria-label={`${t('skill')} ${svc.name[lang]}`} data-service={svc.id} value={levelOf(svc.id)} onChange={(e) => setLevel(svc.id, e.target.value as Level)}>
                  <option value="none">{t('none')}</option>
                  <option value="primary">{t('primaryShort')}</option>
                  <option value="secondary">{t('secondaryShort')}</option>
                </select>
              </label>
            ))}
          </div>
        </EditForm>
      )}
    </div>
  );
}
