/**
 * The centre manager's app: sign in, then the live dashboard, configuration, reports and the
 * audit log. One socket to the hub; live state is the shared snapshot + deltas client, and hub
 * time is estimated from the hub's own timestamps so waits are measured on the hub's clock.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createLiveState, HEALTH_OK, watchHubHealth, type AlarmState, type CityClockOffset, type ClockJump, type HubHealth, type Lang, type RetentionHold, type Snapshot } from '@motcua/shared';
import { authFor, call, connectHub, errorText, savedToken, saveToken, type HubSocket } from './hub';
import { fmtTime, LangProvider, translate, useLang, useTr } from './i18n';
import { Login } from './Login';
import { Dashboard } from './Dashboard';
import { ConfigPage } from './config/ConfigPage';
import { Reports } from './Reports';
import { Audit } from './Audit';
import { Lockouts } from './Lockouts';
import { TeamAssignments } from './TeamAssignments';
import { alarmsFresh } from './alarm-groups';

export interface AppContext {
  socket: HubSocket;
  snapshot: Snapshot;
  /** Hub time now (ms), ticking. */
  hubNow: number;
  alarms: AlarmState | null;
  /** Whether the live data can be trusted: connected, and the alarms confirmed by the hub recently (alarm-groups.ts). */
  fresh: boolean;
  /** Client time the alarms were last confirmed by the hub (null: never). */
  alarmsAt: number | null;
}

type Route = 'dashboard' | 'config' | 'reports' | 'audit';
const ROUTES: { id: Route; vi: string; en: string }[] = [
  { id: 'dashboard', ...translate.both('routeLive') },
  { id: 'config', ...translate.both('routeConfiguration') },
  { id: 'reports', ...translate.both('routeReports') },
  { id: 'audit', ...translate.both('routeAuditLog') },
];

function routeFromHash(): { route: Route; sub: string } {
  const [, r = 'dashboard', sub = ''] = window.location.hash.split('/');
  return { route: (ROUTES.some((x) => x.id === r) ? r : 'dashboard') as Route, sub };
}

export function App() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('motcua.lang') === 'en' ? 'en' : 'vi'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('motcua.lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const [token, setToken] = useState<string | null>(() => savedToken());
  const socket = useMemo(() => connectHub(token), [token]);
  const live = useMemo(() => createLiveState(socket, () => Date.now()), [socket]);
  const subscribe = useCallback((l: () => void) => live.subscribe(l), [live]);
  const getView = useCallback(() => live.get(), [live]);
  const view = useSyncExternalStore(subscribe, getView);
  const [alarms, setAlarms] = useState<{ state: AlarmState; at: number } | null>(null);
  const [tick, setTick] = useState(() => Date.now());
  const [nav, setNav] = useState(routeFromHash);
  const [health, setHealth] = useState<HubHealth>(HEALTH_OK);
  useEffect(() => watchHubHealth(socket, setHealth), [socket]);
  const [retentionHold, setRetentionHold] = useState<RetentionHold | null>(null);
  const [retentionError, setRetentionError] = useState<string | null>(null);
  const [clockJump, setClockJump] = useState<ClockJump | null>(null);
  const [cityClock, setCityClock] = useState<CityClockOffset | null>(null);
  useEffect(() => {
    const onHold = (h: RetentionHold | null): void => setRetentionHold(h);
    socket.on('manager:retention', onHold);
    socket.on('manager:clockJump', setClockJump);
    socket.on('manager:cityClock', setCityClock);
    return () => {
      socket.off('manager:retention', onHold);
      socket.off('manager:clockJump', setClockJump);
      socket.off('manager:cityClock', setCityClock);
    };
  }, [socket]);

  useEffect(() => {
    /** Back to a guest connection (the sign-in form); socket.io does not retry a refused or ended one by itself. */
    const asGuest = () => {
      saveToken(null);
      socket.auth = authFor(null);
      setToken(null);
      if (!socket.active) socket.connect();
    };
    const onError = (e: Error) => {
      // A token the hub no longer knows (expired, signed out elsewhere): start again as a guest.
      if (e.message === 'unauthenticated') asGuest();
    };
    const onAlarms = (state: AlarmState) => setAlarms({ state, at: Date.now() });
    const onEnded = () => asGuest();
    socket.on('connect_error', onError);
    socket.on('manager:alarms', onAlarms);
    socket.on('session:ended', onEnded);
    return () => {
      live.close();
      socket.close();
    };
  }, [socket, live]);

  const signedIn = view.snapshot?.role === 'manager';
  // The hub pushes alarms when they change; asking again every 15 s confirms a quiet panel is still
  // true (and notices when the hub stopped answering: the panel then says its data is stale).
  useEffect(() => {
    if (!signedIn || !view.connected) return;
    const ask = () =>
      void call(socket, 'manager:alarms', {}).then((r) => {
        if (r.ok) setAlarms({ state: r.data, at: Date.now() });
      });
    ask();
    const t = setInterval(ask, 15_000);
    return () => clearInterval(t);
  }, [signedIn, socket, view.connected]);

  useEffect(() => {
    if (!signedIn) return;
    void call(socket, 'manager:retention', {}).then((r) => {
      if (r.ok) setRetentionHold(r.data);
    });
  }, [signedIn, socket]);

  useEffect(() => {
    const t = setInterval(() => setTick(Date.now()), 1000);
    const onHash = () => setNav(routeFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      clearInterval(t);
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  // Hub time: the newest of the snapshot/delta stamp and the alarm push, advanced by local time since.
  const s = view.snapshot;
  // `tick` moves once a second, so it can be older than the last update: never count time backwards
  // (a wait of 21 min exactly read as 20 min 59 s, shown as "20 phút").
  const fromState = s ? s.now + Math.max(0, tick - view.updatedAt) : tick;
  const fromAlarms = alarms ? alarms.state.now + Math.max(0, tick - alarms.at) : -Infinity;
  const hubNow = alarms && alarms.at > view.updatedAt ? fromAlarms : fromState;

  const onSignedIn = (tok: string) => {
    saveToken(tok);
    // The socket was opened as a guest: from now on it reconnects with the session (hub restart).
    socket.auth = authFor(tok);
    live.refresh();
  };
  const signOut = async () => {
    await call(socket, 'auth:logout', {});
    saveToken(null);
    setToken(null);
  };

  const langValue = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return (
    <LangProvider value={langValue}>
      <Shell
        connected={view.connected}
        centre={s?.centre.name[lang] ?? null}
        signedIn={signedIn}
        route={nav.route}
        onSignOut={() => void signOut()}
        alarmCount={signedIn ? (alarms?.state.alarms.length ?? 0) : 0}
        breachCount={signedIn ? (alarms?.state.alarms.filter((a) => a.level === 'breach').length ?? 0) : 0}
      >
        {health.storage === 'unavailable' && (
          <div className="banner bad" role="alert" data-testid="storage-alarm">
            <strong>{translate(lang, 'storageDownTitle')}</strong> {translate(lang, 'storageDownBody', { since: fmtTime(health.since ?? hubNow, s?.centre.timeZone ?? 'Asia/Ho_Chi_Minh'), code: health.code ?? '' })}
          </div>
        )}
        {signedIn && clockJump && (
          <div className="banner warn" role="alert" data-testid="clock-jump">
            <strong>{translate(lang, 'clockJumpTitle')}</strong>{' '}
            {translate(lang, clockJump.deltaMs > 0 ? 'clockJumpForward' : 'clockJumpBack', { minutes: Math.max(1, Math.round(Math.abs(clockJump.deltaMs) / 60_000)), at: fmtTime(clockJump.at, s?.centre.timeZone ?? 'Asia/Ho_Chi_Minh') })}{' '}
            <button type="button" onClick={() => setClockJump(null)}>
              {translate(lang, 'dismiss')}
            </button>
          </div>
        )}
        {signedIn && cityClock && (
          <div className="banner warn" role="alert" data-testid="city-clock">
            <strong>{translate(lang, 'cityClockTitle')}</strong>{' '}
            {translate(lang, cityClock.offsetMs > 0 ? 'cityClockBehind' : 'cityClockAhead', { minutes: Math.max(1, Math.round(Math.abs(cityClock.offsetMs) / 60_000)) })}{' '}
            <button type="button" onClick={() => setCityClock(null)}>
              {translate(lang, 'dismiss')}
            </button>
          </div>
        )}
        {signedIn && retentionHold && (
          <div className="banner warn" role="alert" data-testid="retention-hold">
            <strong>{translate(lang, retentionHold.reason === 'clock_ahead' ? 'retentionHeldClock' : 'retentionHeldBacklog')}</strong>{' '}
            {translate(lang, retentionHold.reason === 'clock_ahead' ? 'retentionHeldClockBody' : 'retentionHeldBacklogBody', {
              days: [...new Set([...retentionHold.personalDays, ...retentionHold.historyDays])].join(', '),
              newest: retentionHold.newestEventAt === null ? '—' : new Date(retentionHold.newestEventAt).toISOString().slice(0, 10),
              now: new Date(retentionHold.now).toISOString().slice(0, 10),
            })}{' '}
            <button
              type="button"
              onClick={() =>
                void call(socket, 'manager:confirmRetention', {}).then((r) => {
                  setRetentionError(r.ok ? null : errorText(r.error, lang));
                  if (r.ok) setRetentionHold(null);
                })
              }
            >
              {translate(lang, 'retentionConfirm')}
            </button>
            {retentionError && <span className="error"> {retentionError}</span>}
          </div>
        )}
        {!s ? (
          <p className="muted">{view.error ?? (view.connected ? '…' : translate(lang, 'reconnecting'))}</p>
        ) : !signedIn ? (
          <Login socket={socket} onSignedIn={onSignedIn} />
        ) : (
          <>
            <Lockouts socket={socket} hubNow={hubNow} timeZone={s.centre.timeZone} />
            <TeamAssignments socket={socket} counters={s.counters} />
            <Page route={nav.route} sub={nav.sub} ctx={{ socket, snapshot: s, hubNow, alarms: alarms?.state ?? null, fresh: alarmsFresh(view.connected, alarms?.at ?? null, tick), alarmsAt: alarms?.at ?? null }} />
          </>
        )}
      </Shell>
    </LangProvider>
  );
}

function Page({ route, sub, ctx }: { route: Route; sub: string; ctx: AppContext }) {
  switch (route) {
    case 'dashboard':
      return <Dashboard ctx={ctx} />;
    case 'config':
      return <ConfigPage ctx={ctx} tab={sub} />;
    case 'reports':
      return <Reports ctx={ctx} />;
    case 'audit':
      return <Audit ctx={ctx} />;
  }
}

function Shell(props: { connected: boolean; centre: string | null; signedIn: boolean; route: Route; onSignOut: () => void; alarmCount: number; breachCount: number; children: ReactNode }) {
  const { t, lang } = useTr();
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <strong>{t('oneStopManager')}</strong>
          <span className="centre">{props.centre ?? translate(lang, 'centreTitle')}</span>
        </div>
        {props.signedIn && (
          <nav>
            {ROUTES.map((r) => (
              <a key={r.id} href={`#/${r.id}`} className={props.route === r.id ? 'active' : ''}>
                {lang === 'vi' ? r.vi : r.en}
                {r.id === 'dashboard' && props.alarmCount > 0 && (
                  <span className={`badge ${props.breachCount > 0 ? 'bad' : 'warn'}`} data-testid="alarm-badge">
                    {props.alarmCount}
                  </span>
                )}
              </a>
            ))}
          </nav>
        )}
        <div className="tools">
          <span className={`dot ${props.connected ? 'on' : 'off'}`} title={props.connected ? t('connected') : t('disconnected')} />
          <LangSwitch />
          {props.signedIn && (
            <button type="button" className="ghost" onClick={props.onSignOut}>
              {translate(lang, 'signOut')}
            </button>
          )}
        </div>
      </header>
      {!props.connected && props.signedIn && <div className="banner warn">{translate(lang, 'reconnecting')}</div>}
      <main>{props.children}</main>
    </div>
  );
}

function LangSwitch() {
  const { lang, setLang } = useLang();
  return (
    <div className="seg" role="group" aria-label={`${translate('vi', 'language')} / ${translate('en', 'language')}`}>
      <button type="button" className={lang === 'vi' ? 'on' : ''} onClick={() => setLang('vi')}>
        VI
      </button>
      <button type="button" className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')}>
        EN
      </button>
    </div>
  );
}
