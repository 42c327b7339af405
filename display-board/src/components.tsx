/**
 * The board's parts. Vietnamese first and large, English second and smaller; sizes are in rem
 * where 1rem = 1vmin (board.css), so 1920×1080 and 1080×1920 screens get the same type size,
 * large enough to read across a waiting room.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { formatOpeningTime, formatWait, openingState, type CentreInfo } from '@motcua/shared';
import { t } from './i18n';
import type { BoardCall, FieldLoad } from './model';
import { formatBoardDate, formatBoardTime } from './time-format';
import type { AudioState } from './announcer/web-audio';

/** A speaker drawn inline: TVs' browsers often have no emoji font. */
function SpeakerIcon({ className, label }: { className: string; label: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" width="1em" height="1em" role={label ? 'img' : undefined} aria-label={label || undefined} aria-hidden={label ? undefined : true}>
      <path fill="currentColor" d="M3 9v6h4l5 5V4L7 9H3z" />
      <path fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" />
    </svg>
  );
}

/** The header; `extra` (the sound button, when the browser blocks audio) sits in its flow, never over the tiles. */
export function Header({ centre, title, now, timeZone, extra }: { centre: CentreInfo | null; title: string | null; now: number; timeZone: string; extra?: ReactNode }) {
  const date = formatBoardDate(now, timeZone);
  return (
    <header className="hdr">
      <div className="hdr-name">
        <div className="hdr-vi">{centre?.name.vi ?? t('vi', 'centreTitle')}</div>
        <div className="hdr-en">{centre?.name.en ?? t('en', 'centreTitle')}</div>
        {title && <div className="hdr-title">{title}</div>}
      </div>
      {extra}
      <div className="hdr-time" data-testid="clock">
        <div className="hdr-clock">{formatBoardTime(now, timeZone)}</div>
        <div className="hdr-date">
          <span className="vi">{date.vi}</span>
          <span className="en">{date.en}</span>
        </div>
      </div>
    </header>
  );
}

export function CallPanel({ call, announcing }: { call: BoardCall | null; announcing: boolean }) {
  const c = call?.call;
  return (
    <section
      className={`now${call?.flashing ? ' now--flash' : ''}${c ? '' : ' now--idle'}`}
      data-testid="now-calling"
      data-call-key={call?.key ?? ''}
      data-ticket-id={c?.ticketId ?? ''}
      data-number={c?.number ?? ''}
      data-counter={c?.counterNumber ?? ''}
      data-flashing={call?.flashing ?? false}
      aria-live="assertive"
    >
      <div className="now-label">
        <span className="vi">{t('vi', 'nowCallingNumber')}</span>
        <span className="en">{t('en', 'nowCallingNumber')}</span>
        {announcing && <SpeakerIcon className="now-speaker" label={`${t('vi', 'announcing')} / ${t('en', 'announcing')}`} />}
      </div>
      {c ? (
        <>
          <div className="now-number">{c.number}</div>
          <div className="now-counter">
            <span className="now-to">
              {t('vi', 'toCounter')}
              <small>{t('en', 'toCounter')}</small>
            </span>
            <span className="now-counter-num">{c.counterNumber}</span>
          </div>
          {c.recall && (
            <div className="now-recall">
              {t('vi', 'recallLabel')} <small>{t('en', 'recallLabel')}</small>
            </div>
          )}
        </>
      ) : (
        <div className="now-wait">
          {t('vi', 'pleaseWait')}
          <small>{t('en', 'pleaseWait')}</small>
        </div>
      )}
    </section>
  );
}

export function RecentCalls({ calls, slots }: { calls: BoardCall[]; slots: number }) {
  const rows = Math.ceil(slots / 2);
  return (
    <section className="recent" data-testid="recent-calls">
      <h2>
        {t('vi', 'recentlyCalled')} <small>{t('en', 'recentlyCalled')}</small>
      </h2>
      <div className="recent-cols" aria-hidden="true">
        {[0, 1].map((i) => (
          <div key={i} className="recent-colhead">
            <span>
              {t('vi', 'numberHead')} <small>{t('en', 'numberHead')}</small>
            </span>
            <span>
              {t('vi', 'counterHead')} <small>{t('en', 'counterHead')}</small>
            </span>
          </div>
        ))}
      </div>
      <ol className="recent-list" style={{ gridTemplateRows: `repeat(${rows}, 1fr)`, ['--rows' as string]: rows }}>
        {calls.length === 0 && (
          <li className="recent-empty">
            {t('vi', 'noOtherCalls')}
            <small>{t('en', 'noOtherCalls')}</small>
          </li>
        )}
        {calls.slice(0, slots).map((c) => (
          <li key={c.key} className={`recent-item${c.active ? ' recent-item--active' : ''}${c.flashing ? ' recent-item--flash' : ''}`} data-number={c.call.number} data-counter={c.call.counterNumber}>
            <span className="recent-num">{c.call.number}</span>
            <span className="recent-arrow">→</span>
            <span className="recent-ctr">{c.call.counterNumber}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * People waiting per field, and the wait a ticket taken now would have. Outside opening hours no
 * ticket can be taken, so no such wait is shown (and the closed banner gets the room).
 */
export function FieldLoads({ fields, closed = false }: { fields: FieldLoad[]; closed?: boolean }) {
  return (
    <section className="fields" data-testid="field-loads">
      <ul>
        {fields.map((f) => (
          <li key={f.fieldId} className="field" data-field-id={f.fieldId} data-waiting={f.waiting} data-wait={f.place ? formatWait(f.place.wait, 'vi') : ''}>
            <div className="field-name">
              <span className="vi">{f.name.vi}</span>
              <span className="en">{f.name.en}</span>
            </div>
            <div className="field-line">
              <span className="field-big">{f.waiting}</span>
              <span className="field-unit">
                {t('vi', 'peopleWaiting')} <small>{t('en', 'peopleWaiting')}</small>
              </span>
            </div>
            {f.place && !closed && (
              <div className="field-line field-line--wait">
                <span className="field-unit">
                  {t('vi', 'waitFor')} <small>{t('en', 'waitFor')}</small>
                </span>
                <span className="field-wait" data-testid="field-wait">
                  {formatWait(f.place.wait, 'vi')} <small>{formatWait(f.place.wait, 'en')}</small>
                </span>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Ticker({ messages }: { messages: string[] }) {
  const text = messages.join('   •   ');
  // About 12 characters a second: slow enough to read from the back of the room.
  const seconds = Math.max(20, Math.round(text.length / 12));
  return (
    <footer className="ticker" data-testid="ticker">
      <div className="ticker-track" style={{ animationDuration: `${seconds}s` }}>
        <span>{text}</span>
        <span aria-hidden="true">{text}</span>
      </div>
    </footer>
  );
}

/** The hub is out of reach: say so, and when the figures on screen were last confirmed. */
export function ReconnectBanner({ since, timeZone }: { since: number | null; timeZone: string }) {
  const at = since !== null ? formatBoardTime(since, timeZone) : null;
  return (
    <div className="banner" role="status" data-testid="reconnecting">
      <span className="vi">
        {t('vi', 'reconnecting')}
        {at && ` ${t('vi', 'figuresAsOf', { time: at })}`}
      </span>
      <span className="en">
        {t('en', 'reconnecting')}
        {at && ` ${t('en', 'figuresAsOf', { time: at })}`}
      </span>
    </div>
  );
}

/** Shown only when the browser blocks audio until someone taps (not in kiosk mode or Electron). */
export function SoundButton({ audio }: { audio: { state(): AudioState; unlock(): Promise<void> } }) {
  const [state, setState] = useState<AudioState>(() => audio.state());
  useEffect(() => {
    const timer = setInterval(() => setState(audio.state()), 1000);
    return () => clearInterval(timer);
  }, [audio]);
  if (state !== 'blocked') return null;
  return (
    <button
      type="button"
      className="sound-btn"
      data-testid="enable-sound"
      onClick={() => {
        void audio.unlock().then(() => setState(audio.state()));
      }}
    >
      <SpeakerIcon className="sound-icon" label="" /> {t('vi', 'enableSound')} <small>{t('en', 'enableSound')}</small>
    </button>
  );
}

/**
 * Outside opening hours (the hours in the snapshot, the hub's time): the centre is closed and when
 * the kiosk issues again, in Vietnamese and English. Calls still show: clerks may finish the queue.
 */
export function ClosedBanner({ centre, now }: { centre: CentreInfo | null; now: number }) {
  // An empty cell while open: the board's grid keeps a row for this banner and the reconnect one.
  if (!centre) return <div />;
  const state = openingState(centre.opening, now, centre.timeZone);
  if (state.open) return <div />;
  const next = state.nextOpenAt;
  const line = (lang: 'vi' | 'en'): string => (next === null ? t(lang, 'closedNoOpening') : t(lang, 'closedNext', { time: formatOpeningTime(next, now, lang, centre.timeZone) }));
  return (
    <div className="banner banner--closed" role="status" data-testid="board-closed">
      <span className="vi">
        {t('vi', 'closedTitle')}. {line('vi')}
      </span>
      <span className="en">
        {t('en', 'closedTitle')}. {line('en')}
      </span>
    </div>
  );
}
