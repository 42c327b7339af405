/**
 * The citizen-facing rating screen (`/counter/#/rating`), for a small tablet or a second monitor
 * turned to the citizen. It is a clerk session of the counter, so it receives the counter's
 * `rating:request` and may store the rating with `ticket:rate`:
 * - on the counter PC (second window, Electron's second display) it shares the clerk's session;
 * - on a separate tablet the clerk signs in once ("pairs" it) and it keeps its own session, which
 *   it never signs out at the hub (that would close the clerk's counter); it only forgets it.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Lang, RatingRequest } from '@motcua/shared';
import { CLERK_SESSION_KEY, RATING_SESSION_KEY, send } from '../hub';
import { tr } from '../i18n';
import { LOW_RATING_REASONS, ratingOptions, ratingReducer, toSend, type RatingOption, type RatingState } from '../logic/rating';
import { SignIn } from './SignIn';
import { useHub } from './useHub';

const KEYS = [RATING_SESSION_KEY, CLERK_SESSION_KEY] as const;
const RETRYABLE = new Set(['offline', 'timeout', 'internal', 'rate_limited']);

export function RatingApp({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const hub = useHub(KEYS);
  const s = hub.view.snapshot;
  if (!hub.session) {
    return (
      <SignIn
        lang={lang}
        setLang={setLang}
        title={tr(lang, 'ratingSignInTitle')}
        hint={tr(lang, 'ratingSignInHint')}
        submitLabel={tr(lang, 'pair')}
        centreName={s?.centre.name ?? null}
        counters={s?.counters ?? []}
        connected={hub.view.connected}
        signIn={hub.signIn}
      />
    );
  }
  return <RatingScreen hub={hub} lang={lang} setLang={setLang} />;
}

function RatingScreen({ hub, lang, setLang }: { hub: ReturnType<typeof useHub>; lang: Lang; setLang: (l: Lang) => void }) {
  const { socket, view, session } = hub;
  const s = view.snapshot;
  const [state, dispatch] = useReducer(ratingReducer, { kind: 'idle' } as RatingState);
  const [now, setNow] = useState(() => Date.now());
  const sentFor = useRef<RatingState | null>(null);
  const askAt = s?.centre.rating.askReasonAtOrBelow ?? 2;

  useEffect(() => {
    const t = setInterval(() => {
      const n = Date.now();
      setNow(n);
      dispatch({ type: 'tick', now: n });
    }, 250);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    if (!socket || !session) return;
    const onRequest = (req: RatingRequest) => {
      if (req.counterId === session.counterId) dispatch({ type: 'request', req, now: Date.now() });
    };
    const onDone = (info: { ticketId: string }) => dispatch({ type: 'done', ticketId: info.ticketId, now: Date.now() });
    socket.on('rating:request', onRequest);
    socket.on('rating:done', onDone);
    return () => {
      socket.off('rating:request', onRequest);
      socket.off('rating:done', onDone);
    };
  }, [socket, session]);

  // Entering `sending` sends exactly once per state object.
  useEffect(() => {
    const payload = toSend(state);
    if (!payload || !socket || sentFor.current === state) return;
    sentFor.current = state;
    void send(socket, 'ticket:rate', payload).then((r) => {
      if (r.ok) dispatch({ type: 'sent', ok: true, now: Date.now() });
      else dispatch({ type: 'sent', ok: false, message: r.error.message, retry: RETRYABLE.has(r.error.code), now: Date.now() });
    });
  }, [state, socket]);

  const choose = useCallback((score: number) => dispatch({ type: 'choose', score, askReasonAtOrBelow: askAt, now: Date.now() }), [askAt]);
  const counter = s?.counters.find((c) => c.id === session?.counterId);
  const secondsLeft = (deadline: number) => Math.max(0, Math.ceil((deadline - now) / 1000));

  let body;
  switch (state.kind) {
    case 'idle':
    case 'sending':
      body =
        state.kind === 'sending' ? (
          <p className="rate-wait">{tr(lang, 'sending')}</p>
        ) : (
          <div className="rate-idle" data-testid="rating-idle">
            <h1>{tr(lang, 'ratingIdle')}</h1>
            <p>{tr(lang, 'ratingIdleHint')}</p>
          </div>
        );
      break;
    case 'asking':
      body = (
        <div className="rate-ask" data-testid="rating-ask">
          <p className="rate-for">
            {tr(lang, 'ratingFor')} <strong>{state.req.number}</strong>
          </p>
          <h1>{tr(lang, 'ratingTitle')}</h1>
          <div className={`rate-options scale-${state.req.scale}`}>
            {ratingOptions(state.req.scale).map((o) => (
              <button key={o.score} type="button" className={`rate ${o.tone}`} data-score={o.score} onClick={() => choose(o.score)}>
                <Face tone={o.tone} />
                <span>{o.label[lang]}</span>
              </button>
            ))}
          </div>
          <p className="countdown">
            {secondsLeft(state.deadline)} {tr(lang, 'secondsLeft')}
          </p>
        </div>
      );
      break;
    case 'reason':
      body = (
        <div className="rate-reason" data-testid="rating-reason">
          <h1>{tr(lang, 'reasonTitle')}</h1>
          <div className="reasons">
            {LOW_RATING_REASONS.map((r) => (
              <button key={r.vi} type="button" className="reason" onClick={() => dispatch({ type: 'reason', reason: r.vi })}>
                {r[lang]}
              </button>
            ))}
          </div>
          <button type="button" className="skip" onClick={() => dispatch({ type: 'reason', reason: null })}>
            {tr(lang, 'skip')}
          </button>
          <p className="countdown">
            {secondsLeft(state.deadline)} {tr(lang, 'secondsLeft')}
          </p>
        </div>
      );
      break;
    case 'thanks':
      body = (
        <div className="rate-thanks" data-testid="rating-thanks">
          <h1>{tr(lang, 'thanks')}</h1>
        </div>
      );
      break;
    case 'failed':
      body = (
        <div className="rate-failed" role="alert">
          <p>{state.message}</p>
          <button type="button" className="primary" onClick={() => dispatch({ type: 'retry' })}>
            {tr(lang, 'retry')}
          </button>
        </div>
      );
      break;
  }

  return (
    <main className="rating">
      <header className="rating-top">
        <span>{s ? s.centre.name[lang] : ''}</span>
        <span className="rating-counter">{counter ? counter.name[lang] : ''}</span>
        {!view.connected && <span className="conn off">{tr(lang, 'offline')}</span>}
        <LangSwitchSmall lang={lang} setLang={setLang} />
      </header>
      {body}
    </main>
  );
}

/** Drawn, not emoji: kiosk PCs and tablets often lack a colour emoji font. */
function Face({ tone }: { tone: RatingOption['tone'] }) {
  const mouth = { great: 'M14 27 Q24 38 34 27', good: 'M15 29 Q24 34 33 29', neutral: 'M15 30 L33 30', poor: 'M15 32 Q24 27 33 32', bad: 'M14 34 Q24 24 34 34' }[tone];
  return (
    <svg className="face" viewBox="0 0 48 48" aria-hidden="true">
      <circle cx="24" cy="24" r="21" fill="currentColor" opacity="0.18" stroke="currentColor" strokeWidth="3" />
      <circle cx="17" cy="19" r="2.8" fill="currentColor" />
      <circle cx="31" cy="19" r="2.8" fill="currentColor" />
      <path d={mouth} fill="none" stroke="currentColor" strokeWidth="3.2" strokeLinecap="round" />
    </svg>
  );
}

function LangSwitchSmall({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <button type="button" className="lang-toggle" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
      {tr(lang, 'otherLanguage')}
    </button>
  );
}
