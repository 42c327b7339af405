/**
 * The kiosk: connects to the hub with its device token (or shows pairing), keeps the live state,
 * runs one citizen's session (flow.ts), sends the ticket request until the hub answers it
 * (reliable.ts), listens for scans and print failures, and resets after 30 s idle.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { ArrowLeft, House } from 'lucide-react';
import { createLiveState, createWedgeCollector, formatClock, HEALTH_OK, watchHubHealth, type ChipCitizen, type ChipReadInput, type HubHealth, type IssuedTicket, type KioskPrinter, type PrintFailed, type ScannedCitizen, type Snapshot } from '@motcua/shared';
import { classifyWedgeScan, elderlyAgeOf, type ScanMeaning } from './citizen';
import { initialSession, isIdleHome, reduce, type Session } from './flow';
import { tr } from './i18n';
import { asCommandSocket, call, connectHub, readToken, useConnection, useLiveView, writeToken } from './hub';
import { clearPending, loadPending, savePending, type PendingRequest } from './pending';
import { configureNearbyWards } from './nearby';
import { hubPrinterTrouble, printerReportsReady, printerTrouble } from './print';
import { newRequestId, sendUntilAnswered } from './reliable';
import { Booked, CheckIn, Issuing, Pairing, Slots } from './screens/Appointments';
import { Closed, centreOpen } from './screens/Closed';
import { Chip } from './screens/Chip';
import { Confirm } from './screens/Confirm';
import { Home } from './screens/Home';
import { Procedures } from './screens/Procedures';
import { TicketView } from './screens/Ticket';
import { useAgentStatus } from './shell-bridge';
import { Button, LangContext, langApi, Notice, useIdle, useNow } from './ui';

export interface KioskOptions {
  idleMs: number;
}

/** How long after a print job without a failure the kiosk stops warning about the printer. */
const PRINT_QUIET_MS = 20_000;

export function Kiosk(props: { options: KioskOptions }) {
  const tokenRef = useRef<string | null>(readToken());
  const [paired, setPaired] = useState(tokenRef.current !== null);
  const [pairAgain, setPairAgain] = useState(false);
  const socket = useMemo(() => connectHub(() => tokenRef.current), []);
  const live = useMemo(() => createLiveState(socket, () => Date.now()), [socket]);
  const view = useLiveView(live);
  const conn = useConnection(socket);
  const [s, dispatch] = useReducer(reduce, undefined, () => initialSession('vi'));
  const lang = useMemo(() => langApi(s.lang), [s.lang]);
  const agent = useAgentStatus();
  const [reprintError, setReprintError] = useState<string | null>(null);
  const snap = view.snapshot;
  const now = useNow(1000);
  // The hub's clock, carried forward by ours since the last update (the hub's time is the truth).
  const hubNow = useCallback((): number => (snap ? snap.now + (Date.now() - view.updatedAt) : Date.now()), [snap, view.updatedAt]);

  useEffect(
    () => () => {
      live.close();
      socket.close();
    },
    [live, socket],
  );
  // Nearby wards come from the city server through the hub.
  useEffect(() => {
    configureNearbyWards(async (serviceCode) => {
      const r = await call(socket, 'city:nearby', { serviceCode }, 3000);
      return r.ok ? r.data.map((w) => ({ ...w, bookingUrl: w.bookingUrl ?? null })) : [];
    });
    return () => configureNearbyWards(null);
  }, [socket]);

  // The hub refused our token (revoked, or a new database): pair again. Reconnect as public.
  useEffect(() => {
    if (conn.problem === 'unauthenticated' && tokenRef.current) {
      tokenRef.current = null;
      writeToken(null);
      setPaired(false);
      setPairAgain(true);
      socket.connect();
    }
    if (conn.problem === 'protocol_mismatch') {
      const id = setTimeout(() => window.location.reload(), 5000);
      return () => clearTimeout(id);
    }
    return undefined;
  }, [conn.problem, socket]);

  // The hub's storage is down (disk full or failing): no number can be issued until it recovers.
  const [health, setHealth] = useState<HubHealth>(HEALTH_OK);
  useEffect(() => watchHubHealth(socket, setHealth), [socket]);

  useEffect(() => {
    const onEnded = (): void => {
      tokenRef.current = null;
      writeToken(null);
      setPaired(false);
      setPairAgain(true);
    };
    socket.on('session:ended', onEnded);
    return () => {
      socket.off('session:ended', onEnded);
    };
  }, [socket]);

  // ---------------------------------------------------------------- issuing

  const inFlight = useRef(false);
  const startRequest = useCallback(
    (p: PendingRequest): void => {
      // A second tap while the first is on its way does nothing: one tap, one requestId, one ticket.
      if (inFlight.current) return;
      inFlight.current = true;
      savePending(localStorage, p);
      dispatch({ type: 'issueStarted', pending: p });
      const event = p.kind === 'issue' ? 'ticket:issue' : 'appointment:checkIn';
      void sendUntilAnswered<IssuedTicket>(asCommandSocket(socket), event, p.input, { onProgress: ({ connected }) => dispatch({ type: 'issueProgress', connected }) }).then((r) => {
        inFlight.current = false;
        clearPending(localStorage);
        if (!r) return;
        if (r.ok) {
          dispatch({ type: 'issued', issued: r.data });
          if (r.data.printJobId) {
            const issuedAt = r.data.ticket.issuedAt;
            setTimeout(() => dispatch({ type: 'printPresumedOk', issuedAt }), PRINT_QUIET_MS);
          }
        } else dispatch({ type: 'issueFailed', error: r.error, now: hubNowRef.current(), ...(snapRef.current ? { timeZone: snapRef.current.centre.timeZone } : {}) });
      });
    },
    [socket],
  );

  // A request the page was waiting for when it last closed: finish it and show its ticket.
  useEffect(() => {
    const p = loadPending(localStorage, Date.now());
    if (p) startRequest(p);
  }, [startRequest]);

  const takeTicket = (): void => {
    if (s.screen.name !== 'confirm') return;
    const card = s.card;
    startRequest({
      kind: 'issue',
      startedAt: Date.now(),
      input: {
        serviceId: s.screen.serviceId,
        ...(s.screen.procedureId ? { procedureId: s.screen.procedureId } : {}),
        priorityGroup: s.priority,
        channel: 'kiosk',
        // A chip read decides name and age priority at the hub (from what the agent read); the QR is then not sent.
        ...(s.chip ? { chipReadId: s.chip.requestId } : card ? { citizen: { idNumber: card.idNumber, fullName: card.fullName, dateOfBirth: card.dateOfBirth } } : {}),
        requestId: newRequestId(),
        print: true,
      },
    });
  };

  // ---------------------------------------------------------------- the chip ID card

  /** Asks the kiosk's own agent (through the hub) to read the chip; the outcome comes as `kiosk:chip`. */
  const sendChipRead = (requestId: string, can: string | null): void => {
    const card = s.card;
    const input: ChipReadInput = {
      requestId,
      ...(card?.issueDate ? { qr: { idNumber: card.idNumber, dateOfBirth: card.dateOfBirth, issueDate: card.issueDate } } : {}),
      ...(can ? { can } : {}),
    };
    void call(socket, 'kiosk:readChip', input).then((r) => {
      if (r.ok) return;
      const unavailable = r.error.code === 'service_unavailable';
      dispatch({ type: 'chipFailed', error: { message: unavailable ? tr('vi', 'chipUnavailable') : r.error.message, messageEn: unavailable ? tr('en', 'chipUnavailable') : r.error.message, fallbackToQr: true } });
    });
  };
  const openChip = (): void => {
    // The QR read first gives the BAC keys: straight to "place the card". Without it, the CAN first.
    if (s.card?.issueDate) {
      const requestId = newRequestId();
      dispatch({ type: 'openChip', requestId });
      sendChipRead(requestId, null);
    } else dispatch({ type: 'openChip', requestId: null });
  };
  const readChipWith = (can: string): void => {
    const requestId = newRequestId();
    dispatch({ type: 'chipStarted', requestId });
    sendChipRead(requestId, can || null);
  };

  const checkIn = (code: string): void => {
    if (!/^[A-Z0-9]{4,12}$/.test(code)) return;
    startRequest({ kind: 'checkIn', startedAt: Date.now(), input: { code, requestId: newRequestId(), print: true } });
  };

  const reprint = (ticketId: string): void => {
    setReprintError(null);
    const sentAt = hubNow();
    void call(socket, 'ticket:reprint', { ticketId }).then((r) => {
      if (r.ok) {
        dispatch({ type: 'reprinted' });
        setTimeout(() => dispatch({ type: 'printPresumedOk', issuedAt: sentAt }), PRINT_QUIET_MS);
      }
      else setReprintError(r.error.code === 'service_unavailable' ? lang.t('printNone') : lang.t('errorTryAgain', { message: r.error.message }));
    });
  };
  useEffect(() => setReprintError(null), [s.screen]);
  useEffect(() => {
    document.documentElement.lang = s.lang;
  }, [s.lang]);

  // ---------------------------------------------------------------- scans and print news

  const snapRef = useRef<Snapshot | null>(snap);
  snapRef.current = snap;
  const checkInRef = useRef(checkIn);
  checkInRef.current = checkIn;
  const hubNowRef = useRef(hubNow);
  hubNowRef.current = hubNow;
  const onScan = useCallback(
    (m: ScanMeaning): void => {
      const current = snapRef.current;
      if (m.kind === 'card') {
        if (!current) return;
        dispatch({ type: 'scanned', card: m.card, day: current.day, elderlyAge: elderlyAgeOf(current.centre) });
      } else if (m.kind === 'appointment') {
        dispatch({ type: 'reset' });
        dispatch({ type: 'openCheckIn' });
        dispatch({ type: 'code', code: m.code });
        checkInRef.current(m.code);
      } else dispatch({ type: 'scanBad', message: m.message, messageEn: m.messageEn, foreign: m.foreign, seeClerk: m.seeClerk });
    },
    [],
  );

  useEffect(() => {
    const onScanned = (scan: ScannedCitizen): void => {
      if (scan.appointmentCode) {
        onScan({ kind: 'appointment', code: scan.appointmentCode });
        return;
      }
      const r = scan.result;
      if (r.ok) onScan({ kind: 'card', card: { ...r.data, nameReliable: true } });
      else onScan({ kind: 'bad', message: r.error.message, messageEn: r.error.detail ?? r.error.message, foreign: /không phải mã trên thẻ|thiếu thông tin|quá dài/.test(r.error.message), seeClerk: scan.seeClerk === true });
    };
    const onPrintFailed = (info: PrintFailed): void => dispatch({ type: 'printFailed', ticketId: info.ticketId, reason: info.error?.code ?? 'unknown', at: hubNowRef.current() });
    const onChip = (read: ChipCitizen): void => dispatch({ type: 'chipRead', read });
    socket.on('kiosk:chip', onChip);
    socket.on('device:scanned', onScanned);
    socket.on('print:failed', onPrintFailed);
    // A ticket on paper proves the printer works again: clear an older printer warning at once.
    const onPrinted = (info: { ticketId: string }): void => dispatch({ type: 'printed', ticketId: info.ticketId, at: hubNowRef.current() });
    socket.on('print:printed', onPrinted);
    return () => {
      socket.off('print:printed', onPrinted);
      socket.off('kiosk:chip', onChip);
      socket.off('device:scanned', onScanned);
      socket.off('print:failed', onPrintFailed);
    };
  }, [socket, onScan]);

  // Keyboard-wedge scanners type the QR into the page; serial ones come through the agent instead.
  useEffect(() => {
    const collector = createWedgeCollector({ minLength: 12 });
    const onKey = (e: KeyboardEvent): void => {
      const text = collector.key(e.key, e.timeStamp);
      if (text !== null) {
        e.preventDefault();
        const current = snapRef.current;
        if (current) onScan(classifyWedgeScan(text, current.day));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onScan]);

  // ---------------------------------------------------------------- the printer, before the tap

  // The kiosk's printer as its device agent reports it to the hub (in a browser the kiosk has no
  // shell to ask): checked every few seconds and after every print result.
  const [hubPrinter, setHubPrinter] = useState<KioskPrinter | null>(null);
  useEffect(() => {
    if (!paired) return undefined;
    let stopped = false;
    const check = (): void => {
      void call(socket, 'kiosk:printer', {}, 3000).then((r) => {
        if (!stopped && r.ok) setHubPrinter(r.data);
      });
    };
    check();
    const timer = setInterval(check, 3000);
    socket.on('connect', check);
    socket.on('print:failed', check);
    socket.on('print:printed', check);
    return () => {
      stopped = true;
      clearInterval(timer);
      socket.off('connect', check);
      socket.off('print:failed', check);
      socket.off('print:printed', check);
    };
  }, [socket, paired]);

  // A print failure the printer reports by itself (paper out, cover open) is over as soon as the
  // printer reports ready again: the roll refilled, the warning goes without waiting for a print.
  const printerReady = printerReportsReady(agent, hubPrinter);
  const hasPrinterIssue = s.printerIssue !== null;
  useEffect(() => {
    if (printerReady && hasPrinterIssue) dispatch({ type: 'printerReady' });
  }, [printerReady, hasPrinterIssue]);

  // ---------------------------------------------------------------- idle

  const idleLeft = useIdle(props.options.idleMs, paired && !s.pending && !isIdleHome(s), () => dispatch({ type: 'reset' }), s.screen);

  // ---------------------------------------------------------------- render

  const trouble = agent?.configured ? printerTrouble(agent.peripherals) : hubPrinterTrouble(hubPrinter);
  const printerNotice = trouble ?? (s.printerIssue ? s.printerIssue.reason : null);
  // The chip path is offered only while the kiosk's own agent reports a ready chip reader.
  const chipReady = hubPrinter?.chipReaders.some((p) => p.health === 'ready') ?? false;

  let body: ReactNode;
  if (!paired) {
    body = (
      <Pairing
        socket={socket}
        connected={conn.connected}
        again={pairAgain}
        onPaired={(token) => {
          tokenRef.current = token;
          writeToken(token);
          setPaired(true);
          setPairAgain(false);
          live.refresh();
        }}
      />
    );
  } else if (!snap) {
    body = (
      <div className="screen screen-loading" data-testid="screen-loading">
        <div className="spinner" aria-hidden="true" />
        <p className="lead">{conn.problem === 'protocol_mismatch' ? lang.t('versionMismatch') : lang.t('offline')}</p>
      </div>
    );
  } else if (!s.pending && !['ticket', 'booked'].includes(s.screen.name) && !centreOpen(snap, hubNow())) {
    // Outside opening hours: the closed screen (a ticket already on screen stays readable).
    body = <Closed snap={snap} now={hubNow()} />;
  } else {
    body = renderScreen(s, snap);
  }

  function renderScreen(s: Session, snap: Snapshot): ReactNode {
    const screen = s.screen;
    switch (screen.name) {
      case 'home':
        return <Home s={s} snap={snap} dispatch={dispatch} printerTrouble={printerNotice} />;
      case 'procedures':
        return <Procedures s={s} snap={snap} dispatch={dispatch} fieldId={screen.fieldId} />;
      case 'confirm':
        return <Confirm s={s} snap={snap} dispatch={dispatch} procedureId={screen.procedureId} serviceId={screen.serviceId} onTake={takeTicket} printerTrouble={printerNotice} onChip={chipReady ? openChip : null} />;
      case 'chip':
        return <Chip screen={screen} dispatch={dispatch} onRead={readChipWith} />;
      case 'issuing':
        return <Issuing offline={s.pendingOffline} />;
      case 'ticket':
        return <TicketView issued={screen.issued} print={screen.print} snap={snap} onReprint={() => reprint(screen.issued.ticket.id)} onDone={() => dispatch({ type: 'reset' })} reprintError={reprintError} />;
      case 'checkIn':
        return <CheckIn s={s} dispatch={dispatch} onSubmit={() => checkIn(s.code)} />;
      case 'slots':
        return <Slots s={s} snap={snap} socket={socket} dispatch={dispatch} serviceId={screen.serviceId} onTakeInstead={() => dispatch({ type: 'back' })} />;
      case 'booked':
        return <Booked appointment={screen.appointment} snap={snap} onDone={() => dispatch({ type: 'reset' })} />;
    }
  }

  const showNav = paired && snap && !s.pending && s.screen.name !== 'home' && s.screen.name !== 'ticket' && s.screen.name !== 'booked';
  // A ticket on screen stays readable while the hub is away; anything else waits behind the overlay.
  const offlineOverlay = paired && snap && !conn.connected && !s.pending && s.screen.name !== 'ticket' && s.screen.name !== 'booked';
  // The same for a hub that cannot write (it refuses to issue): "tạm ngừng cấp số" until it recovers by itself.
  const storageOverlay = paired && snap && conn.connected && health.storage === 'unavailable' && !s.pending && s.screen.name !== 'ticket' && s.screen.name !== 'booked';

  return (
    <LangContext.Provider value={lang}>
      <div className={`kiosk lang-${s.lang}`} data-screen={paired ? s.screen.name : 'pairing'} data-connected={conn.connected ? 'yes' : 'no'}>
        <header className="kiosk-header">
          <div className="centre">
            <div className="centre-name">{snap ? snap.centre.name[s.lang] : lang.t('centreTitle')}</div>
          </div>
          <div className="header-right">
            <div className="clock" aria-label="clock">
              {formatClock(snap ? hubNow() : now, snap?.centre.timeZone)}
            </div>
            <Button variant="ghost" onClick={() => dispatch({ type: 'lang', lang: s.lang === 'vi' ? 'en' : 'vi' })} testId="lang" className="lang-switch">
              {lang.t('switchLang')}
            </Button>
          </div>
        </header>
        <main className="kiosk-main">{body}</main>
        {showNav && (
          <nav className="kiosk-nav">
            <Button onClick={() => dispatch({ type: 'back' })} testId="back" big>
              <ArrowLeft className="icon" aria-hidden="true" /> {lang.t('back')}
            </Button>
            <Button variant="ghost" onClick={() => dispatch({ type: 'reset', keepLang: true })} testId="home" big>
              <House className="icon" aria-hidden="true" /> {lang.t('home')}
            </Button>
          </nav>
        )}
        {paired && snap && !conn.connected && s.screen.name === 'ticket' && (
          <div className="offline-strip" data-testid="offline-strip">
            {lang.t('offline')}
          </div>
        )}
        {storageOverlay && (
          <div className="overlay" data-testid="storage-overlay" role="alert">
            <div className="overlay-box">
              <p>
                <strong>{lang.t('storageDownTitle')}</strong>
              </p>
              <p>{lang.t('storageDownBody')}</p>
            </div>
          </div>
        )}
        {offlineOverlay && (
          <div className="overlay" data-testid="offline-overlay" role="alert">
            <div className="overlay-box">
              <div className="spinner" aria-hidden="true" />
              <p>{lang.t('offline')}</p>
            </div>
          </div>
        )}
        {idleLeft !== null && !offlineOverlay && !storageOverlay && (
          <div className="overlay overlay-soft" data-testid="idle-warning">
            <div className="overlay-box">
              <p>{lang.t('idleWarning', { sec: idleLeft })}</p>
              <Button variant="primary" big onClick={() => undefined} testId="still-here">
                {lang.t('stillHere')}
              </Button>
            </div>
          </div>
        )}
        {s.error && s.screen.name === 'home' && (
          <div className="toast">
            <Notice tone="error">{s.error[s.lang]}</Notice>
          </div>
        )}
      </div>
    </LangContext.Provider>
  );
}
