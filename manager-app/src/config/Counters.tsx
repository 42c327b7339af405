/** Counters with their primary and secondary skills; a change that strands waiting citizens is refused by the hub. */
import { skillLevel, type Counter, type SaveCounter } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { useTr } from '../i18n';
import { useConfig } from '../useConfig';
import { EditForm, ListTable, OutcomeMsg, RowActions, useEditor, useOutcome } from './form';

type Level = 'none' | 'primary' | 'secondary';

export function Counters({ ctx }: { ctx: AppContext }) {
  const { tr, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config } = useConfig(socket, s);
  const outcome = useOutcome();
  const counter = useEditor(
    outcome,
    (d: SaveCounter) => call(socket, 'manager:saveCounter', d),
    (saved) => tr(`Đã lưu quầy ${saved.number}.`, `Counter ${saved.number} saved.`),
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
    counter.edit({ number: next, name: { vi: `Quầy ${next}`, en: `Counter ${next}` }, primary: [], secondary: [], zone: null });
    outcome.setMsg(null);
  };
  const startEdit = (c: Counter) => {
    counter.edit({ id: c.id, number: c.number, name: c.name, primary: c.primary, secondary: c.secondary, zone: c.zone });
    outcome.setMsg(null);
  };
  const remove = async (c: Counter) => {
    if (!window.confirm(tr(`Xoá quầy ${c.number}?`, `Delete counter ${c.number}?`))) return;
    outcome.report(await call(socket, 'manager:deleteCounter', { id: c.id }), () => tr(`Đã xoá quầy ${c.number}.`, `Counter ${c.number} deleted.`));
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
          <h2>{tr('Quầy và kỹ năng', 'Counters and skills')}</h2>
          <button type="button" className="primary" onClick={startNew}>
            {tr('Thêm quầy', 'Add counter')}
          </button>
        </div>
        <p className="muted">{tr('Kỹ năng chính: quầy ưu tiên phục vụ. Kỹ năng phụ: quầy nhận thêm khi hàng chờ cần (chậm hơn).', 'Primary: served first. Secondary: taken when the queue needs it (slower).')}</p>
        <ListTable testId="counter-config" headers={[tr('Số', 'No.'), tr('Tên', 'Name'), tr('Kỹ năng chính', 'Primary'), tr('Kỹ năng phụ', 'Secondary'), tr('Khu', 'Zone')]}>
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
        <EditForm editor={counter} variant="card" label={tr('Sửa quầy', 'Edit counter')} saveLabel={tr('Lưu quầy', 'Save counter')}>
          <h2>{editing.id ? tr(`Sửa quầy ${editing.number}`, `Edit counter ${editing.number}`) : tr('Quầy mới', 'New counter')}</h2>
          <div className="grid4">
            <label>
              {tr('Số quầy', 'Number')}
              <input type="number" min={1} max={999} value={editing.number} onChange={(e) => counter.patch({ number: Number(e.target.value) })} required />
            </label>
            <label>
              {tr('Tên (tiếng Việt)', 'Name (Vietnamese)')}
              <input value={editing.name.vi} onChange={(e) => counter.patch({ name: { ...editing.name, vi: e.target.value } })} required />
            </label>
            <label>
              {tr('Tên (tiếng Anh)', 'Name (English)')}
              <input value={editing.name.en} onChange={(e) => counter.patch({ name: { ...editing.name, en: e.target.value } })} required />
            </label>
            <label>
              {tr('Khu', 'Zone')}
              <input value={editing.zone ?? ''} onChange={(e) => counter.patch({ zone: e.target.value || null })} />
            </label>
          </div>
          <h3>{tr('Kỹ năng', 'Skills')}</h3>
          <div className="skills">
            {s.services.map((svc) => (
              <label key={svc.id} className="skill">
                <span>
                  <strong>{svc.code}</strong> {svc.name[lang]}
                </span>
                <select aria-label={`${tr('Kỹ năng', 'Skill')} ${svc.name[lang]}`} data-service={svc.id} value={levelOf(svc.id)} onChange={(e) => setLevel(svc.id, e.target.value as Level)}>
                  <option value="none">{tr('Không', 'None')}</option>
                  <option value="primary">{tr('Chính', 'Primary')}</option>
                  <option value="secondary">{tr('Phụ', 'Secondary')}</option>
                </select>
              </label>
            ))}
          </div>
        </EditForm>
      )}
    </div>
  );
}
