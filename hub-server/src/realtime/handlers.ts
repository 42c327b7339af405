/**
 * What each command does, and who may send it. Handlers run their work through `hub.exec`, one
 * transaction each, and return the Result the socket layer acks with.
 */
import { z } from 'zod';
import {
  BookAppointmentInput,
  CheckInInput,
  DeviceInput,
  DeviceStatusInput,
  Empty,
  fail,
  IssueTicketInput,
  LoginInput,
  ok,
  PairInput,
  PauseInput,
  PRIORITY_LABELS,
  PrintResultInput,
  RateInput,
  STRINGS,
  TicketRef,
  TransferInput,
  CounterRef,
  Id,
  parseAppointmentQr,
  parseCccdQr,
  type KeypadKey,
  type Result,
  type Ticket,
  type TicketPrintData,
} from '@motcua/shared';
import type { TicketRow } from '../db/repositories';
import type { Hub } from '../hub';
import { toPublicTicket, toTicket } from '../services/queue';
import type { Actor, Tx } from '../services/unit-of-work';
import { command, type CommandTable } from './commands';
import { managerCommands } from './manager-commands';
import { fetchNearbyWards } from '../sync/nearby';

/** A keypad "call next" within this long of the counter's last call is refused (key bounce, double press). */
export const KEYPAD_REPEAT_GUARD_MS = 3000;

const STAFF = ['clerk', 'manager'] as const;
const ANY = ['public', 'kiosk', 'display', 'agent', 'clerk', 'manager'] as const;

/** A clerk may act only at their own counter; managers anywhere. */
function mayActAt(actor: Actor, counterId: string | null): boolean {
  if (actor.role === 'manager') return true;
  return actor.counterId !== null && actor.counterId === counterId;
}

type TicketAction = 'recall' | 'start' | 'finish' | 'noShow' | 'hold' | 'return' | 'cancel';

export function createCommandTable(hub: Hub): CommandTable {
  const { queue, auth, devices, config } = hub;

  /** Loads a ticket and checks the actor may act on it. */
  function ticketFor(actor: Actor, ticketId: string): Result<TicketRow> {
    const r = queue.ticketOr(ticketId);
    if (!r.ok) return r;
    const t = r.data;
    // Waiting tickets belong to no counter yet: only managers act on them (cancel, transfer).
    if (!mayActAt(actor, t.counterId)) return fail(actor.role === 'clerk' ? 'wrong_counter' : 'forbidden');
    return r;
  }

  function runTicketAction(actor: Actor, ticketId: string, action: TicketAction): Result<Ticket> {
    return hub.exec(actor, (tx) => {
      const r = ticketFor(actor, ticketId);
      if (!r.ok) return r;
      let out: Result<TicketRow>;
      switch (action) {
        case 'recall':
          out = queue.recall(tx, r.data);
          break;
        case 'noShow':
          out = queue.apply(tx, r.data, { action: 'no_show', now: tx.now });
          break;
        default:
          out = queue.apply(tx, r.data, { action, now: tx.now });
      }
      if (out.ok && out.data.state === 'done') requestRating(tx, out.data);
      return out.ok ? ok(toTicket(out.data)) : out;
    });
  }

  function requestRating(tx: Tx, t: TicketRow): void {
    if (!t.counterId) return;
    const counterId = t.counterId;
    tx.afterCommit(() => hub.pushToCounter(counterId, 'rating:request', { ticketId: t.id, number: t.number, counterId, timeoutSec: config.rating.timeoutSec, scale: config.rating.scale }));
  }

  function printData(t: TicketRow, peopleAhead: number, estimatedWaitMin: number, statusUrl: string): TicketPrintData {
    const service = hub.catalog.service(t.serviceId);
    return {
      centreName: config.centre.name,
      serviceName: service?.name ?? { vi: t.serviceId, en: t.serviceId },
      number: t.number,
      peopleAhead,
      estimatedWaitMin,
      issuedAt: t.issuedAt,
      statusUrl,
      priority: t.priorityGroup ? PRIORITY_LABELS[t.priorityGroup] : null,
      footer: STRINGS.ticketFooter,
    };
  }

  function issueAndPrint(actor: Actor, print: boolean, issue: (tx: Tx, issuedBy: string) => ReturnType<typeof queue.issue>) {
    return hub.exec(actor, (tx) => {
      const issuedBy = actor.deviceId ?? actor.clerkId ?? 'unknown';
      const r = issue(tx, issuedBy);
      if (!r.ok) return r;
      const { row, issued } = r.data;
      if (print && actor.deviceId && actor.role === 'kiosk' && !issued.repeated) {
        issued.printJobId = devices.queuePrint(tx, row.id, actor.deviceId, printData(row, issued.peopleAhead, issued.estimatedWaitMin, issued.statusUrl));
      }
      return ok(issued);
    });
  }

  /** A keypad key at a counter acts like the clerk's button for that counter's current ticket. */
  function keyAtCounter(actor: Actor, key: KeypadKey): Result<null> {
    const counterId = actor.counterId;
    if (!counterId) return fail('forbidden', 'this agent is not bound to a counter');
    const counter = hub.counters.byId(counterId);
    if (!counter) return fail('not_found', `counter ${counterId}`);
    // Keys that call or serve citizens need a clerk at the counter: nobody's keypad calls people to an empty desk.
    if (key !== 'pause' && key !== 'resume' && !counter.clerkId) return fail('forbidden', `no clerk is signed in at counter ${counterId}`);
    const asClerk: Actor = { role: 'clerk', clerkId: counter.clerkId, counterId, deviceId: actor.deviceId };
    const current = hub.tickets.activeAtCounter(counterId)[0];
    const onCurrent = (a: TicketAction): Result<null> => {
      if (!current) return fail('no_ticket');
      const r = runTicketAction(asClerk, current.id, a);
      return r.ok ? ok(null) : r;
    };
    switch (key) {
      case 'call_next': {
        // A second press right after a call (a bounce, or an impatient double press) would close the
        // visit just called before the citizen reaches the desk: it is refused, the next press works.
        if (current?.state === 'called' && current.calledAt !== null && hub.clock.now() - current.calledAt < KEYPAD_REPEAT_GUARD_MS) {
          return fail('rate_limited', `call_next pressed again ${hub.clock.now() - current.calledAt} ms after calling ${current.number}`);
        }
        const r = hub.exec(asClerk, (tx) => {
          const called = queue.callNext(tx, counterId, counter.clerkId);
          if (called.ok) for (const t of tx.changes.tickets.values()) if (t.state === 'done') requestRating(tx, t);
          return called;
        });
        return r.ok ? ok(null) : r;
      }
      case 'pause':
      case 'resume': {
        const r = hub.exec(asClerk, (tx) => queue.setCounterStatus(tx, counterId, key, key === 'pause' ? 'Tạm dừng từ bàn phím gọi số' : undefined));
        return r.ok ? ok(null) : r;
      }
      case 'no_show':
        return onCurrent('noShow');
      default:
        return onCurrent(key);
    }
  }

  return {
    'auth:login': command('auth:login', {
      schema: LoginInput,
      roles: ANY,
      run: async ({ socket }, input) => {
        const cred = await auth.checkCredentials(input.username, input.password);
        if (!cred.ok) return cred;
        const r = hub.exec({ role: cred.data.role, clerkId: cred.data.clerkId, counterId: input.counterId ?? null, deviceId: null }, (tx) => {
          const s = auth.openSession(cred.data.clerkId, cred.data.role, input.counterId);
          if (!s.ok) return s;
          tx.event('auth.signed_in', null, { clerkId: cred.data.clerkId, counterId: s.data.counterId });
          if (s.data.counterId) {
            const c = hub.counters.byId(s.data.counterId);
            if (c) tx.counter({ ...c, clerkId: cred.data.clerkId });
          }
          return s;
        });
        if (!r.ok) return r;
        const { tokenHash, ...session } = r.data;
        hub.bindSocket(socket, { role: session.role, clerkId: session.clerk?.id ?? null, counterId: session.counterId, deviceId: null }, tokenHash);
        return ok(session);
      },
    }),

    'auth:logout': command('auth:logout', {
      schema: Empty,
      roles: STAFF,
      run: ({ socket, actor }) => {
        const tokenHash = socket.data.sessionToken;
        const r = hub.exec(actor, (tx) => {
          if (tokenHash) auth.closeSession(tokenHash);
          tx.event('auth.signed_out', null, { clerkId: actor.clerkId, counterId: actor.counterId });
          if (actor.counterId && actor.role === 'clerk') {
            const c = hub.counters.byId(actor.counterId);
            if (c && c.clerkId === actor.clerkId) {
              const { idleSince: _i, ...counter } = c;
              const next = { ...counter, clerkId: null, status: hub.tickets.activeAtCounter(c.id).length ? counter.status : ('closed' as const), pauseReason: null };
              hub.counters.update(next);
              tx.counter(next);
            }
          }
          return ok(null);
        });
        hub.bindSocket(socket, { role: 'public', clerkId: null, counterId: null, deviceId: null }, null);
        return r;
      },
    }),

    'device:pair': command('device:pair', {
      schema: PairInput,
      roles: ['public'],
      run: ({ socket, actor }, input) => {
        const r = hub.exec(actor, (tx) => {
          const p = auth.pair(input.code, input.name);
          if (p.ok) tx.event('device.paired', null, { deviceId: p.data.deviceId, kind: p.data.kind, name: input.name });
          return p;
        });
        if (r.ok) hub.bindSocket(socket, { role: r.data.kind, clerkId: null, counterId: r.data.counterId, deviceId: r.data.deviceId }, null);
        return r;
      },
    }),

    'state:snapshot': command('state:snapshot', {
      schema: Empty,
      roles: ANY,
      run: ({ actor }) => ok(hub.snapshot(actor.role)),
    }),

    'ticket:status': command('ticket:status', {
      schema: z.object({ ticketId: Id }),
      roles: ANY,
      run: (_ctx, input) => hub.ticketStatus(input.ticketId),
    }),

    'ticket:issue': command('ticket:issue', {
      schema: IssueTicketInput,
      roles: ['kiosk', 'manager'],
      run: ({ actor }, input) =>
        issueAndPrint(actor, input.print, (tx, by) =>
          queue.issue(tx, { serviceId: input.serviceId, procedureId: input.procedureId, priorityGroup: input.priorityGroup, channel: input.channel, citizen: input.citizen, requestId: input.requestId }, by),
        ),
    }),

    'appointment:checkIn': command('appointment:checkIn', {
      schema: CheckInInput,
      roles: ['kiosk', 'manager'],
      run: ({ actor }, input) => issueAndPrint(actor, input.print, (tx, by) => queue.checkIn(tx, input.code, input.requestId, by)),
    }),

    'ticket:reprint': command('ticket:reprint', {
      schema: TicketRef,
      roles: ['kiosk', 'manager'],
      run: ({ actor }, input) =>
        hub.exec(actor, (tx) => {
          const r = queue.ticketOr(input.ticketId);
          if (!r.ok) return r;
          const t = r.data;
          if (t.state !== 'waiting' && t.state !== 'called') return fail('invalid_state', `ticket is ${t.state}`);
          if (actor.role === 'kiosk' && t.issuedBy !== actor.deviceId) return fail('forbidden', 'a kiosk reprints only its own tickets');
          const kiosk = actor.role === 'kiosk' ? actor.deviceId : t.issuedBy;
          if (!kiosk) return fail('invalid_state', 'no kiosk to print at');
          const p = queue.predict(tx, { ...toPublicTicket(t), targetCounterId: t.targetCounterId });
          const jobId = devices.queuePrint(tx, t.id, kiosk, printData(t, p.peopleAhead, Math.round(p.minutes), `${hub.publicUrl()}/t/${t.id}`));
          return jobId ? ok({ printJobId: jobId }) : fail('service_unavailable', 'no printer online for this kiosk');
        }),
    }),

    'counter:open': command('counter:open', {
      schema: CounterRef,
      roles: STAFF,
      run: ({ actor }, { counterId }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'open')) : fail('wrong_counter')),
    }),
    'counter:pause': command('counter:pause', {
      schema: PauseInput,
      roles: STAFF,
      run: ({ actor }, { counterId, reason }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'pause', reason)) : fail('wrong_counter')),
    }),
    'counter:resume': command('counter:resume', {
      schema: CounterRef,
      roles: STAFF,
      run: ({ actor }, { counterId }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'resume')) : fail('wrong_counter')),
    }),
    'counter:close': command('counter:close', {
      schema: CounterRef,
      roles: STAFF,
      run: ({ actor }, { counterId }) => (mayActAt(actor, counterId) ? hub.exec(actor, (tx) => queue.setCounterStatus(tx, counterId, 'close')) : fail('wrong_counter')),
    }),
    'counter:callNext': command('counter:callNext', {
      schema: CounterRef,
      roles: STAFF,
      run: ({ actor }, { counterId }) => {
        if (!mayActAt(actor, counterId)) return fail('wrong_counter');
        const r = hub.exec(actor, (tx) => {
          const called = queue.callNext(tx, counterId, actor.clerkId);
          // The visit that call next closed gets its rating request like an explicit finish.
          if (called.ok) for (const t of tx.changes.tickets.values()) if (t.state === 'done') requestRating(tx, t);
          return called;
        });
        return r.ok ? ok(toTicket(r.data.ticket)) : r;
      },
    }),

    'ticket:recall': command('ticket:recall', { schema: TicketRef, roles: STAFF, run: ({ actor }, i) => runTicketAction(actor, i.ticketId, 'recall') }),
    'ticket:start': command('ticket:start', { schema: TicketRef, roles: STAFF, run: ({ actor }, i) => runTicketAction(actor, i.ticketId, 'start') }),
    'ticket:finish': command('ticket:finish', { schema: TicketRef, roles: STAFF, run: ({ actor }, i) => runTicketAction(actor, i.ticketId, 'finish') }),
    'ticket:noShow': command('ticket:noShow', { schema: TicketRef, roles: STAFF, run: ({ actor }, i) => runTicketAction(actor, i.ticketId, 'noShow') }),
    'ticket:hold': command('ticket:hold', { schema: TicketRef, roles: STAFF, run: ({ actor }, i) => runTicketAction(actor, i.ticketId, 'hold') }),
    'ticket:return': command('ticket:return', { schema: TicketRef, roles: STAFF, run: ({ actor }, i) => runTicketAction(actor, i.ticketId, 'return') }),
    'ticket:cancel': command('ticket:cancel', { schema: TicketRef, roles: STAFF, run: ({ actor }, i) => runTicketAction(actor, i.ticketId, 'cancel') }),

    'ticket:transfer': command('ticket:transfer', {
      schema: TransferInput,
      roles: STAFF,
      run: ({ actor }, input) =>
        hub.exec(actor, (tx) => {
          const r = ticketFor(actor, input.ticketId);
          if (!r.ok) return r;
          const out = queue.transfer(tx, r.data, input);
          return out.ok ? ok(toTicket(out.data)) : out;
        }),
    }),

    'ticket:rate': command('ticket:rate', {
      schema: RateInput,
      roles: STAFF,
      run: ({ actor }, input) =>
        hub.exec(actor, (tx) => {
          const r = ticketFor(actor, input.ticketId);
          if (!r.ok) return r;
          const out = queue.rate(tx, r.data, input.score, input.reason, config.rating.scale);
          if (out.ok && out.data.counterId) {
            const counterId = out.data.counterId;
            tx.afterCommit(() => hub.pushToCounter(counterId, 'rating:done', { ticketId: input.ticketId }));
          }
          return out.ok ? ok(toTicket(out.data)) : out;
        }),
    }),

    'device:status': command('device:status', {
      schema: DeviceStatusInput,
      roles: ['agent', 'kiosk', 'display'],
      run: ({ actor }, input) =>
        hub.exec(actor, (tx) => {
          devices.updateStatus(tx, actor.deviceId ?? '', input.peripherals);
          return ok(null);
        }),
    }),

    'device:input': command('device:input', {
      schema: DeviceInput,
      roles: ['agent'],
      run: ({ actor }, input) => {
        switch (input.type) {
          case 'key':
            return keyAtCounter(actor, input.key);
          case 'rating': {
            const counterId = actor.counterId;
            if (!counterId) return fail('forbidden', 'this agent is not bound to a counter');
            const last = hub.tickets.lastDoneAtCounter(counterId);
            if (!last || last.rating !== null || hub.clock.now() - (last.finishedAt ?? 0) > config.rating.timeoutSec * 1000) return fail('no_ticket', 'no visit to rate at this counter now');
            const counter = hub.counters.byId(counterId);
            return hub.exec({ role: 'clerk', clerkId: counter?.clerkId ?? null, counterId, deviceId: actor.deviceId }, (tx) => {
              const r = queue.rate(tx, last, input.score, undefined, config.rating.scale);
              if (r.ok) tx.afterCommit(() => hub.pushToCounter(counterId, 'rating:done', { ticketId: last.id }));
              return r.ok ? ok(null) : r;
            });
          }
          case 'scan': {
            const device = actor.deviceId ? devices.device(actor.deviceId) : null;
            const target = device?.boundDeviceId ?? actor.deviceId;
            if (!target) return fail('forbidden');
            // An appointment QR at the ID scanner checks the booking in; anything else must be a CCCD.
            const appointmentCode = parseAppointmentQr(input.data);
            if (appointmentCode) {
              hub.pushToDevice(target, 'device:scanned', { deviceId: actor.deviceId ?? '', appointmentCode, result: fail('invalid_payload', 'appointment QR, not an ID card') });
              return ok(null);
            }
            const parsed = parseCccdQr(input.data);
            if (parsed.ok) {
              const { idNumber, fullName, dateOfBirth, sex } = parsed.data;
              hub.pushToDevice(target, 'device:scanned', { deviceId: actor.deviceId ?? '', result: ok({ idNumber, fullName, dateOfBirth, sex }) });
              return ok(null);
            }
            // The citizen reads the Vietnamese message naming the bad field; the detail is for logs.
            const refused = { ok: false as const, error: { code: 'invalid_payload' as const, message: parsed.error.message, detail: `${parsed.error.field}: ${parsed.error.messageEn}` } };
            hub.pushToDevice(target, 'device:scanned', { deviceId: actor.deviceId ?? '', result: refused });
            return refused;
          }
        }
      },
    }),

    'print:result': command('print:result', {
      schema: PrintResultInput,
      roles: ['agent'],
      run: ({ actor }, input) =>
        hub.exec(actor, (tx) => {
          const settled = devices.settlePrint(tx, input.jobId, input.ok, input.error ?? null);
          return settled ? ok(null) : fail('duplicate', `print job ${input.jobId} already settled or unknown`);
        }),
    }),

    'clerk:today': command('clerk:today', {
      schema: Empty,
      roles: ['clerk'],
      run: ({ actor }) => ok(hub.reports.clerkToday(actor.clerkId ?? '', hub.clock.now())),
    }),

    'appointment:slots': command('appointment:slots', {
      schema: z.object({ serviceId: Id }),
      roles: ['kiosk', 'manager', 'clerk'],
      run: (_ctx, input) => queue.appointmentSlots(input.serviceId, hub.clock.now(), config.appointments),
    }),

    'appointment:book': command('appointment:book', {
      schema: BookAppointmentInput,
      roles: ['kiosk', 'manager'],
      run: ({ actor }, input) => hub.exec(actor, (tx) => queue.bookAppointment(tx, input, config.appointments)),
    }),

    'city:nearby': command('city:nearby', {
      schema: z.object({ serviceCode: z.string().min(1).max(32) }),
      roles: ['kiosk', 'manager', 'clerk', 'public'],
      run: async (_ctx, input) => {
        const service = hub.catalog.services().find((s) => s.code === input.serviceCode);
        if (!service) return fail('not_found', `service ${input.serviceCode}`);
        const field = hub.catalog.fields().find((f) => f.id === service.fieldId);
        if (!config.city || !field) return ok([]);
        return fetchNearbyWards(config.city.url, config.hubId, field.code);
      },
    }),

    ...managerCommands(hub),
  };
}
