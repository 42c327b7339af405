/**
 * Admin CLI for the city server, over its admin API (so it works against any instance):
 *
 *   npx tsx city-server/src/cli.ts hubs list
 *   npx tsx city-server/src/cli.ts hubs add <hubId> "<tên phường>" [--en "<name>"] [--address …] [--district …] [--lat 10.77 --lon 106.70]
 *   npx tsx city-server/src/cli.ts keys add <hubId>          # rotation: a new key, the old one stays valid
 *   npx tsx city-server/src/cli.ts keys revoke <hubId> <keyId>
 *   npx tsx city-server/src/cli.ts hubs deactivate <hubId>
 *   npx tsx city-server/src/cli.ts report                   # generate the latest weekly report now
 *
 * CITY_URL (default http://127.0.0.1:8090) and CITY_ADMIN_TOKEN (default: ./data/city-admin-token).
 * A new key is printed once, with the hub settings to paste (MOTCUA_CITY_URL / MOTCUA_CITY_KEY).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

async function main(argv: string[]): Promise<void> {
  const [group, verb, ...rest] = argv;
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
  throw new Error('commands: hubs list | hubs add | hubs deactivate | keys add | keys revoke | report (see the top of city-server/src/cli.ts)');
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
