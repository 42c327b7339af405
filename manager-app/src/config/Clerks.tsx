/** Clerks and managers: accounts, roles, active flag, password or PIN (hashed by the hub). */
import type { SaveClerk } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { useTr } from '../i18n';
import { useConfig } from '../useConfig';
import { EditForm, ListTable, OutcomeMsg, RowActions, useEditor, useOutcome } from './form';

export function Clerks({ ctx }: { ctx: AppContext }) {
  const { tr } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config, reload } = useConfig(socket, s);
  const outcome = useOutcome();
  const clerk = useEditor(
    outcome,
    (d: SaveClerk) => call(socket, 'manager:saveClerk', { ...d, password: d.password ? d.password : undefined }),
    (saved) => tr(`Đã lưu tài khoản ${saved.username}.`, `Account ${saved.username} saved.`),
    reload,
  );
  const editing = clerk.draft;
  const atCounter = (clerkId: string) => s.counters.find((c) => c.clerkId === clerkId)?.number;

  return (
    <div className="stack">
      <section className="card">
        <div className="row-between">
          <h2>{tr('Cán bộ và quyền', 'Clerks and roles')}</h2>
          <button type="button" className="primary" onClick={() => clerk.edit({ username: '', displayName: '', role: 'clerk', active: true, password: '' })}>
            {tr('Thêm cán bộ', 'Add clerk')}
          </button>
        </div>
        <ListTable testId="clerks" headers={[tr('Tên đăng nhập', 'Username'), tr('Họ tên', 'Name'), tr('Vai trò', 'Role'), tr('Trạng thái', 'Status'), tr('Đang ở quầy', 'At counter')]}>
          {config?.clerks.map((c) => (
            <tr key={c.id} className={c.active ? '' : 'inactive'}>
              <td>
                <code>{c.username}</code>
              </td>
              <td>{c.displayName}</td>
              <td>{c.role === 'manager' ? tr('Quản lý', 'Manager') : tr('Cán bộ một cửa', 'Clerk')}</td>
              <td>{c.active ? tr('Hoạt động', 'Active') : tr('Đã khoá', 'Disabled')}</td>
              <td>{atCounter(c.id) ?? '—'}</td>
              <RowActions onEdit={() => clerk.edit({ id: c.id, username: c.username, displayName: c.displayName, role: c.role, active: c.active, password: '' })} />
            </tr>
          ))}
        </ListTable>
        <OutcomeMsg msg={outcome.msg} />
      </section>
      {editing && (
        <EditForm editor={clerk} variant="card">
          <h2>{editing.id ? tr('Sửa tài khoản', 'Edit account') : tr('Tài khoản mới', 'New account')}</h2>
          <div className="grid4">
            <label>
              {tr('Tên đăng nhập', 'Username')}
              <input value={editing.username} onChange={(e) => clerk.patch({ username: e.target.value.toLowerCase() })} required />
            </label>
            <label>
              {tr('Họ tên', 'Full name')}
              <input value={editing.displayName} onChange={(e) => clerk.patch({ displayName: e.target.value })} required />
            </label>
            <label>
              {tr('Vai trò', 'Role')}
              <select value={editing.role} onChange={(e) => clerk.patch({ role: e.target.value as 'clerk' | 'manager' })}>
                <option value="clerk">{tr('Cán bộ một cửa', 'Clerk')}</option>
                <option value="manager">{tr('Quản lý', 'Manager')}</option>
              </select>
            </label>
            <label>
              {editing.id ? tr('Mật khẩu/PIN mới (để trống: giữ nguyên)', 'New password/PIN (blank: keep)') : tr('Mật khẩu/PIN', 'Password/PIN')}
              <input type="password" autoComplete="new-password" value={editing.password ?? ''} onChange={(e) => clerk.patch({ password: e.target.value })} required={!editing.id} minLength={4} />
            </label>
          </div>
          <label className="inline">
            <input type="checkbox" checked={editing.active} onChange={(e) => clerk.patch({ active: e.target.checked })} /> {tr('Được phép đăng nhập', 'May sign in')}
          </label>
        </EditForm>
      )}
    </div>
  );
}
