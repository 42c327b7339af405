/**
 * Two screens behind one hash router (the hub serves static files, so no server routes):
 * `#/` the clerk's screen, `#/rating` the citizen-facing rating view.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Lang } from '@motcua/shared';
import { CLERK_SESSION_KEY, LANG_KEY } from './hub';
import { tr } from './i18n';
import { ClerkScreen } from './ui/ClerkScreen';
import { RatingApp } from './ui/RatingView';
import { SignIn } from './ui/SignIn';
import { useHub } from './ui/useHub';

export type Route = 'clerk' | 'rating';

export function routeOf(hash: string): Route {
  return /^#\/?rating\b/.test(hash) ? 'rating' : 'clerk';
}

function subscribeHash(fn: () => void) {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

function useLang(): [Lang, (l: Lang) => void] {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'));
  useEffect(() => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
  }, [lang]);
  return [lang, setLang];
}

export function App() {
  const route = useSyncExternalStore(subscribeHash, () => routeOf(window.location.hash));
  const [lang, setLang] = useLang();
  return route === 'rating' ? <RatingApp lang={lang} setLang={setLang} /> : <ClerkApp lang={lang} setLang={setLang} />;
}

const CLERK_KEYS = [CLERK_SESSION_KEY] as const;

function ClerkApp({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const hub = useHub(CLERK_KEYS);
  const s = hub.view.snapshot;
  useEffect(() => {
    document.title = hub.session ? `${hub.session.clerkName} — ${tr(lang, 'clerkScreen')}` : tr(lang, 'clerkScreen');
  }, [hub.session, lang]);
  if (hub.fatal) {
    return (
      <main className="loading" role="alert">
        <p>{tr(lang, 'refreshed')}</p>
      </main>
    );
  }
  if (!hub.session) {
    return (
      <SignIn
        lang={lang}
        setLang={setLang}
        title={tr(lang, 'clerkScreen')}
        submitLabel={tr(lang, 'signIn')}
        centreName={s?.centre.name ?? null}
        counters={s?.counters ?? []}
        connected={hub.view.connected}
        signIn={hub.signIn}
      />
    );
  }
  return <ClerkScreen key={hub.session.token} hub={hub} session={hub.session} lang={lang} setLang={setLang} />;
}
