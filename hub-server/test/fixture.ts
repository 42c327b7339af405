/** Starts a real hub on 127.0.0.1:0 with a temporary SQLite file and an injected clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHubEvent } from '@motcua/shared';
import { startHub, type Hub } from '../src/hub';
import { createLogger } from '../src/logger';
import type { HubConfigInput } from '../src/config';
import { defaultSettings } from '../src/manager/settings';
import { SYSTEM_ACTOR } from '../src/services/unit-of-work';
import { connect, expectOk, send, type HubClient } from './client';

export class TestClock {
  constructor(public t: number) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Fixture {
  hub: Hub;
  clock: TestClock;
  dir: string;
  sockets: HubClient[];
  connect(token?: string): Promise<HubClient>;
  manager(): Promise<HubClient>;
  clerk(n: number, counterId: string): Promise<HubClient>;
  kiosk(): Promise<{ socket: HubClient; deviceId: string; token: string }>;
  close(): Promise<void>;
}

/**
 * Gives the fixture's ward a real ward's hours (the defaults of a ward that is not the demo:
 * Monday–Friday 07:30–17:00 with lunch 11:30–13:00, Saturday morning, Sunday closed); the demo ward
 * it starts with is open around the clock.
 */
export function useWardHours(f: Pick<Fixture, 'hub'>): void {
  const r = f.hub.manager.saveSettings(SYSTEM_ACTOR, { ...f.hub.manager.settings.get(), openingHours: defaultSettings(f.hub.config).openingHours });
  if (!r.ok) throw new Error(`could not set the ward's hours: ${r.error.code}`);
}

/** 09:00 in Ho Chi Minh City on 2026-11-23 (a Monday). */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 2, 0, 0);

/** `publicDir`: the built web apps to serve (default: hub-server/public). */
export async function startFixture(config: HubConfigInput = {}, startAt = MONDAY_9AM, dir = mkdtempSync(join(tmpdir(), 'motcua-hub-')), options: { publicDir?: string } = {}): Promise<Fixture> {
  const clock = new TestClock(startAt);
  const hub = await startHub({ config: { host: '127.0.0.1', port: 0, dataDir: dir, ...config }, clock, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), ...options });
  const sockets: HubClient[] = [];
  const f: Fixture = {
    hub,
    clock,
    dir,
    sockets,
    async connect(token) {
      // A TLS hub (config.tls): trust its ward CA and nothing else, as a device does.
      const s = await connect(hub.url, token, undefined, hub.tls ? { ca: hub.tls.ca } : {});
      sockets.push(s);
      return s;
    },
    async manager() {
      const s = await f.connect();
      expectOk(await send(s, 'auth:login', { username: 'quanly', password: 'quanly2025' }));
      return s;
    },
    async clerk(n, counterId) {
      const s = await f.connect();
      expectOk(await send(s, 'auth:login', { username: `canbo${n}`, password: String(n).repeat(4), counterId }));
      return s;
    },
    async kiosk() {
      const m = await f.manager();
      const { code } = expectOk(await send(m, 'manager:createPairingCode', { kind: 'kiosk' }));
      const s = await f.connect();
      const paired = expectOk(await send(s, 'device:pair', { code, name: 'Kiosk sảnh chính' }));
      return { socket: s, deviceId: paired.deviceId, token: paired.token };
    },
    async close() {
      for (const s of sockets) s.close();
      // Every event the test made the hub write must read as a HubEvent (the sync contract).
      const unread = hub.db.open ? hub.events.after(0, Number.MAX_SAFE_INTEGER).flatMap((e) => {
        const r = parseHubEvent(e);
        return r.ok ? [] : [`#${e.seq} ${r.message}`];
      }) : [];
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
      if (unread.length) throw new Error(`the hub wrote events that do not match the HubEvent union:\n${unread.slice(0, 10).join('\n')}`);
    },
  };
  return f;
}
