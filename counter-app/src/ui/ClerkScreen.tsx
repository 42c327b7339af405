/**
 * The clerk's screen: the citizen at the counter, the queue this counter may serve, the actions
 * (each with a key), and today's figures. Every action is an acknowledged command; while one is in
 * flight every action is disabled, and a refusal is shown and the screen refreshed from the hub.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatNumber, formatWait, PRIORITY_LABELS, servesService, type ClerkToday, type Lang, type LiveTicket, type PlaceAndWait, type Snapshot, type Ticket } from '@motcua/shared';
import { errorText, send, type CommandResult, type CounterSocket, type StoredSession } from '../hub';
import { clockText, minutesText, tr, type TextKey } from '../i18n';
import { citizenName, counterView, enabledActions, type CounterView, type QueueEntry } from '../logic/counter-view';
import { actionForKey, hintFor, isAccidentalRepeat, keyContext, type CounterAction } from '../logic/shortcuts';
import { estimateHubNow, waitLevel, waitMinutes } from '../logic/wait';
import type { HubConn } from './useHub';
import { AdvicePanel } from './AdvicePanel';
import { DeviceStatus } from './DeviceStatus';
import { LangSwitch } from './LangSwitch';
import { PauseDialog, TransferDialog, type TransferTarget } from './dialogs';
import { DossierEntry } from './DossierEntry';
import { CallTicketDialog, WalkInDialog, type CallTicketChoice } from './call-dialogs';

/** Codes after which the screen may be out of date: fetch a fresh snapshot. */
const REFRESH_ON = new Set(['invalid_state', 'not_found', 'wrong_counter', 'conflict', 'timeout', 'duplicate', 'no_ticket', 'counter_not_open']);

const ACTION_LABEL: Record<Exclude<CounterAction, 'pauseResume' | 'language'>, TextKey> = {
  callNext: 'callNext',
  callTicket: 'callTicket',
  walkIn: 'walkIn',
  recall: 'recall',
  start: 'start',
  finish: 'finish',
  noShow: 'noShow',
  transfer: 'transfer',
  hold: 'hold',
  return: 'returnToQueue',
};

interface RatingStatus {
  ticketId: string;
  number: string;
  until: number;
  done: boolean;
}

export function ClerkScreen({ hub, session, lang, setLang }: { hub: HubConn; session: StoredSession; lang: Lang; setLang: (l: Lang) => void }) {
  const { socket, live, view } = hub;
  const s = view.snapshot;
  const [clientNow, setClientNow] = useState(() => Date.now());
  const [busy, setBusy] = useState<CounterAction | null>(null);
  const busyRef = useRef(false);
  /**
   * A ticket action pressed while another command was still in flight, run when that one answers.
   * The hub pushes the call to this screen before it acknowledges the call, so a clerk can see the
   * citizen just called and press F before "call next" has finished: that press used to be dropped
   * without a word (and tests/counter/clerk-flow.test.ts "finishes with F" timed out under load).
   */
  const queuedRef = useRef<(() => void) | null>(null);
  const inFlightRef = useRef<string | null>(null);
  // Kept as a function of the language, so switching language also translates a message on screen.
  const [error, setErrorState] = useState<{ text: (l: Lang) => string } | null>(null);
  const setError = useCallback((text: ((l: Lang) => string) | null) => setErrorState(text ? { text } : null), []);
  const [noticeState, setNoticeState] = useState<{ text: string; at: number } | null>(null);
  const notice = noticeState?.text ?? null;
  const setNotice = useCallback((text: string | null) => setNoticeState(text === null ? null : { text, at: Date.now() }), []);
  const [dialog, setDialog] = useState<'pause' | 'transfer' | 'callTicket' | 'walkIn' | null>(null);
  const [today, setToday] = useState<ClerkToday | null>(null);
  const [rating, setRating] = useState<RatingStatus | null>(null);
  const openedOnce = useRef(false);
  const lastCallAt = useRef<number | null>(null);

  // Waits grow by the minute: re-render on a short tick.
  useEffect(() => {
    const t = setInterval(() => setClientNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  const hubNow = s ? estimateHubNow(s.now, view.updatedAt, clientNow) : 0;
  const cv = s && s.role !== 'public' ? counterView(s, session.counterId, hubNow) : null;

  const refreshToday = useCallback(() => {
    if (!socket) return;
    void send(socket, 'clerk:today', {}).then((r) => {
      if (r.ok) setToday(r.data);
    });
  }, [socket]);

  useEffect(() => {
    if (view.connected) refreshToday();
  }, [view.connected, refreshToday]);

  useEffect(() => {
    if (!socket) return;
    const onRequest = (req: { ticketId: string; number: string; timeoutSec: number }) => setRating({ ticketId: req.ticketId, number: req.number, until: Date.now() + req.timeoutSec * 1000, done: false });
    const onDone = (info: { ticketId: string }) => {
      setRating((r) => (r && r.ticketId === info.ticketId ? { ...r, done: true, until: Date.now() + 5000 } : r));
      refreshToday();
    };
    socket.on('rating:request', onRequest);
    socket.on('rating:done', onDone);
    return () => {
      socket.off('rating:request', onRequest);
      socket.off('rating:done', onDone);
    };
  }, [socket, refreshToday]);

  useEffect(() => {
    if (rating && clientNow > rating.until) setRating(null);
  }, [rating, clientNow]);

  // A confirmation is for the moment: the keypad or another screen may act next.
  useEffect(() => {
    if (noticeState && clientNow - noticeState.at > 8000) setNoticeState(null);
  }, [noticeState, clientNow]);

  /** Runs one command: one at a time, result always shown. */
  const run = useCallback(
    async <T,>(action: CounterAction, exec: () => Promise<CommandResult<T>>, describe: (data: T) => string): Promise<boolean> => {
      if (busyRef.current) return false;
      busyRef.current = true;
      setBusy(action);
      setError(null);
      const r = await exec();
      busyRef.current = false;
      inFlightRef.current = null;
      setBusy(null);
      const queued = queuedRef.current;
      queuedRef.current = null;
      if (queued) setTimeout(queued, 0);
      if (r.ok) {
        setNotice(describe(r.data));
        refreshToday();
        return true;
      }
      const refresh = REFRESH_ON.has(r.error.code);
      const err = r.error;
      setError((l) => errorText(err, l) + (refresh && err.code !== 'no_ticket' ? ` ${tr(l, 'refreshed')}` : ''));
      setNotice(null);
      if (refresh) live?.refresh();
      return false;
    },
    [lang, live, refreshToday, setNotice, setError],
  );

  // Sign-in opens a closed counter: a clerk who signs in is there to serve.
  useEffect(() => {
    if (!cv || !socket || openedOnce.current || !view.connected) return;
    openedOnce.current = true;
    if (cv.counter.status === 'closed') void run('pauseResume', () => send(socket, 'counter:open', { counterId: session.counterId }), () => tr(lang, 'openedNotice'));
  }, [cv, socket, view.connected, run, session.counterId, lang]);

  const ticketCmd = (action: CounterAction, event: 'ticket:recall' | 'ticket:start' | 'ticket:finish' | 'ticket:noShow' | 'ticket:hold' | 'ticket:return', t: LiveTicket, noticeKey: TextKey) => {
    if (!socket) return;
    const key = `${event}:${t.id}`;
    if (busyRef.current) {
      // Kept for the ticket on screen when it was pressed; the same action twice is still one.
      if (inFlightRef.current !== key) queuedRef.current = () => ticketCmd(action, event, t, noticeKey);
      return;
    }
    inFlightRef.current = key;
    void run(action, () => send(socket, event, { ticketId: t.id }), (d: Ticket) =>
      event === 'ticket:recall' && d.state === 'no_show' ? errorText({ code: 'recall_limit', message: '' }, lang) : `${tr(lang, noticeKey)} ${d.number}`,
    );
  };

  const act = (a: CounterAction) => {
    if (!cv || !socket) return;
    if (a === 'language') {
      setLang(lang === 'vi' ? 'en' : 'vi');
      return;
    }
    const en = enabledActions(cv);
    if (!en[a]) {
      if (a === 'callNext') setNotice(null);
      const paused = cv.counter.status === 'paused';
      if (a === 'callNext') setError((l) => (paused ? `${tr(l, 'pausedBanner')} — ${tr(l, 'pressPResume')}` : tr(l, 'closedBanner')));
      return;
    }
    const cur = cv.current;
    switch (a) {
      case 'callNext':
        if (isAccidentalRepeat(lastCallAt.current, Date.now())) return;
        void run(a, () => send(socket, 'counter:callNext', { counterId: session.counterId }), (t) => {
          lastCallAt.current = Date.now();
          return `${tr(lang, 'calledNotice')} ${t.number}`;
        });
        return;
      case 'recall':
        if (cur) ticketCmd(a, 'ticket:recall', cur, 'recalledNotice');
        return;
      case 'start':
        if (cur) ticketCmd(a, 'ticket:start', cur, 'startedNotice');
        return;
      case 'finish':
        if (cur) ticketCmd(a, 'ticket:finish', cur, 'finishedNotice');
        return;
      case 'noShow':
        if (cur) ticketCmd(a, 'ticket:noShow', cur, 'noShowNotice');
        return;
      case 'hold':
        if (cur) ticketCmd(a, 'ticket:hold', cur, 'heldNotice');
        return;
      case 'return': {
        const h = cv.held[0];
        if (h) ticketCmd(a, 'ticket:return', h, 'returnedNotice');
        return;
      }
      case 'transfer':
        if (!busyRef.current) setDialog('transfer');
        return;
      case 'callTicket':
        if (!busyRef.current) setDialog('callTicket');
        return;
      case 'walkIn':
        if (!busyRef.current) setDialog('walkIn');
        return;
      case 'pauseResume':
        if (cv.counter.status === 'open') setDialog('pause');
        else if (cv.counter.status === 'paused') void run(a, () => send(socket, 'counter:resume', { counterId: session.counterId }), () => tr(lang, 'resumedNotice'));
        else void run(a, () => send(socket, 'counter:open', { counterId: session.counterId }), () => tr(lang, 'openedNotice'));
        return;
    }
  };
  const actRef = useRef(act);
  actRef.current = act;
  const dialogRef = useRef(dialog);
  dialogRef.current = dialog;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = actionForKey(e, keyContext(e.target, dialogRef.current !== null));
      if (!a) return;
      e.preventDefault();
      actRef.current(a);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The ticket being transferred left the counter meanwhile (keypad, manager): close the dialog.
  const hasCurrent = cv?.current != null;
  useEffect(() => {
    if (dialog === 'transfer' && !hasCurrent) setDialog(null);
  }, [dialog, hasCurrent]);

  const returnHeld = (t: LiveTicket) => ticketCmd('return', 'ticket:return', t, 'returnedNotice');

  const transfer = (to: TransferTarget) => {
    const cur = cv?.current;
    setDialog(null);
    if (!cur || !socket) return;
    void run('transfer', () => send(socket, 'ticket:transfer', { ticketId: cur.id, ...to }), (t) => `${tr(lang, 'transferredNotice')} ${t.number}`);
  };
  const callTicket = (c: CallTicketChoice) => {
    setDialog(null);
    if (!socket) return;
    void run('callTicket', () => send(socket, 'counter:callTicket', { counterId: session.counterId, ...c }), (t) => `${tr(lang, 'calledSpecificNotice')} ${t.number}`);
  };
  const walkIn = (serviceId: string) => {
    setDialog(null);
    if (!socket) return;
    // One request id per confirmed walk-in: a retry after a lost answer gets the same ticket.
    const requestId = `walkin-${crypto.randomUUID()}`;
    void run('walkIn', () => send(socket, 'counter:walkIn', { counterId: session.counterId, serviceId, requestId }), (t) => `${tr(lang, 'walkInNotice')} ${t.number}`);
  };
  const pause = (reason: string) => {
    setDialog(null);
    if (!socket) return;
    void run('pauseResume', () => send(socket, 'counter:pause', { counterId: session.counterId, reason }), () => `${tr(lang, 'pausedNotice')}: ${reason}`);
  };

  const signOut = () => {
    if (busyRef.current) return;
    if (window.confirm(tr(lang, 'signOutConfirm'))) void hub.signOut();
  };

  if (s && s.role !== 'public' && !cv) {
    // The counter was removed in the manager app while signed in.
    return (
      <main className="loading" role="alert">
        <p>{errorText({ code: 'not_found', message: '' }, lang)}</p>
        <button type="button" onClick={() => void hub.signOut()}>
          {tr(lang, 'signOut')}
        </button>
      </main>
    );
  }
  if (!s || !cv) {
    return (
      <main className="loading">
        <p>{view.connected ? '…' : tr(lang, 'reconnecting')}</p>
      </main>
    );
  }

  const enabled = enabledActions(cv);
  const canAct = view.connected && busy === null;
  const services = s.services.filter((x) => x.active && s.counters.some((c) => servesService(c, x.id)));
  const serviceName = (id: string) => s.services.find((x) => x.id === id)?.name[lang] ?? id;
  const status = cv.counter.status;

  const actionButton = (a: Exclude<CounterAction, 'pauseResume' | 'language'>, cls = '') => (
    <button key={a} type="button" className={`action ${cls}`} data-action={a} disabled={!canAct || !enabled[a]} onMouseDown={(e) => e.preventDefault()} onClick={() => act(a)}>
      <span className="label">{busy === a ? tr(lang, 'sending') : tr(lang, ACTION_LABEL[a])}</span>
      <kbd>{hintFor(a)}</kbd>
    </button>
  );

  return (
    <div className="clerk">
      <header className="topbar">
        <div className="who">
          <strong className="counter-name">{cv.counter.name[lang]}</strong>
          <span className="clerk-name">{session.clerkName}</span>
          <span className={`pill ${status}`} data-testid="counter-status">
            {status === 'open' ? tr(lang, 'statusOpen') : status === 'paused' ? tr(lang, 'statusPaused') : tr(lang, 'statusClosed')}
          </span>
        </div>
        <div className="skills muted small">
          {cv.counter.primary.map(serviceName).join(', ')}
          {cv.counter.secondary.length > 0 && ` · ${tr(lang, 'secondary')}: ${cv.counter.secondary.map(serviceName).join(', ')}`}
        </div>
        <div className="tools">
          <DeviceStatus lang={lang} />
          <span className={view.connected ? 'conn on' : 'conn off'} role="status">
            {view.connected ? tr(lang, 'online') : tr(lang, 'offline')}
          </span>
          <LangSwitch lang={lang} setLang={setLang} />
          <button type="button" className="signout" onMouseDown={(e) => e.preventDefault()} onClick={signOut} disabled={busy !== null}>
            {tr(lang, 'signOut')}
          </button>
        </div>
      </header>

      {!view.connected && (
        <div className="banner offline" role="alert">
          {tr(lang, 'offline')}
        </div>
      )}
      {status === 'paused' && (
        <div className="banner paused" data-testid="paused-banner">
          {tr(lang, 'pausedBanner')}
          {cv.counter.pauseReason ? `: ${cv.counter.pauseReason}` : ''} — {tr(lang, 'pressPResume')}
        </div>
      )}
      {status === 'closed' && <div className="banner closed">{tr(lang, 'closedBanner')}</div>}
      {error && (
        <div className="banner error" role="alert" data-testid="error">
          {error.text(lang)}
          <button type="button" className="close" aria-label={tr(lang, 'cancel')} onMouseDown={(e) => e.preventDefault()} onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}

      <main className="work">
        <section className="current-panel" aria-label={tr(lang, 'current')}>
          <CurrentTicket v={cv} s={s} lang={lang} hubNow={hubNow} />
          {cv.current && (
            <DossierEntry socket={socket} ticket={cv.current} day={s.day} procedures={s.procedures.filter((p) => p.serviceId === cv.current?.serviceId)} lang={lang} disabled={!view.connected} />
          )}
          <div className="actions">
            {actionButton('callNext', 'big primary')}
            {actionButton('callTicket')}
            {actionButton('walkIn')}
            {actionButton('recall')}
            {actionButton('start')}
            {actionButton('finish', 'good')}
            {actionButton('noShow', 'warn')}
            {actionButton('transfer')}
            {actionButton('hold')}
            {actionButton('return')}
            <button type="button" className="action" data-action="pauseResume" disabled={!canAct} onMouseDown={(e) => e.preventDefault()} onClick={() => act('pauseResume')}>
              <span className="label">{busy === 'pauseResume' ? tr(lang, 'sending') : status === 'open' ? tr(lang, 'pause') : status === 'paused' ? tr(lang, 'resume') : tr(lang, 'open')}</span>
              <kbd>P</kbd>
            </button>
          </div>
          <p className="notice" role="status" data-testid="notice">
            {notice ?? '\u00a0'}
          </p>
          {rating && (
            <p className={rating.done ? 'rating-status done' : 'rating-status'} data-testid="rating-status">
              {rating.done ? tr(lang, 'ratingReceived') : tr(lang, 'ratingWaiting')} <strong>{rating.number}</strong>
              {!rating.done && ` (${Math.max(0, Math.ceil((rating.until - clientNow) / 1000))} ${tr(lang, 'secondsLeft')})`}
            </p>
          )}
        </section>

        <section className="queue-panel" aria-label={tr(lang, 'queue')}>
          <AdvicePanel socket={socket} counterId={session.counterId} lang={lang} />
          <QueueList v={cv} s={s} lang={lang} socket={socket} />
          {cv.held.length > 0 && (
            <div className="held">
              <h2>
                {tr(lang, 'held')} ({cv.held.length})
              </h2>
              <ul>
                {cv.held.map((t, i) => (
                  <li key={t.id} data-testid="held-ticket">
                    <span className="num">{t.number}</span>
                    <span className="svc">{serviceName(t.serviceId)}</span>
                    <button type="button" disabled={!canAct} onMouseDown={(e) => e.preventDefault()} onClick={() => returnHeld(t)}>
                      {tr(lang, 'returnToQueue')} {i === 0 && <kbd>U</kbd>}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </main>

      <footer className="today" data-testid="today">
        <h2>{tr(lang, 'today')}</h2>
        <Figure label={tr(lang, 'served')} value={today ? String(today.served) : '—'} />
        <Figure label={tr(lang, 'noShow')} value={today ? String(today.noShows) : '—'} />
        <Figure label={tr(lang, 'avgService')} value={today ? minutesText(today.avgServiceMin, lang) : '—'} />
        <Figure label={tr(lang, 'avgRating')} value={today?.avgRating != null ? `${formatNumber(today.avgRating, lang, 1, 1)}/${s.centre.rating.scale} (${tr(lang, 'ratingsCount', { n: today.ratings })})` : '—'} />
      </footer>

      {dialog === 'callTicket' && <CallTicketDialog lang={lang} queue={cv.queue} serviceName={serviceName} onConfirm={callTicket} onCancel={() => setDialog(null)} />}
      {dialog === 'walkIn' && (
        <WalkInDialog lang={lang} services={s.services.filter((x) => x.active && servesService(cv.counter, x.id))} onConfirm={walkIn} onCancel={() => setDialog(null)} />
      )}
      {dialog === 'pause' && <PauseDialog lang={lang} onConfirm={pause} onCancel={() => setDialog(null)} />}
      {dialog === 'transfer' && cv.current && (
        <TransferDialog
          lang={lang}
          number={cv.current.number}
          services={services.filter((x) => x.id !== cv.current?.serviceId)}
          counters={s.counters.filter((c) => c.id !== session.counterId)}
          onConfirm={transfer}
          onCancel={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure">
      <span className="muted small">{label}</span>
      <strong>{value}</strong>
    </div>
  );
}

function CurrentTicket({ v, s, lang, hubNow }: { v: CounterView; s: Snapshot; lang: Lang; hubNow: number }) {
  const t = v.current;
  if (!t) {
    return (
      <div className="current empty" data-testid="current">
        <p className="big-muted">{tr(lang, 'nobody')}</p>
        {v.counter.status === 'open' && <p className="muted">{tr(lang, 'pressToCall')}</p>}
      </div>
    );
  }
  const service = s.services.find((x) => x.id === t.serviceId);
  const procedure = t.procedureId ? s.procedures.find((p) => p.id === t.procedureId) : null;
  const waited = waitMinutes(t, t.calledAt ?? hubNow);
  const level = waitLevel(waited, v.targetMin, v.warnMin);
  const servingMin = Math.max(0, Math.floor((hubNow - (t.startedAt ?? t.calledAt ?? hubNow)) / 60_000));
  const name = citizenName(t);
  return (
    <div className={`current ${t.state}`} data-testid="current" data-ticket-id={t.id}>
      <div className="current-head">
        <span className="current-number" data-testid="current-number">
          {t.number}
        </span>
        <span className={`pill ${t.state}`}>{t.state === 'called' ? tr(lang, 'called') : tr(lang, 'serving')}</span>
        {t.priorityGroup && <span className="pill priority">{PRIORITY_LABELS[t.priorityGroup][lang]}</span>}
        {t.channel === 'walk_in' && <span className="pill walkin">{tr(lang, 'walkInTag')}</span>}
        {t.slotAt !== null && (
          <span className="pill appt">
            {tr(lang, 'appointment')} {clockText(t.slotAt, s.centre.timeZone)}
          </span>
        )}
      </div>
      <p className="service">{service?.name[lang] ?? t.serviceId}</p>
      {procedure && <p className="muted">{procedure.name[lang]}</p>}
      <p className={name ? 'citizen' : 'citizen muted'} data-testid="citizen-name">
        {name ?? tr(lang, 'unknownName')}
      </p>
      <dl className="facts">
        <div>
          <dt>{tr(lang, 'waited')}</dt>
          <dd className={`wait ${level}`}>{minutesText(waited, lang)}</dd>
        </div>
        <div>
          <dt>{tr(lang, 'servingFor')}</dt>
          <dd>{minutesText(servingMin, lang)}</dd>
        </div>
        <div>
          <dt>{tr(lang, 'recalls')}</dt>
          <dd>
            {t.recallCount}/{s.centre.recallLimit}
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** Rows per page: a counter screen at 1280×800 shows about this many without scrolling. */
export const QUEUE_PAGE_SIZE = 10;
/** How often the visible rows' forecasts are asked again (the hub remembers its last schedule). */
const FORECAST_REFRESH_MS = 30_000;

/**
 * The visible page's forecasts, each from the hub's one place-and-wait model (`ticket:status`, the
 * same answer the citizen's status page gets), asked again when the page's tickets change and
 * every 30 s.
 */
function usePageForecasts(socket: CounterSocket | null, ids: readonly string[]): Map<string, PlaceAndWait> {
  const [places, setPlaces] = useState<Map<string, PlaceAndWait>>(() => new Map());
  const key = ids.join(',');
  useEffect(() => {
    if (!socket || key === '') return;
    let alive = true;
    const load = () => {
      void Promise.all(key.split(',').map(async (ticketId) => [ticketId, await send(socket, 'ticket:status', { ticketId })] as const)).then((answers) => {
        if (!alive) return;
        const next = new Map<string, PlaceAndWait>();
        for (const [id, r] of answers) if (r.ok && r.data.place) next.set(id, r.data.place);
        setPlaces(next);
      });
    };
    load();
    const t = setInterval(load, FORECAST_REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [socket, key]);
  return places;
}

function QueueList({ v, s, lang, socket }: { v: CounterView; s: Snapshot; lang: Lang; socket: CounterSocket | null }) {
  const serviceName = (id: string) => s.services.find((x) => x.id === id)?.name[lang] ?? id;
  const pages = Math.max(1, Math.ceil(v.queue.length / QUEUE_PAGE_SIZE));
  const [pageWanted, setPage] = useState(0);
  const page = Math.min(pageWanted, pages - 1);
  const rows = v.queue.slice(page * QUEUE_PAGE_SIZE, (page + 1) * QUEUE_PAGE_SIZE);
  const places = usePageForecasts(socket, rows.map((e) => e.ticket.id));
  // The whole queue at a glance: how many per service and the longest wait, however long the list.
  const groups = new Map<string, { n: number; oldest: number; over: number }>();
  for (const e of v.queue) {
    const g = groups.get(e.ticket.serviceId) ?? { n: 0, oldest: 0, over: 0 };
    g.n++;
    g.oldest = Math.max(g.oldest, e.waitMin);
    if (e.level === 'over') g.over++;
    groups.set(e.ticket.serviceId, g);
  }
  return (
    <div className="queue">
      <h2>
        {tr(lang, 'queue')} <span className="count">({v.queue.length})</span>
        {v.overCount > 0 && (
          <span className="pill over">
            {v.overCount} {tr(lang, 'overTarget')} {v.targetMin} {tr(lang, 'minutes')}
          </span>
        )}
      </h2>
      <p className="legend small">
        <span className="wait ok">&lt; {v.warnMin}</span>
        <span className="wait warn">
          {v.warnMin}–{v.targetMin}
        </span>
        <span className="wait over">≥ {v.targetMin}</span> {tr(lang, 'minutes')}
      </p>
      <p className="queue-note muted small">{tr(lang, 'queueNote')}</p>
      {groups.size > 1 && (
        <ul className="queue-groups small" aria-label={tr(lang, 'queueByService')} data-testid="queue-groups">
          {[...groups.entries()].map(([id, g]) => (
            <li key={id} data-testid="queue-group">
              <span className="svc">{serviceName(id)}</span> <strong>{g.n}</strong>
              <span className={`wait ${g.over > 0 ? 'over' : 'ok'}`}> · {minutesText(g.oldest, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {v.queue.length === 0 ? (
        <p className="muted">{tr(lang, 'queueEmpty')}</p>
      ) : (
        <>
          <ol className="queue-list" start={page * QUEUE_PAGE_SIZE + 1}>
            {rows.map((e) => (
              <QueueRow key={e.ticket.id} e={e} lang={lang} serviceName={serviceName(e.ticket.serviceId)} place={places.get(e.ticket.id) ?? null} />
            ))}
          </ol>
          {pages > 1 && (
            <div className="pager" data-testid="queue-pager">
              <button type="button" disabled={page === 0} onMouseDown={(e) => e.preventDefault()} onClick={() => setPage(page - 1)}>
                ‹ {tr(lang, 'queuePrev')}
              </button>
              <span className="muted small">{tr(lang, 'queuePage', { page: page + 1, pages })}</span>
              <button type="button" disabled={page >= pages - 1} onMouseDown={(e) => e.preventDefault()} onClick={() => setPage(page + 1)}>
                {tr(lang, 'queueNext')} ›
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function QueueRow({ e, lang, serviceName, place }: { e: QueueEntry; lang: Lang; serviceName: string; place: PlaceAndWait | null }) {
  const t = e.ticket;
  return (
    <li className={`qrow ${e.level}`} data-testid="queue-ticket" data-number={t.number} data-level={e.level}>
      <span className="num">{t.number}</span>
      <span className="svc">
        {serviceName}
        {e.skill === 'secondary' && <span className="tag">{tr(lang, 'secondary')}</span>}
        {e.skill === 'targeted' && <span className="tag targeted">{tr(lang, 'targeted')}</span>}
        {t.priorityGroup && <span className="tag priority">{PRIORITY_LABELS[t.priorityGroup][lang]}</span>}
        {t.channel === 'appointment' && <span className="tag appt">{tr(lang, 'appointment')}</span>}
        {t.channel === 'remote' && <span className="tag appt">{tr(lang, 'bookedOnline')}</span>}
      </span>
      <span className={`wait ${e.level}`} title={`${e.waitMin} ${tr(lang, 'minutes')}`}>
        {e.level === 'over' ? '⚠ ' : ''}
        {minutesText(e.waitMin, lang)}
      </span>
      <span className="forecast muted small" data-testid="queue-forecast" title={tr(lang, 'queueForecast')}>
        {place ? formatWait(place.wait, lang) : '\u00a0'}
      </span>
    </li>
  );
}
