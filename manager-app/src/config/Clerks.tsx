/** Clerks and managers: accounts, roles, active flag, password or PIN (hashed by the hub). */
import { useState } from 'react';
import type { SaveClerk } from '@motcua/shared';
import type { AppContext } from '../App';
import { call, errorText } from '../hub';
import { useTr } from '../i18n';
import { useConfig } from '../useConfig';

export function Clerks({ ctx }: { ctx: AppContext }) {
  const { tr, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config, reload } = useConfig(socket, s);
  const [editing, setEditing] = useState<SaveClerk | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const atCounter = (clerkId: string) => s.counters.find((c) => c.clerkId === clerkId)?.number;

  const save = async () => {
    if (!editing) return;
    const input = { ...editing, password: editing.password ? editing.password : undefined };
    const r = await call(socket, 'manager:saveClerk', input);
    if (r.ok) {
      setMsg({ ok: true, text: tr(`Đã lưu tài khoản ${r.data.username}.`, `Account ${r.data.username} saved.`) });
      setEditing(null);
      reload();
    } else setMsg({ ok: false, text: errorText(r.error, lang) });
  };

  return (
    <div className="stack">
      <section className="card">
        <div className="row-between">
          <h2>{tr('Cán bộ và quyền', 'Clerks and roles')}</h2>
          <button type="button" className="primary" onClick={() => setEditing({ username: '', displayName: '', role: 'clerk', active: true, password: '' })}>
            {tr('Thêm cán bộ', 'Add clerk')}
          </button>
        </div>
        <table className="table" data-testid="clerks">
          <thead>
            <tr>
              <th>{tr('Tên đăng nhập', 'Username')}</th>
              <th>{tr('Họ tên', 'Name')}</th>
              <th>{tr('Vai trò', 'Role')}</th>
              <th>{tr('Trạng thái', 'Status')}</th>
              <th>{tr('Đang ở quầy', 'At counter')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {config?.clerks.map((c) => (
              <tr key={c.id} className={c.active ? '' : 'inactive'}>
                <td>
                  <code>{c.username}</code>
                </td>
                <td>{c.displayName}</td>
                <td>{c.role === 'manager' ? tr('Quản lý', 'Manager') : tr('Cán bộ một cửa', 'Clerk')}</td>
                <td>{c.active ? tr('Hoạt động', 'Active') : tr('Đã khoá', 'Disabled')}</td>
                <td>{atCounter(c.id) ?? '—'}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setEditing({ id: c.id, username: c.username, displayName: c.displayName, role: c.role, active: c.active, password: '' })}>
                    {tr('Sửa', 'Edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {msg && (
          <p className={msg.ok ? 'okmsg' : 'error'} role={msg.ok ? 'status' : 'alert'}>
            {msg.text}
          </p>
        )}
      </section>
      {editing && (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2>{editing.id ? tr('Sửa tài khoản', 'Edit account') : tr('Tài khoản mới', 'New account')}</h2>
          <div className="grid4">
            <label>
              {tr('Tên đăng nhập', 'Username')}
              <input value={editing.username} onChange={(e) => setEditing({ ...editing, username: e.target.value.toLowerCase() })} required />
            </label>
            <label>
              {tr('Họ tên', 'Full name')}
              <input value={editing.displayName} onChange={(e) => setEditing({ ...editing, displayName: e.target.value })} required />
            </label>
            <label>
              {tr('Vai trò', 'Role')}
              <select value={editing.role} onChange={(e) => setEditing({ ...editing, role: e.target.value as 'clerk' | 'manager' })}>
                <option value="clerk">{tr('Cán bộ một cửa', 'Clerk')}</option>
                <option value="manager">{tr('Quản lý', 'Manager')}</option>
              </select>
            </label>
            <label>
              {editing.id ? tr('Mật khẩu/PIN mới (để trống: giữ nguyên)', 'New password/PIN (blank: keep)') : tr('Mật khẩu/PIN', 'Password/PIN')}
              <input type="password" autoComplete="new-password" value={editing.password ?? ''} onChange={(e) => setEditing({ ...editing, password: e.target.value })} required={!editing.id} minLength={4} />
            </label>
          </div>
          <label className="inline">
            <input type="checkbox" checked={editing.active} onChange={(e) => setEditing({ ...editing, active: e.target.checked })} /> {tr('Được phép đăng nhập', 'May sign in')}
          </label>
          <div className="row-end">
            <button type="button" onClick={() => setEditing(null)}>
              {tr('Huỷ', 'Cancel')}
            </button>
            <button type="submit" className="primary">
              {tr('Lưu', 'Save')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
