/** Counters with their primary and secondary skills; a change that strands waiting citizens is refused by the hub. */
import { useState } from 'react';
import type { Counter, SaveCounter } from '@motcua/shared';
import type { AppContext } from '../App';
import { call, errorText } from '../hub';
import { useTr } from '../i18n';
import { useConfig } from '../useConfig';

type Level = 'none' | 'primary' | 'secondary';

export function Counters({ ctx }: { ctx: AppContext }) {
  const { tr, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config } = useConfig(socket, s);
  const [editing, setEditing] = useState<SaveCounter | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const code = (id: string) => s.services.find((x) => x.id === id)?.code ?? id;
  const temp = new Set((config?.temporarySkills ?? []).map((t) => `${t.counterId}:${t.serviceId}`));

  const startNew = () => {
    const next = Math.max(0, ...s.counters.map((c) => c.number)) + 1;
    setEditing({ number: next, name: { vi: `Quầy ${next}`, en: `Counter ${next}` }, primary: [], secondary: [], zone: null });
    setMsg(null);
  };
  const startEdit = (c: Counter) => {
    setEditing({ id: c.id, number: c.number, name: c.name, primary: c.primary, secondary: c.secondary, zone: c.zone });
    setMsg(null);
  };
  const save = async () => {
    if (!editing) return;
    const r = await call(socket, 'manager:saveCounter', editing);
    if (r.ok) {
      setMsg({ ok: true, text: tr(`Đã lưu quầy ${r.data.number}.`, `Counter ${r.data.number} saved.`) });
      setEditing(null);
    } else setMsg({ ok: false, text: errorText(r.error, lang) });
  };
  const remove = async (c: Counter) => {
    if (!window.confirm(tr(`Xoá quầy ${c.number}?`, `Delete counter ${c.number}?`))) return;
    const r = await call(socket, 'manager:deleteCounter', { id: c.id });
    setMsg(r.ok ? { ok: true, text: tr(`Đã xoá quầy ${c.number}.`, `Counter ${c.number} deleted.`) } : { ok: false, text: errorText(r.error, lang) });
  };

  const levelOf = (id: string): Level => (editing?.primary.includes(id) ? 'primary' : editing?.secondary.includes(id) ? 'secondary' : 'none');
  const setLevel = (id: string, level: Level) => {
    if (!editing) return;
    const primary = editing.primary.filter((x) => x !== id);
    const secondary = editing.secondary.filter((x) => x !== id);
    if (level === 'primary') primary.push(id);
    if (level === 'secondary') secondary.push(id);
    setEditing({ ...editing, primary, secondary });
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
        <table className="table" data-testid="counter-config">
          <thead>
            <tr>
              <th>{tr('Số', 'No.')}</th>
              <th>{tr('Tên', 'Name')}</th>
              <th>{tr('Kỹ năng chính', 'Primary')}</th>
              <th>{tr('Kỹ năng phụ', 'Secondary')}</th>
              <th>{tr('Khu', 'Zone')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {s.counters.map((c) => (
              <tr key={c.id}>
                <td>
                  <strong>{c.number}</strong>
                </td>
                <td>{c.name[lang]}</td>
                <td>
                  {c.primary.map((id) => (
                    <span key={id} className={`chip ${temp.has(`${c.id}:${id}`) ? 'temp' : ''}`}>
                      {code(id)}
                    </span>
                  ))}
                </td>
                <td>
                  {c.secondary.map((id) => (
                    <span key={id} className={`chip ${temp.has(`${c.id}:${id}`) ? 'temp' : ''}`}>
                      {code(id)}
                    </span>
                  ))}
                </td>
                <td>{c.zone ?? '—'}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => startEdit(c)}>
                    {tr('Sửa', 'Edit')}
                  </button>
                  <button type="button" className="link danger" onClick={() => void remove(c)}>
                    {tr('Xoá', 'Delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {msg && (
          <p className={msg.ok ? 'okmsg' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid="counter-msg">
            {msg.text}
          </p>
        )}
      </section>

      {editing && (
        <form
          className="card"
          aria-label={tr('Sửa quầy', 'Edit counter')}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2>{editing.id ? tr(`Sửa quầy ${editing.number}`, `Edit counter ${editing.number}`) : tr('Quầy mới', 'New counter')}</h2>
          <div className="grid4">
            <label>
              {tr('Số quầy', 'Number')}
              <input type="number" min={1} max={999} value={editing.number} onChange={(e) => setEditing({ ...editing, number: Number(e.target.value) })} required />
            </label>
            <label>
              {tr('Tên (tiếng Việt)', 'Name (Vietnamese)')}
              <input value={editing.name.vi} onChange={(e) => setEditing({ ...editing, name: { ...editing.name, vi: e.target.value } })} required />
            </label>
            <label>
              {tr('Tên (tiếng Anh)', 'Name (English)')}
              <input value={editing.name.en} onChange={(e) => setEditing({ ...editing, name: { ...editing.name, en: e.target.value } })} required />
            </label>
            <label>
              {tr('Khu', 'Zone')}
              <input value={editing.zone ?? ''} onChange={(e) => setEditing({ ...editing, zone: e.target.value || null })} />
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
          <div className="row-end">
            <button type="button" onClick={() => setEditing(null)}>
              {tr('Huỷ', 'Cancel')}
            </button>
            <button type="submit" className="primary">
              {tr('Lưu quầy', 'Save counter')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
