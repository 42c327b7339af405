import { useState, type FormEvent } from 'react';
import type { Counter, Lang, LocalizedText } from '@motcua/shared';
import { errorText, type CommandResult, type StoredSession } from '../hub';
import { tr } from '../i18n';
import { LangSwitch } from './LangSwitch';

interface Props {
  lang: Lang;
  setLang: (l: Lang) => void;
  title: string;
  hint?: string;
  submitLabel: string;
  centreName: LocalizedText | null;
  counters: Counter[];
  connected: boolean;
  signIn: (username: string, pin: string, counterId: string) => Promise<CommandResult<StoredSession>>;
}

/**
 * The counter the form starts on: the one the clerk picked (or this PC last used) when it is free,
 * else the first free counter; one already in use by another clerk is never preselected (signing
 * in there takes the counter over). When every counter is in use, the remembered or first one.
 */
export function preselectCounter(counters: readonly Pick<Counter, 'id' | 'clerkId'>[], wanted: string, picked = false): string {
  const want = counters.find((c) => c.id === wanted);
  if (want && (picked || want.clerkId == null)) return want.id;
  return counters.find((c) => c.clerkId == null)?.id ?? want?.id ?? counters[0]?.id ?? '';
}

/** Username + PIN, bound to a counter. The counter choice is remembered on this PC. */
export function SignIn({ lang, setLang, title, hint, submitLabel, centreName, counters, connected, signIn }: Props) {
  const [username, setUsername] = useState(() => localStorage.getItem('motcua.counter.lastUser') ?? '');
  const [pin, setPin] = useState('');
  const [counterId, setCounterId] = useState(() => localStorage.getItem('motcua.counter.lastCounter') ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // True once the clerk picks in the list: an explicit choice of a counter in use is kept.
  const [picked, setPicked] = useState(false);
  const chosen = preselectCounter(counters, counterId, picked);
  const chosenTaken = counters.find((c) => c.id === chosen)?.clerkId != null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !chosen) return;
    setBusy(true);
    setError(null);
    const r = await signIn(username.trim(), pin, chosen);
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error, lang));
      setPin('');
      return;
    }
    localStorage.setItem('motcua.counter.lastUser', username.trim());
    localStorage.setItem('motcua.counter.lastCounter', chosen);
  };

  return (
    <main className="signin">
      <div className="signin-card">
        <div className="signin-top">
          <p className="centre-name">{centreName ? centreName[lang] : tr(lang, 'centreTitle')}</p>
          <LangSwitch lang={lang} setLang={setLang} />
        </div>
        <h1>{title}</h1>
        {hint && <p className="muted">{hint}</p>}
        <form onSubmit={(e) => void submit(e)}>
          <label>
            {tr(lang, 'username')}
            <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
          </label>
          <label>
            {tr(lang, 'pin')}
            <input name="pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value)} required />
          </label>
          <label>
            {tr(lang, 'chooseCounter')}
            <select name="counter" value={chosen} onChange={(e) => {
                setCounterId(e.target.value);
                setPicked(true);
              }} disabled={counters.length === 0}>
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name[lang]}
                  {c.clerkId ? ` (${tr(lang, 'counterTaken')})` : ''}
                </option>
              ))}
            </select>
          </label>
          {chosenTaken && (
            <p className="muted small" data-testid="counter-in-use">
              {tr(lang, 'counterInUseHint')}
            </p>
          )}
          {counters.length === 0 && <p className="muted">{connected ? tr(lang, 'noCounters') : tr(lang, 'reconnecting')}</p>}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy || !connected || !chosen}>
            {busy ? tr(lang, 'signingIn') : submitLabel}
          </button>
        </form>
      </div>
    </main>
  );
}
