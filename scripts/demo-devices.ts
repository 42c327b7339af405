/**
 * The demo ward's devices: a kiosk, a display board, the kiosk's device agent (printer + ID
 * scanner) and counter 1's agent (call keypad, rating pad, LED bus). Paired once through the real
 * pairing flow with the demo manager account; tokens are kept in data/demo-devices.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type Result, type ServerToClientEvents } from '@motcua/shared';
import { DEMO_ACCOUNTS } from '@motcua/hub-server';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface DemoDevices {
  kiosk: { id: string; token: string };
  display: { id: string; token: string };
  kioskAgent: { id: string; token: string };
  counterAgent: { id: string; token: string };
}

/** The ward CA of a demo hub serving HTTPS (MOTCUA_TLS=1 npm start): the demo's sockets trust it and nothing else. */
let hubCa: string | null = null;
export function trustHubCa(pem: string | null): void {
  hubCa = pem;
}

/**
 * What every demo socket needs besides its auth: the hub admits an anonymous socket only with an
 * Origin (its own: hub-server/src/http/security.ts), and trusts a TLS hub only by its ward CA.
 */
export function demoSocketOptions(url: string): { extraHeaders: Record<string, string>; ca?: string; rejectUnauthorized?: boolean } {
  return { extraHeaders: { origin: new URL(url).origin }, ...(hubCa !== null ? { ca: hubCa, rejectUnauthorized: true } : {}) };
}

export function connectHub(url: string, token?: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const s: Client = io(url, {
      auth: token ? { protocolVersion: PROTOCOL_VERSION, token } : { protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      ...demoSocketOptions(url),
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => {
      s.close();
      reject(e);
    });
  });
}

export function call<T>(s: Client, event: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    (s.emit as (e: string, i: unknown, a: (r: Result<T>) => void) => void)(event, input, (r) => (r.ok ? resolve(r.data) : reject(new Error(`${event}: ${r.error.code} ${r.error.detail ?? r.error.message}`)))),
  );
}

async function tokensWork(url: string, d: DemoDevices): Promise<boolean> {
  for (const { token } of Object.values(d) as { token: string }[]) {
    try {
      (await connectHub(url, token)).close();
    } catch {
      return false;
    }
  }
  return true;
}

export async function ensureDemoDevices(url: string, dataDir: string): Promise<DemoDevices> {
  const file = join(dataDir, 'demo-devices.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoDevices;
    if (await tokensWork(url, saved)) return saved;
  }
  const manager = await connectHub(url);
  const m = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!;
  await call(manager, 'auth:login', { username: m.username, password: m.password });
  const pair = async (kind: 'kiosk' | 'display' | 'agent', name: string, extra: Record<string, string> = {}) => {
    const { code } = await call<{ code: string }>(manager, 'manager:createPairingCode', { kind, ...extra });
    const s = await connectHub(url);
    const r = await call<{ deviceId: string; token: string }>(s, 'device:pair', { code, name });
    s.close();
    return { id: r.deviceId, token: r.token };
  };
  const kiosk = await pair('kiosk', 'Kiosk sảnh chính');
  const display = await pair('display', 'Màn hình phòng chờ');
  const kioskAgent = await pair('agent', 'Máy in + đầu đọc CCCD (kiosk)', { boundDeviceId: kiosk.id });
  const counterAgent = await pair('agent', 'Bàn phím gọi số + LED (quầy 1)', { counterId: 'c1' });
  manager.close();
  const devices = { kiosk, display, kioskAgent, counterAgent };
  writeFileSync(file, JSON.stringify(devices, null, 2));
  return devices;
}
