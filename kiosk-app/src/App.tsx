/**
 * Two pages in one bundle: the kiosk itself, and the public ticket status page phones open from
 * a ticket's QR (`/t/<id>` redirects to `/kiosk/#/t/<id>`). Options come from the query string
 * so a centre (or a test) can tune a kiosk without a rebuild: `?idleSec=30`; `#token=…` pairs it.
 */
import { useEffect, useState } from 'react';
import { Kiosk } from './Kiosk';
import { writeToken } from './hub';
import { kioskOptions, statusTicketId, tokenFromHash } from './routes';
import { StatusPage } from './screens/StatusPage';

/**
 * A `#token=…` link (printed by `npm start`) pairs this kiosk: the token is stored before the kiosk
 * connects, and removed from the address bar and history.
 */
function adoptTokenFromHash(): string {
  const token = tokenFromHash(window.location.hash);
  if (!token) return window.location.hash;
  writeToken(token);
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  return '';
}

export function App() {
  const [hash, setHash] = useState(adoptTokenFromHash);
  useEffect(() => {
    const on = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const ticketId = statusTicketId(hash);
  if (ticketId) return <StatusPage ticketId={ticketId} />;
  return <Kiosk options={kioskOptions(window.location.search)} />;
}
