/**
 * Two pages in one bundle: the kiosk itself, and the public ticket status page phones open from
 * a ticket's QR (`/t/<id>` redirects to `/kiosk/#/t/<id>`). Options come from the query string
 * so a centre (or a test) can tune a kiosk without a rebuild: `?idleSec=30`.
 */
import { useEffect, useState } from 'react';
import { Kiosk } from './Kiosk';
import { kioskOptions, statusTicketId } from './routes';
import { StatusPage } from './screens/StatusPage';

export function App() {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const ticketId = statusTicketId(hash);
  if (ticketId) return <StatusPage ticketId={ticketId} />;
  return <Kiosk options={kioskOptions(window.location.search)} />;
}
