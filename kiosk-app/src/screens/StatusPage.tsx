/**
 * The ticket status page a ticket's QR opens on a phone (/t/<id> → /kiosk/#/t/<id>): public, no
 * token. Place in line, estimated wait, "please go to counter N" — refreshed on every change the
 * hub pushes, so it is live without reloading.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { createLiveState, formatClock, formatWait, type Lang, type TicketStatus } from '@motcua/shared';
import { call, connectHub, useLiveView, type KioskSocket } from '../hub';
import { tr } from '../i18n';
import { nextAlert, NO_ALERTS, VIBRATION, type AlertMemory, type TurnAlert } from '../near-turn';

let audio: AudioContext | null = null;
/** A phone browser lets a page play sound only after a tap: the first tap anywhere unlocks it. */
function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
}
if (typeof window !== 'undefined') window.addEventListener('pointerdown', unlockAudio, { once: true, capture: true });

/** Vibrates (where the phone can) and beeps: two tones when the turn is near, three when called. */
function signal(kind: TurnAlert): void {
  navigator.vibrate?.(VIBRATION[kind]);
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const tones = kind === 'near' ? [660, 880] : [880, 660, 880];
    tones.forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = hz;
      gain.gain.value = 0.25;
      osc.connect(gain).connect(ctx.destination);
      const at = ctx.currentTime + i * 0.35;
      osc.start(at);
      osc.stop(at + 0.25);
    });
  } catch {
    // No audio on this phone: the vibration and the banner remain.
  }
}

type Loaded = { kind: 'loading' } | { kind: 'ok'; status: TicketStatus; at: number } | { kind: 'missing' };

export function StatusPage(props: { ticketId: string }) {
  const [lang, setLang] = useState<Lang>('vi');
  const t = (k: Parameters<typeof tr>[1], v?: Record<string, string | number>): string => tr(lang, k, v);
  const socket: KioskSocket = useMemo(() => connectHub(() => null), []);
  const live = useMemo(() => createLiveState(socket, () => Date.now()), [socket]);
  const view = useLiveView(live);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const seq = view.snapshot?.seq ?? -1;
  const hubNow = useRef((): number => Date.now());
  hubNow.current = (): number => (view.snapshot ? view.snapshot.now + (Date.now() - view.updatedAt) : Date.now());

  useEffect(
    () => () => {
      live.close();
      socket.close();
    },
    [live, socket],
  );

  // Every delta (a call, a new ticket, a counter opening) may change the place in line: ask again.
  useEffect(() => {
    if (!view.connected) return;
    const timer = setTimeout(() => {
      void call(socket, 'ticket:status', { ticketId: props.ticketId }, 8000).then((r) => {
        // When it was true by the hub's clock (the hub's time is the truth; a phone's clock may be off).
        if (r.ok) setLoaded({ kind: 'ok', status: r.data, at: hubNow.current() });
        else if (r.error.code === 'not_found' || r.error.code === 'invalid_payload') setLoaded({ kind: 'missing' });
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [seq, view.connected, socket, props.ticketId]);

  const snap = view.snapshot;
  const tz = snap?.centre.timeZone;
  useEffect(() => {
    if (loaded.kind === 'ok' && loaded.status.ticket.state === 'called' && loaded.status.counterNumber !== null) {
      document.title = `${loaded.status.ticket.number} → ${tr(lang, 'counter')} ${loaded.status.counterNumber}`;
    } else document.title = tr(lang, 'statusTitle');
  }, [loaded, lang]);

  // Sound and vibration while the page is open: once at ≤ 3 people ahead, then at each call (near-turn.ts).
  const alerts = useRef<AlertMemory>(NO_ALERTS);
  const [lastAlert, setLastAlert] = useState<TurnAlert | null>(null);
  useEffect(() => {
    if (loaded.kind !== 'ok') return;
    const next = nextAlert(alerts.current, loaded.status);
    alerts.current = next.memory;
    if (next.alert) {
      setLastAlert(next.alert);
      signal(next.alert);
    }
  }, [loaded]);

  return (
    <div className="status-page" data-testid="status-page">
      <header className="status-header">
        <div>
          <div className="status-centre">{snap ? snap.centre.name[lang] : tr(lang, 'centreTitle')}</div>
          <div className="status-sub">{t('statusTitle')}</div>
        </div>
        <button type="button" className="btn btn-ghost status-lang" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} data-testid="lang">
          {t('switchLang')}
        </button>
      </header>
      {!view.connected && <div className="status-offline">{t('offline')}</div>}
      {loaded.kind === 'loading' && <div className="spinner" aria-hidden="true" />}
      {loaded.kind === 'missing' && (
        <div className="status-state status-missing" data-testid="status-missing">
          {t('statusNotFound')}
          <p className="status-missing-help">{t('statusNotFoundHelp')}</p>
        </div>
      )}
      {loaded.kind === 'ok' && lastAlert === 'near' && loaded.status.ticket.state === 'waiting' && (
        <div className="status-near" role="alert" data-testid="status-near">
          {t('statusNearTurn')}
        </div>
      )}
      {loaded.kind === 'ok' && <StatusBody status={loaded.status} lang={lang} />}
      {loaded.kind === 'ok' && (
        <footer className="status-footer">
          {t('statusUpdated', { time: formatClock(loaded.at, tz) })} · {t('statusLive')}
        </footer>
      )}
    </div>
  );
}

function StatusBody(props: { status: TicketStatus; lang: Lang }) {
  const { status, lang } = props;
  const t = (k: Parameters<typeof tr>[1], v?: Record<string, string | number>): string => tr(lang, k, v);
  const tk = status.ticket;
  const counter = status.counterNumber !== null ? `${tr(lang, 'counter')} ${status.counterNumber}` : tr(lang, 'counter');
  return (
    <main className={`status-body state-${tk.state}`}>
      <div className="status-number-label">{t('yourNumberIs')}</div>
      <div className="status-number" data-testid="status-number">
        {tk.number}
      </div>
      <div className="status-service">{status.serviceName[lang]}</div>
      {tk.state === 'waiting' && status.place && (
        <>
          <div className="status-state" data-testid="status-state">
            {t('statusWaiting')}
          </div>
          <div className="status-figures">
            <div>
              <div className="figure-value" data-testid="status-ahead">
                {status.place.peopleAhead}
              </div>
              <div className="figure-label">{t('peopleAheadLabel')}</div>
            </div>
            <div>
              <div className="figure-value" data-testid="status-wait">
                {formatWait(status.place.wait, lang)}
              </div>
              <div className="figure-label">{t('estimatedWaitLabel')}</div>
            </div>
          </div>
        </>
      )}
      {tk.state === 'called' && (
        <div className="status-state status-called" data-testid="status-state" role="alert">
          {t('statusCalled', { counter })}
        </div>
      )}
      {tk.state === 'serving' && (
        <div className="status-state" data-testid="status-state">
          {t('statusServing', { counter })}
        </div>
      )}
      {tk.state === 'held' && (
        <div className="status-state" data-testid="status-state">
          {t('statusHeld')}
        </div>
      )}
      {tk.state === 'done' && (
        <div className="status-state" data-testid="status-state">
          {t('statusDone')}
        </div>
      )}
      {tk.state === 'no_show' && (
        <div className="status-state" data-testid="status-state">
          {t('statusNoShow')}
        </div>
      )}
      {tk.state === 'cancelled' && (
        <div className="status-state" data-testid="status-state">
          {t('statusCancelled')}
        </div>
      )}
    </main>
  );
}
