/** What the page's URL asks for: the status view of one ticket, and kiosk options. */
import type { KioskOptions } from './Kiosk';

export function statusTicketId(hash: string): string | null {
  const m = /^#\/t\/([^/?#]{1,64})$/.exec(hash);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null; // a malformed %-escape: not a ticket link
  }
}

export function kioskOptions(search: string): KioskOptions {
  const idle = Number(new URLSearchParams(search).get('idleSec'));
  return { idleMs: (Number.isFinite(idle) && idle >= 3 && idle <= 600 ? idle : 30) * 1000 };
}

/**
 * The device token in a `#token=…` link (what `npm start` prints for the demo kiosk): the kiosk
 * stores it and drops it from the address bar. Tokens are base64url-like; anything else is ignored.
 */
export function tokenFromHash(hash: string): string | null {
  const m = /^#token=([A-Za-z0-9_-]{16,200})$/.exec(hash);
  return m?.[1] ?? null;
}
