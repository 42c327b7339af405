/**
 * The address citizens' phones open from a ticket's QR (the status page /t/<id>): the configured
 * `publicUrl`, or else the hub's first non-loopback IPv4 address on the centre's network with the
 * port it listens on. When only loopback is available no phone can open it: the hub says so loudly
 * (log and the manager's dashboard). Plain HTTP by default: the status page is public.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { PublicUrlSource } from '@motcua/shared';

export interface PublicUrl {
  url: string;
  source: PublicUrlSource;
}

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const LOOPBACK = /^(127\.|::1$|localhost$)/i;
const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** The first non-internal IPv4 address, in the order the system lists its interfaces; null when there is none. */
export function firstLanAddress(interfaces: Interfaces = networkInterfaces()): string | null {
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) return a.address;
  }
  return null;
}

/**
 * Resolves the public base URL (no trailing slash) from the configuration and the address the hub is
 * bound to. `port` and `scheme` are those of the status page: on a TLS hub, its plain-HTTP listener
 * (phones do not trust the ward CA), or HTTPS when it has none.
 */
export function resolvePublicUrl(configured: string | undefined, host: string, port: number, scheme: 'http' | 'https' = 'http', interfaces?: Interfaces): PublicUrl {
  if (configured) return { url: configured.replace(/\/+$/, ''), source: 'config' };
  if (!WILDCARD.has(host) && !LOOPBACK.test(host)) return { url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`, source: 'lan' };
  const lan = WILDCARD.has(host) ? firstLanAddress(interfaces) : null;
  if (lan) return { url: `${scheme}://${lan}:${port}`, source: 'lan' };
  return { url: `${scheme}://127.0.0.1:${port}`, source: 'loopback' };
}
