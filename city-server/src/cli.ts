/**
 * Admin CLI for the city server (`motcua-city`, or `npm run cli -w city-server --`).
 *
 * First run, with the city server stopped (it opens the database itself: DATABASE_URL, or the
 * embedded one in CITY_DATA_DIR):
 *
 *   motcua-city init [--username quantri] [--name "Quản trị thành phố"] [--password <chosen>]
 *       creates the first admin; without --password one is generated and shown once.
 *
 * Then, over the admin API of a running instance (so it works against any instance):
 *
 *   npx tsx city-server/src/cli.ts hubs list
 *   npx tsx city-server/src/cli.ts hubs add <hubId> "<tên phường>" [--en "<name>"] [--address …] [--district …] [--lat 10.77 --lon 106.70]
 *   npx tsx city-server/src/cli.ts keys add <hubId>          # rotation: a new key, the old one stays valid
 *   npx tsx city-server/src/cli.ts keys revoke <hubId> <keyId>
 *   npx tsx city-server/src/cli.ts hubs deactivate <hubId>
 *   npx tsx city-server/src/cli.ts report                   # generate the latest weekly report now
 *   npx tsx city-server/src/cli.ts users list
 *   npx tsx city-server/src/cli.ts users add <username> "<tên>" --role admin|viewer [--password …]
 *   npx tsx city-server/src/cli.ts users disable <username>  # ends all their sessions at once
 *   npx tsx city-server/src/cli.ts users unlock <username>   # lifts a lockout after wrong passwords
 *
 * CITY_URL (default http://127.0.0.1:8090) and CITY_ADMIN_TOKEN (default: ./data/city-admin-token).
 * A new key is printed once, with the hub settings to paste (MOTCUA_CITY_URL / MOTCUA_CITY_KEY).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '@motcua/shared';
import { CityAuth } from './auth/auth';
import { startEmbeddedPostgres, type EmbeddedPg } from './db/embedded';
import { migrate } from './db/migrations';
import { createLogger } from './logger';

const url = (process.env.CITY_URL ?? 'http://127.0.0.1:8090').replace(/\/+$/, '');
const tokenFile = join(process.env.CITY_DATA_DIR ?? './data', 'city-admin-token');
const token = process.env.CITY_ADMIN_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '');

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } };
  if (!json.ok) throw new Error(`${res.status} ${json.error?.code ?? ''}: ${json.error?.message ?? ''}`);
  return json.data;
}

function printKey(k: { hubId: string; keyId: string; key: string }): void {
  console.log(`Hub ${k.hubId}: key ${k.keyId} (shown once — give it to the hub now)`);
  console.log(`  MOTCUA_CITY_URL=${url}`);
  console.log(`  MOTCUA_CITY_KEY_ID=${k.keyId}`);
  console.log(`  MOTCUA_CITY_KEY=${k.key}`);
}

/** `init`: the first admin, straight into the database (the server refuses to start without one). */
async function init(args: string[]): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const dataDir = process.env.CITY_DATA_DIR ?? './data';
  let embedded: EmbeddedPg | null = null;
  let dbUrl = process.env.DATABASE_URL;
  if (!dbUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'city-pg'), log }).catch((e: unknown) => {
      throw new Error(`cannot open the embedded database in ${join(dataDir, 'city-pg')} (is the city server running? stop it first): ${e instanceof Error ? e.message : String(e)}`);
    });
    dbUrl = embedded.url;
  }
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  try {
    await migrate(pool);
    const auth = new CityAuth(pool, systemClock, log, { idleMs: 1, absoluteMs: 1 }, () => undefined);
    const admins = (await auth.listUsers()).filter((u) => u.active && u.role === 'admin');
    if (admins.length > 0) throw new Error(`an admin exists already (${admins.map((u) => u.username).join(', ')}): add more users with \`users add\` on the running server`);
    const password = option(args, 'password');
    const created = await auth.createUser(
      { username: option(args, 'username') ?? 'quantri', displayName: option(args, 'name') ?? 'Quản trị thành phố', role: 'admin', ...(password ? { password } : {}) },
      'init',
    );
    console.log(`Đã tạo quản trị viên / admin created: ${created.user.username}`);
    if (created.password) console.log(`  Mật khẩu / password (chỉ hiện một lần / shown once): ${created.password}`);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  const [group, verb, ...rest] = argv;
  if (group === 'init') return init(argv.slice(1));
  if (!token) throw new Error(`no admin token: set CITY_ADMIN_TOKEN or create ${tokenFile}`);
  if (group === 'hubs' && verb === 'list') {
    const hubs = (await call('GET', '/api/admin/hubs')) as { hubId: string; name: { vi: string }; highWater: number; hubLastSeq: number; lastSeenAt: string | null; active: boolean; keys: { keyId: string; revokedAt: string | null }[] }[];
    for (const h of hubs) {
      const keys = h.keys.map((k) => `${k.keyId}${k.revokedAt ? ' (revoked)' : ''}`).join(', ');
      console.log(`${h.hubId.padEnd(24)} ${h.name.vi.padEnd(36)} seq ${h.highWater}/${h.hubLastSeq}  seen ${h.lastSeenAt ?? 'never'}  ${h.active ? '' : 'INACTIVE '}keys: ${keys}`);
    }
    return;
  }
  if (group === 'hubs' && verb === 'add') {
    const [hubId, vi] = rest;
    if (!hubId || !vi) throw new Error('usage: hubs add <hubId> "<tên phường>" [--en …] [--address …] [--district …] [--lat … --lon …]');
    const lat = option(rest, 'lat');
    const lon = option(rest, 'lon');
    const k = (await call('POST', '/api/admin/hubs', {
      hubId,
      name: { vi, en: option(rest, 'en') ?? vi },
      address: option(rest, 'address') ?? '',
      district: option(rest, 'district') ?? null,
      lat: lat ? Number(lat) : null,
      lon: lon ? Number(lon) : null,
    })) as { hubId: string; keyId: string; key: string };
    printKey(k);
    return;
  }
  if (group === 'hubs' && verb === 'deactivate' && rest[0]) {
    await call('DELETE', `/api/admin/hubs/${encodeURIComponent(rest[0])}`);
    console.log(`Hub ${rest[0]} deactivated: its batches are refused; its figures stay.`);
    return;
  }
  if (group === 'keys' && verb === 'add' && rest[0]) {
    printKey((await call('POST', `/api/admin/hubs/${encodeURIComponent(rest[0])}/keys`)) as { hubId: string; keyId: string; key: string });
    return;
  }
  if (group === 'keys' && verb === 'revoke' && rest[0] && rest[1]) {
    await call('DELETE', `/api/admin/hubs/${encodeURIComponent(rest[0])}/keys/${encodeURIComponent(rest[1])}`);
    console.log(`Key ${rest[1]} of ${rest[0]} revoked.`);
    return;
  }
  if (group === 'report') {
    const r = (await call('POST', '/api/admin/reports/weekly')) as { id: number | null };
    console.log(r.id === null ? 'Another instance is generating it.' : `Report ${r.id}: ${url}/api/reports/${r.id}.xlsx and .csv`);
    return;
  }
  if (group === 'users' && verb === 'list') {
    const users = (await call('GET', '/api/admin/users')) as { username: string; displayName: string; role: string; active: boolean }[];
    for (const u of users) console.log(`${u.username.padEnd(24)} ${u.role.padEnd(8)} ${u.active ? '' : 'DISABLED '}${u.displayName}`);
    return;
  }
  if (group === 'users' && verb === 'add' && rest[0] && rest[1]) {
    const password = option(rest, 'password');
    const r = (await call('POST', '/api/admin/users', { username: rest[0], displayName: rest[1], role: option(rest, 'role') ?? 'viewer', ...(password ? { password } : {}) })) as { user: { username: string; role: string }; password: string | null };
    console.log(`User ${r.user.username} (${r.user.role}) created.`);
    if (r.password) console.log(`  Mật khẩu / password (chỉ hiện một lần / shown once): ${r.password}`);
    return;
  }
  if (group === 'users' && (verb === 'disable' || verb === 'unlock') && rest[0]) {
    await call('POST', `/api/admin/users/${encodeURIComponent(rest[0])}/${verb}`);
    console.log(verb === 'disable' ? `User ${rest[0]} disabled: all their sessions ended.` : `User ${rest[0]} unlocked.`);
    return;
  }
  throw new Error('commands: init | hubs list | hubs add | hubs deactivate | keys add | keys revoke | report | users list | users add | users disable | users unlock (see the top of city-server/src/cli.ts)');
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
