/**
 * What device agents send: peripheral status, input (counter keypad keys, rating pad scores,
 * scans) and print results. A keypad key acts like the clerk's button for the counter's current
 * ticket; `call_next` runs the same call-next as the screen (operations.ts).
 */
import { businessDay, fail, ok, parseAppointmentQr, parseCccdQr, type KeypadKey, type Result } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import { chipElderly, type ChipReads } from '../services/chip-reads';
import type { Actor } from '../services/unit-of-work';
import type { Handlers } from './commands';
import type { Operations, TicketAction } from './operations';
import { say } from '../i18n';

/** A keypad "call next" within this long of the counter's last call is refused (key bounce, double press). */
export const KEYPAD_REPEAT_GUARD_MS = 3000;

export function deviceHandlers(hub: Hub, ops: Operations, chips: ChipReads): Handlers<'device:status' | 'device:input' | 'print:result' | 'kiosk:printer' | 'kiosk:readChip' | 'chip:result'> {
  const { queue, devices, config } = hub;

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
      const r = ops.runTicketAction(asClerk, current.id, a);
      return r.ok ? ok(null) : r;
    };
    switch (key) {
      case 'call_next': {
        // A second press right after a call (a bounce, or an impatient double press) would close the
        // visit just called before the citizen reaches the desk: it is refused, the next press works.
        if (current?.state === 'called' && current.calledAt !== null && hub.clock.now() - current.calledAt < KEYPAD_REPEAT_GUARD_MS) {
          return fail('rate_limited', `call_next pressed again ${hub.clock.now() - current.calledAt} ms after calling ${current.number}`);
        }
        const r = ops.callNext(asClerk, counterId);
        return r.ok ? ok(null) : r;
      }
      case 'pause':
      case 'resume': {
        const r = hub.exec(asClerk, (tx) => queue.setCounterStatus(tx, counterId, key, key === 'pause' ? say('vi', 'keypadPauseReason') : undefined));
        return r.ok ? ok(null) : r;
      }
      case 'no_show':
        return onCurrent('noShow');
      default:
        return onCurrent(key);
    }
  }

  return {
    'device:status': ({ actor }, input) =>
      hub.exec(actor, (tx) => {
        devices.updateStatus(tx, actor.deviceId ?? '', input.peripherals);
        return ok(null);
      }),

    'kiosk:printer': ({ actor }) => ok(devices.printerOf(actor.deviceId ?? '')),

    // The kiosk asks; the hub sends the request to the online agent bound to this kiosk that has a
    // ready chip reader — no other agent is ever asked, and only that one may answer.
    'kiosk:readChip': ({ actor }, input) => {
      const kioskId = actor.deviceId;
      if (!kioskId) return fail('forbidden');
      const agentId = devices.chipAgentOf(kioskId);
      if (!agentId) return fail('service_unavailable', 'no chip reader is ready at this kiosk');
      chips.request(input.requestId, kioskId, agentId);
      hub.pushToDevice(agentId, 'chip:read', { requestId: input.requestId, qr: input.qr ?? null, can: input.can ?? null });
      return ok(null);
    },

    'chip:result': ({ actor }, input) => {
      const settled = chips.settle(input.requestId, actor.deviceId ?? '', input.outcome);
      if (settled === 'unknown') return fail('not_found', `chip read ${input.requestId} is unknown or expired`);
      if (settled === 'wrong_agent') return fail('forbidden', `chip read ${input.requestId} was sent to another agent`);
      const o = input.outcome;
      hub.pushToDevice(settled.kioskId, 'kiosk:chip', { requestId: input.requestId, outcome: o, elderly: o.ok && chipElderly(o, queue.elderlyAge()) });
      return ok(null);
    },

    'device:input': ({ actor }, input) => {
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
          const parsed = parseCccdQr(input.data, { today: businessDay(hub.clock.now(), config.timeZone) });
          if (parsed.ok) {
            const { idNumber, fullName, dateOfBirth, sex, issueDate } = parsed.data;
            hub.pushToDevice(target, 'device:scanned', { deviceId: actor.deviceId ?? '', result: ok({ idNumber, fullName, dateOfBirth, sex, issueDate }) });
            return ok(null);
          }
          // The citizen reads the Vietnamese message naming the bad field; the detail is for logs.
          const refused = { ok: false as const, error: { code: 'invalid_payload' as const, message: parsed.error.message, detail: `${parsed.error.field}: ${parsed.error.messageEn}` } };
          hub.pushToDevice(target, 'device:scanned', { deviceId: actor.deviceId ?? '', result: refused, seeClerk: parsed.error.seeClerk });
          return refused;
        }
      }
    },

    'print:result': ({ actor }, input) =>
      hub.exec(actor, (tx) => {
        // Only the agent the job was sent to may settle it (another agent could mark a ticket printed that never was).
        const owner = devices.printJobAgent(input.jobId);
        if (owner !== undefined && owner !== actor.deviceId) return fail('forbidden', `print job ${input.jobId} was sent to another agent`);
        const settled = devices.settlePrint(tx, input.jobId, input.ok, input.error ?? null);
        return settled ? ok(null) : fail('duplicate', `print job ${input.jobId} already settled or unknown`);
      }),
  };
}
