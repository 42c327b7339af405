/**
 * Bad input never crashes the hub and never ends in an internal error: thousands of random and
 * nearly valid payloads, for every command, from every role (public, kiosk, display, agent, two
 * clerks at different counters, manager), over real socket.io into real SQLite. Frames below the
 * command layer (raw engine.io, binary, oversized, no ack) are fuzz-frames.medium.test.ts.
 * Every answer must be a result with a known error code other than `internal` (an `internal` means
 * a handler threw on input it should have refused), and afterwards the hub still serves, its
 * database is intact and no ticket number was given twice.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMANDS, ERROR_CODES } from '@motcua/shared';
import { expectOk, send, type HubClient } from './client';
import { startFixture, type Fixture } from './fixture';
import { arbitraryFromSchema } from './schema-arb';

let f: Fixture;
let sockets: { role: string; socket: HubClient }[];
const liveIds: string[] = [];

beforeAll(async () => {
  f = await startFixture();
  const { socket: kiosk } = await f.kiosk();
  const manager = await f.manager();
  const clerk = await f.clerk(1, 'c1');
  const clerk2 = await f.clerk(2, 'c2');
  const { code } = expectOk(await send(manager, 'manager:createPairingCode', { kind: 'agent', counterId: 'c1' }));
  const agent = await f.connect(expectOk(await send(await f.connect(), 'device:pair', { code, name: 'agent c1' })).token);
  const { code: displayCode } = expectOk(await send(manager, 'manager:createPairingCode', { kind: 'display' }));
  const display = await f.connect(expectOk(await send(await f.connect(), 'device:pair', { code: displayCode, name: 'display' })).token);
  expectOk(await send(clerk, 'counter:open', { counterId: 'c1' }));
  expectOk(await send(clerk2, 'counter:open', { counterId: 'c2' }));
  for (let i = 0; i < 5; i++) liveIds.push(expectOk(await send(kiosk, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: `fuzz-seed-${i}0000`, print: false })).ticket.id);
  sockets = [
    { role: 'public', socket: await f.connect() },
    { role: 'kiosk', socket: kiosk },
    { role: 'clerk', socket: clerk },
    // A second clerk at another counter: the fuzz's ticket ids and counter ids reach object-level refusals (wrong_counter).
    { role: 'clerk', socket: clerk2 },
    { role: 'agent', socket: agent },
    { role: 'display', socket: display },
    { role: 'manager', socket: manager },
  ];
});
afterAll(async () => {
  await f?.close();
});

/** Field names the protocol uses, so that many payloads get past the first check and into the handlers. */
const FIELDS = ['ticketId', 'counterId', 'serviceId', 'procedureId', 'requestId', 'code', 'name', 'username', 'password', 'score', 'reason', 'channel', 'citizen', 'slotAt', 'peripherals', 'type', 'key', 'peripheral', 'jobId', 'ok', 'error', 'toServiceId', 'toCounterId', 'priorityGroup', 'kind', 'id', 'from', 'to', 'day', 'print', 'status', 'primary', 'secondary', 'number', 'fieldId', 'prefix', 'active', 'value', 'settings', 'limit', 'afterSeq', 'serviceCode', 'raw', 'idNumber', 'fullName', 'dateOfBirth', 'text', 'lang', 'clerkId', 'pin', 'role', 'deviceId', 'until', 'level', 'adviceId', 'accept', 'rows', 'csv', 'stageId', 'period'];

/** "$LIVE<n>" stands for one of the tickets issued so far, chosen when the command is sent. */
const LIVE = fc.nat({ max: 1000 }).map((n) => `$LIVE${n}`);
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('c1', 'c2', 'c3', 'c99', 's-chung-thuc', 's-ho-tich', 's-dat-dai', 's-nope', 'kiosk', 'agent', 'display', 'call_next', 'recall', 'finish', 'keypad', 'qr', 'scan', 'key', '079203001234', '1950-01-01', '', ' ', '\u0000', 'Nguyễn Văn A', '<script>', "'; DROP TABLE tickets; --"),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 4, 5, 2 ** 53, Number.NaN, Infinity, -Infinity, 1e308),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const plausible = fc.oneof({ arbitrary: LIVE, weight: 3 }, { arbitrary: scalar, weight: 4 }, { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 }, { arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(scalar, LIVE), { maxKeys: 4 }), weight: 1 });
const nearlyValid = fc.dictionary(fc.constantFrom(...FIELDS), plausible, { minKeys: 1, maxKeys: 5 });
const payload = fc.oneof({ arbitrary: nearlyValid, weight: 6 }, { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 }, { arbitrary: scalar, weight: 1 });

/** Real ids for fields of these names, so that handlers find what they look for. */
const KNOWN: Record<string, fc.Arbitrary<unknown>> = {
  ticketId: LIVE,
  counterId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
  toCounterId: fc.constantFrom('c1', 'c2', 'c3'),
  serviceId: fc.constantFrom('s-chung-thuc', 's-ho-tich', 's-dat-dai'),
  toServiceId: fc.constantFrom('s-chung-thuc', 's-ho-tich', 's-dat-dai'),
  peripheral: fc.constantFrom('keypad', 'scanner', 'printer', 'rating'),
};

function resolveLive(v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith('$LIVE')) return liveIds[Number(v.slice(5)) % liveIds.length];
  if (Array.isArray(v)) return v.map(resolveLive);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveLive(x)]));
  return v;
}

function ask(socket: HubClient, name: string, input: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${name} within 5 s`)), 5000);
    (socket.emit as (e: string, i: unknown, ack: (r: unknown) => void) => void)(name, input, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}

describe('fuzzing every command from every role', () => {
  it('answers everything with ok or a known, non-internal error code, and the hub stays whole', async () => {
    const table = COMMANDS;
    // Signing out would end the test's own sessions; it is tested on its own elsewhere.
    const names = Object.keys(table).filter((n) => n !== 'auth:logout').sort();
    expect(names.length).toBeGreaterThan(40);
    const allowed = (role: string): string[] => names.filter((n) => (table[n as keyof typeof table].roles as readonly string[]).includes(role));
    const codes = new Map<string, number>();
    let accepted = 0;
    // Mostly commands the socket's role may send (so the handlers run), sometimes any command.
    const call = fc.integer({ min: 0, max: sockets.length - 1 }).chain((who) => fc.tuple(fc.constant(who), fc.oneof({ arbitrary: fc.constantFrom(...allowed(sockets[who]!.role)), weight: 5 }, { arbitrary: fc.constantFrom(...names), weight: 1 })));
    // Payloads: valid by the command's own schema (with real ids), that with one field garbled, or garbage.
    const valid = new Map(names.map((n) => [n, arbitraryFromSchema(z.toJSONSchema(table[n as keyof typeof table].input, { io: 'input', unrepresentable: 'any' }), KNOWN)]));
    const garble = (v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0
        ? fc.tuple(fc.constantFrom(...Object.keys(v)), plausible).map(([k, x]) => ({ ...v, [k]: x }))
        : fc.constant(v);
    const commandAndPayload = call.chain(([who, name]) => {
      const ok = valid.get(name)!;
      return fc.tuple(fc.constant(who), fc.constant(name), fc.oneof({ arbitrary: ok, weight: 5 }, { arbitrary: ok.chain(garble), weight: 3 }, { arbitrary: payload, weight: 2 }));
    });
    await fc.assert(
      fc.asyncProperty(commandAndPayload, async ([who, name, raw]) => {
        const { role, socket } = sockets[who]!;
        const input = resolveLive(raw);
        const r = (await ask(socket, name, input)) as { ok?: unknown; data?: { id?: unknown; ticket?: { id?: unknown } }; error?: { code?: unknown } };
        if (r.ok === true) {
          accepted++;
          const id = r.data?.ticket?.id ?? r.data?.id;
          if (typeof id === 'string' && liveIds.length < 200) liveIds.push(id);
        }
        expect(typeof r.ok, `${role} ${name} ${JSON.stringify(input)}`).toBe('boolean');
        if (r.ok === false) {
          const code = String(r.error?.code);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          expect(ERROR_CODES, `${role} ${name} ${JSON.stringify(input)}`).toContain(code);
          expect(code, `${role} ${name} ${JSON.stringify(input)}`).not.toBe('internal');
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000), seed: Number(process.env.FUZZ_SEED ?? 20261122) },
    );
    if (process.env.FUZZ_CODES) console.log({ accepted, ...Object.fromEntries(codes) });
    // The fuzz reached the handlers: commands were carried out, and refusals by role, by payload and by state all occurred.
    expect(accepted).toBeGreaterThan(100);
    for (const c of ['unauthenticated', 'forbidden', 'invalid_payload', 'not_found', 'invalid_state', 'wrong_counter']) expect(codes.get(c) ?? 0, c).toBeGreaterThan(0);

    // The hub still serves a new client, its database is intact and numbering never repeated.
    const fresh = await f.connect();
    expectOk(await send(fresh, 'state:snapshot', {}));
    expect(f.hub.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const dup = f.hub.db.prepare('SELECT day, number, COUNT(*) AS n FROM tickets GROUP BY day, number HAVING n > 1').all();
    expect(dup).toEqual([]);
  }, 120_000);
});
