/** Clerks and managers: accounts, roles, active flag, password or PIN (hashed by the hub). */
import type { SaveClerk } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { useTr } from '../i18n';
import { useConfig } from '../useConfig';
import { EditForm, ListTable, OutcomeMsg, RowActions, useEditor, useOutcome } from './form';

export function Clerks({ ctx }: { ctx: AppContext }) {
  const { t } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config, reload } = useConfig(socket, s);
  const outcome = useOutcome();
  const clerk = useEditor(
    outcome,
    (d: SaveClerk) => call(socket, 'manager:saveClerk', { ...d, password: d.password ? d.password : undefined }),
    (saved) => t('accountSaved', { username: saved.username }),
    reload,
  );
  const editing = clerk.draft;
  const atCounter = (clerkId: string) => s.counters.find((c) => c.clerkId === clerkId)?.number;

  return (
    <div className="stack">
      <section className="card">
        <div className="row-between">
          <h2>{t('clerksAndRoles')}</h2>
          <button type="button" className="primary" onClick={() => clerk.edit({ username: '', displayName: '', role: 'clerk', active: true, password: '' })}>
            {t('addClerk')}
          </button>
        </div>
        <ListTable testId="clerks" headers={[t('username'), t('fullName'), t('role'), t('status'), t('atCounter')]}>
          {config?.clerks.map((c) => (
            <tr key={c.id} className={c.active ? '' : 'inactive'}>
              <td>
                <code>{c.username}</code>
              </td>
              <td>{c.displayName}</td>
              <td>{c.role === 'manager' ? t('manager') : t('clerkOneStop')}</td>
              <td>{c.active ? t('activeState') : t('disabled')}</td>
              <td>{atCounter(c.id) ?? '—'}</td>
              <RowActions onEdit={() => clerk.edit({ id: c.id, username: c.username, displayName: c.displayName, role: c.role, active: c.active, password: '' })} />
            </tr>
          ))}
        </ListTable>
        <OutcomeMsg msg={outcome.msg} />
      </section>
      {editing && (
        <EditForm editor={clerk} variant="card">
          <h2>{editing.id ? t('editAccount') : t('newAccount')}</h2>
          <div className="grid4">
            <label>
              {t('username')}
              <input value={editing.username} onChange={(e) => clerk.patch({ username: e.target.value.toLowerCase() })} required />
            </label>
            <label>
              {t('fullName')}
              <input value={editing.displayName} onChange={(e) => clerk.patch({ displayName: e.target.value })} required />
            </label>
            <label>
              {t('role')}
              <select value={editing.role} onChange={(e) => clerk.patch({ role: e.target.value as 'clerk' | 'manager' })}>
                <option value="clerk">{t('clerkOneStop')}</option>
                <option value="manager">{t('manager')}</option>
              </select>
            </label>
            <label>
              {editing.id ? t('newPasswordPinBlankKeep') : t('passwordPin')}
              <input type="password" autoComplete="new-password" value={editing.password ?? ''} onChange={(e) => clerk.patch({ password: e.target.value })} required={!editing.id} minLength={4} />
            </label>
          </div>
          <label className="inline">
            <input type="checkbox" checked={editing.active} onChange={(e) => clerk.patch({ active: e.target.checked })} /> {t('maySignIn')}
          </label>
        </EditForm>
      )}
    </div>
  );
}
