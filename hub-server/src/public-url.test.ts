import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { firstLanAddress, resolvePublicUrl } from './public-url';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` });
const v6 = (address: string): NetworkInterfaceInfo => ({ address, family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: `${address}/64`, scopeid: 0 });
const LAN = { lo: [v4('127.0.0.1', true)], wlan0: [v6('fe80::1'), v4('169.254.3.4'), v4('192.168.1.23')] };
const LOOPBACK_ONLY = { lo: [v4('127.0.0.1', true)] };

describe('the address a ticket’s QR opens', () => {
  it('is the configured publicUrl when there is one (without a trailing slash)', () => {
    expect(resolvePublicUrl('http://motcua.ben-thanh.lan:8080/', '0.0.0.0', 8080, 'http', LAN)).toEqual({ url: 'http://motcua.ben-thanh.lan:8080', source: 'config' });
  });

  it('is the first LAN IPv4 address with the port when the hub listens on every interface (no link-local, no IPv6)', () => {
    expect(firstLanAddress(LAN)).toBe('192.168.1.23');
    expect(resolvePublicUrl(undefined, '0.0.0.0', 8080, 'http', LAN)).toEqual({ url: 'http://192.168.1.23:8080', source: 'lan' });
    expect(resolvePublicUrl(undefined, '::', 9000, 'http', LAN)).toEqual({ url: 'http://192.168.1.23:9000', source: 'lan' });
  });

  it('is HTTPS on a TLS hub without a plain-HTTP listener', () => {
    expect(resolvePublicUrl(undefined, '0.0.0.0', 8443, 'https', LAN)).toEqual({ url: 'https://192.168.1.23:8443', source: 'lan' });
  });

  it('is the bound address when the hub listens on one LAN address', () => {
    expect(resolvePublicUrl(undefined, '10.0.0.5', 8080, 'http', LAN)).toEqual({ url: 'http://10.0.0.5:8080', source: 'lan' });
  });

  it('says "loopback" (and the hub warns) when no phone could open it', () => {
    expect(resolvePublicUrl(undefined, '0.0.0.0', 8080, 'http', LOOPBACK_ONLY)).toEqual({ url: 'http://127.0.0.1:8080', source: 'loopback' });
    expect(resolvePublicUrl(undefined, '127.0.0.1', 8080, 'http', LAN)).toEqual({ url: 'http://127.0.0.1:8080', source: 'loopback' });
    expect(resolvePublicUrl(undefined, 'localhost', 8080, 'http', LAN).source).toBe('loopback');
  });
});
