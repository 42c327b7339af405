/**
 * Mobile support team members the city sends to this ward (city → hub channel): each pending one
 * is shown with its fields and hours to accept at a counter or decline (`manager:decideTeamAssignment`);
 * accepting shows the temporary clerk's sign-in name and PIN once (the hub keeps only its hash).
 * Loaded with `manager:teamAssignments` and kept current by the `manager:teamAssignment` push.
 */
import { useEffect, useState } from 'react';
import type { Counter, TeamAssignmentView } from '@motcua/shared';
import { call, type HubSocket } from './hub';
import { useTr } from './i18n';

interface Shown {
  a: TeamAssignmentView;
  counterId: string;
  busy: boolean;
  error: string | null;
}

export function TeamAssignments(props: { socket: HubSocket; counters: readonly Counter[] }) {
  const { t } = useTr();
  const [list, setList] = useState<Shown[]>([]);
  const [pin, setPin] = useState<{ username: string; pin: string } | null>(null);

  useEffect(() => {
    const merge = (a: TeamAssignmentView): void =>
      setList((l) => (l.some((s) => s.a.id === a.id) ? l.map((s) => (s.a.id === a.id ? { ...s, a } : s)) : [...l, { a, counterId: '', busy: false, error: null }]));
    void call(props.socket, 'manager:teamAssignments', {}).then((r) => {
      if (r.ok) for (const a of r.data) merge(a);
    });
    props.socket.on('manager:teamAssignment', merge);
    return () => {
      props.socket.off('manager:teamAssignment', merge);
    };
  }, [props.socket]);

  const shown = list.filter((s) => s.a.state === 'pending' || s.a.state === 'accepted');
  if (shown.length === 0 && !pin) return null;
  const update = (id: string, patch: Partial<Shown>): void => setList((l) => l.map((s) => (s.a.id === id ? { ...s, ...patch } : s)));
  const decide = async (s: Shown, accept: boolean): Promise<void> => {
    update(s.a.id, { busy: true, error: null });
    const r = await call(props.socket, 'manager:decideTeamAssignment', accept ? { id: s.a.id, accept, counterId: s.counterId } : { id: s.a.id, accept });
    if (!r.ok) return update(s.a.id, { busy: false, error: r.error.message });
    update(s.a.id, { busy: false, a: r.data.assignment });
    if (r.data.pin && r.data.assignment.clerkUsername) setPin({ username: r.data.assignment.clerkUsername, pin: r.data.pin });
  };
  const counterName = (id: string | null): string => {
    const c = props.counters.find((x) => x.id === id);
    return c ? String(c.number) : '';
  };

  return (
    <div className="team-assignments" data-testid="team-assignments">
      {shown.map((s) => (
        <div key={s.a.id} className={`banner ${s.a.state === 'pending' ? 'warn' : 'ok'} team-assignment`} role="status" data-testid={`team-${s.a.id}`}>
          <span>
            <strong>{t('teamTitle')}</strong> {t('teamWho', { name: s.a.staffName, fields: s.a.fieldCodes.join(', '), day: s.a.day, from: s.a.from, to: s.a.to })}
            {s.a.note && <em> — {s.a.note}</em>}
            {s.a.state === 'accepted' && <> {t('teamAccepted', { username: s.a.clerkUsername ?? '', counter: counterName(s.a.counterId) })}</>}
          </span>
          {s.error && <span className="error"> {s.error}</span>}
          {s.a.state === 'pending' && (
            <span className="actions">
              <select aria-label={t('teamCounter')} value={s.counterId} onChange={(e) => update(s.a.id, { counterId: e.target.value })} data-testid="team-counter">
                <option value="">{t('teamCounter')}</option>
                {props.counters.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.number}
                  </option>
                ))}
              </select>
              <button type="button" className="primary" disabled={s.busy || !s.counterId} onClick={() => void decide(s, true)} data-testid="team-accept">
                {t('teamAccept')}
              </button>
              <button type="button" disabled={s.busy} onClick={() => void decide(s, false)} data-testid="team-decline">
                {t('teamDecline')}
              </button>
            </span>
          )}
        </div>
      ))}
      {pin && (
        <div className="banner ok" role="alert" data-testid="team-pin">
          {t('teamPin', { username: pin.username, pin: pin.pin })}{' '}
          <button type="button" onClick={() => setPin(null)}>
            {t('teamPinDone')}
          </button>
        </div>
      )}
    </div>
  );
}
