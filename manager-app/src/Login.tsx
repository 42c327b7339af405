import { useState, type FormEvent } from 'react';
import { call, errorText, type HubSocket } from './hub';
import { useTr } from './i18n';

/** Manager sign-in; a clerk account is turned away (managers only). */
export function Login({ socket, onSignedIn }: { socket: HubSocket; onSignedIn: (token: string) => void }) {
  const { t, lang } = useTr();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await call(socket, 'auth:login', { username: username.trim(), password });
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error, lang));
      return;
    }
    if (r.data.role !== 'manager') {
      await call(socket, 'auth:logout', {});
      setError(t('thisIsNotAManager'));
      return;
    }
    onSignedIn(r.data.token);
  };

  return (
    <form className="card login" onSubmit={(e) => void submit(e)}>
      <h1>{t('managerSignIn')}</h1>
      <label>
        {t('username')}
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn')}
      </button>
    </form>
  );
}
