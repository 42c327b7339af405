/**
 * Lockout alerts: the hub pushes `manager:lockout` when sign-in or pairing is locked after
 * repeated wrong attempts (an account, a client address, or the outstanding pairing codes). Each
 * is shown until it ends, is unlocked ("Mở khoá" → `manager:unlock`) or dismissed. A lockout of
 * the pairing codes has nothing to unlock: the codes were voided, new ones are created as usual.
 */
import { useEffect, useState } from 'react';
import type { LockoutAlert } from '@motcua/shared';
import { call, type HubSocket } from './hub';
import { fmtTime, useTr, type TextKey } from './i18n';

const TEXT: Record<LockoutAlert['scope'], TextKey> = {
  account: 'lockoutAccount',
  login_address: 'lockoutLoginAddress',
  pairing_address: 'lockoutPairingAddress',
  pairing_codes: 'lockoutPairingCodes',
};

interface Shown {
  alert: LockoutAlert;
  busy: boolean;
  error: string | null;
}

const idOf = (a: LockoutAlert): string => `${a.scope}:${a.key ?? ''}`;

export function Lockouts(props: { socket: HubSocket; hubNow: number; timeZone: string }) {
  const { t } = useTr();
  const [shown, setShown] = useState<Shown[]>([]);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    const onLockout = (alert: LockoutAlert): void => {
      // A repeated lockout of the same account or address replaces the earlier alert.
      setShown((list) => [...list.filter((s) => idOf(s.alert) !== idOf(alert)), { alert, busy: false, error: null }]);
    };
    props.socket.on('manager:lockout', onLockout);
    return () => {
      props.socket.off('manager:lockout', onLockout);
    };
  }, [props.socket]);

  // Voided pairing codes have no end time (until is the moment they were voided): shown until dismissed.
  const live = shown.filter((s) => s.alert.scope === 'pairing_codes' || s.alert.until > props.hubNow);
  if (live.length === 0 && !done) return null;

  const update = (id: string, patch: Partial<Shown>): void => setShown((list) => list.map((s) => (idOf(s.alert) === id ? { ...s, ...patch } : s)));
  const remove = (id: string): void => setShown((list) => list.filter((s) => idOf(s.alert) !== id));
  const unlock = async (a: LockoutAlert): Promise<void> => {
    const id = idOf(a);
    if (a.key === null) return;
    update(id, { busy: true, error: null });
    const r = await call(props.socket, 'manager:unlock', a.scope === 'account' ? { username: a.key } : { address: a.key });
    if (r.ok) {
      remove(id);
      setDone(t('lockoutUnlocked', { key: a.key }));
    } else update(id, { busy: false, error: r.error.message });
  };

  return (
    <div className="lockouts" data-testid="lockouts">
      {live.map(({ alert: a, busy, error }) => (
        <div key={idOf(a)} className="banner bad lockout" role="alert" data-testid={`lockout-${a.scope}`}>
          <span>
            <strong>{t('lockoutTitle')}</strong> {t(TEXT[a.scope], { key: a.key ?? '', until: fmtTime(a.until, props.timeZone) })}
          </span>
          {error && <span className="error"> {error}</span>}
          <span className="actions">
            {a.key !== null && (
              <button type="button" className="primary" disabled={busy} onClick={() => void unlock(a)} data-testid="lockout-unlock">
                {t('lockoutUnlock')}
              </button>
            )}
            <button type="button" onClick={() => remove(idOf(a))} data-testid="lockout-dismiss">
              {t('lockoutDismiss')}
            </button>
          </span>
        </div>
      ))}
      {done && (
        <div className="banner ok" role="status" data-testid="lockout-done">
          {done}{' '}
          <button type="button" onClick={() => setDone(null)}>
            {t('lockoutDismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
