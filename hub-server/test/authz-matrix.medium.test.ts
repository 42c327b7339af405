/**
 * The authorisation matrix, generated from the command table (COMMANDS): every command × every
 * sender — none (a public socket), kiosk, display, agent, a clerk at their own counter (c1), a clerk
 * at another counter (c2), a manager — over real socket.io and SQLite.
 *
 * For a sender the table does not allow, the answer must be exactly `unauthenticated` (public) or
 * `forbidden`. For an allowed sender it must be exactly the object-level refusal where one applies
 * (a clerk acting on another counter's counter or ticket: `wrong_counter`; a kiosk reprinting
 * another kiosk's ticket, an agent settling another agent's print job: `forbidden`), and otherwise
 * no authorisation refusal at all, no `invalid_payload` (the handler really ran) and no `internal`.
 *
 * Which bugs it catches: a role dropped from or added to the gate, a handler that forgets
 * `mayActAt` (tried: replacing the check in `counter:open` (realtime/counters.ts) by `true` fails the
 * row with "counter:open × clerkOther → invalid_state (counter already open): expected
 * 'invalid_state' to be 'wrong_counter'" — the other clerk reached the state machine of c1), a kiosk
 * reprinting anyone's tickets, a print result from a foreign agent, and a new command added to the
 * table without a row here (CASES is a Record over CommandName: it does not compile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMANDS, type CommandName, type ErrorCode, type ManagerConfig, type Sender } from '@motcua/shared';
import { expectOk, send, type HubClient } from './client';
import { startFixture, type Fixture } from './fixture';

const ROLES = ['none', 'kiosk', 'display', 'agent', 'clerkOwn', 'clerkOther', 'manager'] as const;
type RoleName = (typeof ROLES)[number];
const SENDER: Record<RoleName, Sender> = { none: 'public', kiosk: 'kiosk', display: 'display', agent: 'agent', clerkOwn: 'clerk', clerkOther: 'clerk', manager: 'manager' };
/** Answers that mean "you may not": never acceptable for an allowed sender without an object rule. */
const AUTHZ: readonly string[] = ['unauthenticated', 'forbidden', 'wrong_counter', 'locked_out'];

interface World {
  socket: Record<RoleName, HubClient>;
  manager: HubClient;
  kiosk2: HubClient;
  config: ManagerConfig;
  /** A ticket just called to counter c1 (fresh for each sender). */
  ticketAtC1(): Promise<string>;
  /** A visit at c1 just finished (its rating request open). */
  doneAtC1(): Promise<string>;
  /** A waiting ticket just issued by kiosk 2 (not the matrix's kiosk). */
  kiosk2Ticket(): Promise<string>;
  /** A print job sent to kiosk 2's agent (not the matrix's agent). */
  foreignJob: string;
}

interface Case {
  input: (w: World, role: RoleName) => unknown;
  /** Object-level refusals for allowed senders. */
  owner?: Partial<Record<RoleName, ErrorCode>>;
}

let n = 0;
const uniq = (p: string): string => `${p}-${String(++n).padStart(6, '0')}`;
const OTHER_COUNTER = { clerkOther: 'wrong_counter' } as const;
const c1 = (): { counterId: string } => ({ counterId: 'c1' });
const onTicket: Case = { input: async (w) => ({ ticketId: await w.ticketAtC1() }), owner: OTHER_COUNTER };
const issue = (): unknown => ({ serviceId: 's-chung-thuc', channel: 'kiosk', requestId: uniq('authz-issue'), print: false });

const CASES: Record<CommandName, Case> = {
  'auth:login': { input: (_w, role) => ({ username: `matrix-${role}`, password: 'wrong' }) },
  'auth:logout': { input: () => ({}) },
  'device:pair': { input: () => ({ code: '000000', name: 'matrix' }) },
  'state:snapshot': { input: () => ({}) },
  'ticket:status': { input: async (w) => ({ ticketId: await w.ticketAtC1() }) },
  'ticket:issue': { input: issue },
  'appointment:checkIn': { input: () => ({ code: 'NOPE42', requestId: uniq('authz-checkin'), print: false }) },
  'ticket:reprint': { input: async (w) => ({ ticketId: await w.kiosk2Ticket() }), owner: { kiosk: 'forbidden' } },
  'counter:open': { input: c1, owner: OTHER_COUNTER },
  'counter:pause': { input: () => ({ counterId: 'c1', reason: 'họp' }), owner: OTHER_COUNTER },
  'counter:resume': { input: c1, owner: OTHER_COUNTER },
  'counter:close': { input: c1, owner: OTHER_COUNTER },
  'counter:callNext': { input: c1, owner: OTHER_COUNTER },
  'counter:callTicket': {
    input: async (w) => ({ counterId: 'c1', ticketId: expectOk(await send(w.kiosk2, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: uniq('authz-ct'), print: false })).ticket.id, reason: 'missed_call' }),
    owner: OTHER_COUNTER,
  },
  'counter:walkIn': { input: () => ({ counterId: 'c1', serviceId: 's-chung-thuc', requestId: uniq('authz-walkin') }), owner: OTHER_COUNTER },
  'ticket:recall': onTicket,
  'ticket:start': onTicket,
  'ticket:finish': onTicket,
  'ticket:noShow': onTicket,
  'ticket:hold': onTicket,
  'ticket:return': onTicket,
  'ticket:cancel': onTicket,
  'ticket:transfer': { input: async (w) => ({ ticketId: await w.ticketAtC1(), toServiceId: 's-ho-tich' }), owner: OTHER_COUNTER },
  'ticket:rate': { input: async (w) => ({ ticketId: await w.doneAtC1(), score: 4 }), owner: OTHER_COUNTER },
  'ticket:recordDossier': { input: async (w) => ({ ticketId: await w.ticketAtC1(), code: `000.00.21.H29-261123-${String(++n).padStart(4, '0')}` }), owner: OTHER_COUNTER },
  'device:status': { input: () => ({ peripherals: [] }) },
  'kiosk:printer': { input: () => ({}) },
  'device:input': { input: () => ({ type: 'key', peripheral: 'keypad', key: 'pause' }) },
  'print:result': { input: (w) => ({ jobId: w.foreignJob, ok: true }), owner: { agent: 'forbidden' } },
  // No chip reader at the matrix's kiosk (service_unavailable) and no such read (not_found): past the role gate either way.
  'kiosk:readChip': { input: () => ({ requestId: uniq('authz-chip'), can: '123456' }) },
  'chip:result': { input: () => ({ requestId: uniq('authz-chip'), outcome: { ok: false, code: 'no_card', message: 'x', messageEn: 'x', fallbackToQr: true } }) },
  'clerk:today': { input: () => ({}) },
  'appointment:slots': { input: () => ({ serviceId: 's-chung-thuc' }) },
  'appointment:book': {
    input: async (w) => {
      const slot = expectOk(await send(w.manager, 'appointment:slots', { serviceId: 's-chung-thuc' })).find((s) => s.free > 0);
      return { serviceId: 's-chung-thuc', slotAt: slot?.slotAt ?? 0, requestId: uniq('authz-book') };
    },
  },
  'city:nearby': { input: () => ({ serviceCode: 'CT' }) },

  'manager:createPairingCode': { input: () => ({ kind: 'display' }) },
  'manager:events': { input: () => ({ limit: 5 }) },
  'manager:audit': { input: () => ({ limit: 5 }) },
  'manager:config': { input: () => ({}) },
  'manager:saveField': { input: (w) => w.config.fields[0] },
  'manager:deleteField': { input: () => ({ id: 'f-nope' }) },
  'manager:saveService': { input: (w) => w.config.services[0] },
  'manager:saveProcedure': { input: (w) => w.config.procedures[0] },
  'manager:deleteProcedure': { input: () => ({ id: 'p-nope' }) },
  'manager:saveCounter': {
    input: (w) => {
      const c = w.config.counters.find((x) => x.id === 'c5')!;
      return { id: c.id, number: c.number, name: c.name, primary: c.primary, secondary: c.secondary, zone: c.zone };
    },
  },
  'manager:deleteCounter': { input: () => ({ id: 'c-nope' }) },
  'manager:saveClerk': { input: () => ({ username: uniq('matrix'), displayName: 'Ma Trận', role: 'clerk', active: true, password: '48151623' }) },
  'manager:revokeDevice': { input: () => ({ id: 'dev-nope' }) },
  'manager:unlock': { input: () => ({ username: 'nobody' }) },
  'manager:saveSettings': { input: (w) => w.config.settings },
  'manager:importStage': { input: () => ({ importId: 'matrix-0001', fileName: 'a.csv', header: ['national_code', 'name_vi', 'field_code'], offset: 0, rows: [] }) },
  'manager:importCheck': { input: () => ({ importId: 'matrix-0001' }) },
  'manager:importCommit': { input: () => ({ importId: 'matrix-0001', acceptGoodRows: false }) },
  'manager:alarms': { input: () => ({}) },
  'manager:staffingAdvice': { input: () => ({}) },
  'manager:applySkill': { input: () => ({ counterId: 'c5', serviceId: 's-dat-dai', level: 'secondary', until: Date.UTC(2026, 10, 23, 9) }) },
  'manager:removeSkill': { input: () => ({ id: 'skill-nope' }) },
  'manager:teamAssignments': { input: () => ({}) },
  'manager:decideTeamAssignment': { input: () => ({ id: 'team-nope', accept: false }) },
  'manager:report': { input: () => ({ period: 'day', day: '2026-11-23' }) },
  'manager:weekNote': { input: () => ({ day: '2026-11-23' }) },
  'manager:saveWeekNote': { input: () => ({ day: '2026-11-23', text: 'Ma trận quyền' }) },
  'manager:retention': { input: () => ({}) },
  'manager:confirmRetention': { input: () => ({}) },
  'counter:advice': { input: c1, owner: OTHER_COUNTER },
  'counter:respondAdvice': { input: () => ({ counterId: 'c1', adviceId: 'advice-nope', accept: false }), owner: OTHER_COUNTER },
};

function ask(socket: HubClient, name: string, input: unknown): Promise<{ ok: boolean; error?: { code: string; detail?: string } }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${name} within 5 s`)), 5000);
    (socket.emit as (e: string, i: unknown, ack: (r: { ok: boolean; error?: { code: string } }) => void) => void)(name, input, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}

let f: Fixture;
let w: World;

beforeAll(async () => {
  f = await startFixture();
  const manager = await f.manager();
  const { socket: kiosk } = await f.kiosk();
  const { socket: kiosk2, deviceId: kiosk2Id } = await f.kiosk();
  const pair = async (input: { kind: 'agent' | 'display'; counterId?: string; boundDeviceId?: string }): Promise<HubClient> => {
    const { code } = expectOk(await send(manager, 'manager:createPairingCode', input));
    return f.connect(expectOk(await send(await f.connect(), 'device:pair', { code, name: `matrix ${input.kind}` })).token);
  };
  const display = await pair({ kind: 'display' });
  const agent = await pair({ kind: 'agent', counterId: 'c1' });
  const agent2 = await pair({ kind: 'agent', boundDeviceId: kiosk2Id });
  const clerkOwn = await f.clerk(1, 'c1');
  const clerkOther = await f.clerk(2, 'c2');
  expectOk(await send(clerkOwn, 'counter:open', { counterId: 'c1' }));
  const printed = expectOk(await send(kiosk2, 'ticket:issue', { serviceId: 's-ho-tich', channel: 'kiosk', requestId: 'authz-foreign-job', print: true }));
  const config = expectOk(await send(manager, 'manager:config', {}));

  const ticketAtC1 = async (): Promise<string> => {
    await send(manager, 'counter:resume', { counterId: 'c1' });
    await send(manager, 'counter:open', { counterId: 'c1' });
    expectOk(await send(kiosk2, 'ticket:issue', { serviceId: 's-chung-thuc', channel: 'kiosk', requestId: uniq('authz-c1'), print: false }));
    return expectOk(await send(manager, 'counter:callNext', { counterId: 'c1' })).id;
  };
  w = {
    socket: { none: await f.connect(), kiosk, display, agent, clerkOwn, clerkOther, manager },
    manager,
    kiosk2,
    config,
    ticketAtC1,
    async doneAtC1() {
      const id = await ticketAtC1();
      expectOk(await send(manager, 'ticket:finish', { ticketId: id }));
      return id;
    },
    async kiosk2Ticket() {
      return expectOk(await send(kiosk2, 'ticket:issue', { serviceId: 's-dat-dai', channel: 'kiosk', requestId: uniq('authz-k2'), print: false })).ticket.id;
    },
    foreignJob: printed.printJobId ?? '',
  };
  expect(w.foreignJob, 'kiosk 2’s agent got the print job').not.toBe('');
  void agent2;
});
afterAll(async () => {
  await f?.close();
});

/** Signing out ends the sender's own session: it goes last. */
const ORDER = [...COMMAND_NAMES.filter((c) => c !== 'auth:logout').sort(), 'auth:logout' as const];

describe('authorisation matrix: every command × every sender', () => {
  it('has a row for every command of the table', () => {
    expect(Object.keys(CASES).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(ORDER.length).toBeGreaterThanOrEqual(50);
  });

  it.each(ORDER)('%s', async (name) => {
    const spec = COMMANDS[name];
    const c = CASES[name];
    const seen: string[] = [];
    for (const role of ROLES) {
      const sender = SENDER[role];
      const allowed = spec.roles.includes(sender);
      const r = await ask(w.socket[role], name, await c.input(w, role));
      const got = r.ok ? 'ok' : (r.error?.code ?? '?');
      const label = `${name} × ${role} → ${got}${r.error?.detail ? ` (${r.error.detail})` : ''}`;
      seen.push(label);
      if (!allowed) {
        expect(got, label).toBe(sender === 'public' ? 'unauthenticated' : 'forbidden');
      } else if (c.owner?.[role]) {
        expect(got, label).toBe(c.owner[role]);
      } else {
        expect(AUTHZ, label).not.toContain(got);
        expect(got, label).not.toBe('invalid_payload');
        expect(got, label).not.toBe('internal');
      }
    }
    expect(seen).toHaveLength(ROLES.length);
  });
});
