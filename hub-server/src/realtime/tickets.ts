/** Issuing (kiosk, appointment check-in), reprinting, and acting on a ticket (recall … rate). */
import { DOSSIER_CODE_MESSAGES, fail, ok, parseDossierCode } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import type { ChipReads } from '../services/chip-reads';
import { toTicket, type IssueRequest } from '../services/queue';
import type { Actor, Tx } from '../services/unit-of-work';
import type { Handlers } from './commands';
import type { Operations, TicketAction } from './operations';

type TicketCommand =
  | 'ticket:issue'
  | 'appointment:checkIn'
  | 'ticket:reprint'
  | 'ticket:recall'
  | 'ticket:start'
  | 'ticket:finish'
  | 'ticket:noShow'
  | 'ticket:hold'
  | 'ticket:return'
  | 'ticket:cancel'
  | 'ticket:transfer'
  | 'ticket:rate'
  | 'ticket:recordDossier';

export function ticketHandlers(hub: Hub, ops: Operations, chips: ChipReads): Handlers<TicketCommand> {
  const { queue, devices, config } = hub;

  function issueAndPrint(actor: Actor, print: boolean, issue: (tx: Tx, issuedBy: string) => ReturnType<typeof queue.issue>) {
    return hub.exec(actor, (tx) => {
      const issuedBy = actor.deviceId ?? actor.clerkId ?? 'unknown';
      const r = issue(tx, issuedBy);
      if (!r.ok) return r;
      const { row, issued } = r.data;
      if (print && actor.deviceId && actor.role === 'kiosk' && !issued.repeated) {
        issued.printJobId = devices.queuePrint(tx, row.id, actor.deviceId, ops.printData(row, issued.place, issued.statusUrl));
      }
      return ok(issued);
    });
  }

  const action =
    (a: TicketAction) =>
    ({ actor }: { actor: Actor }, input: { ticketId: string }) =>
      ops.runTicketAction(actor, input.ticketId, a);

  return {
    // The wait is predicted before the transaction opens, never inside it (issue 13 item 7).
    'ticket:issue': ({ actor }, input) => {
      let req: IssueRequest = { serviceId: input.serviceId, procedureId: input.procedureId, priorityGroup: input.priorityGroup, channel: input.channel, citizen: input.citizen, requestId: input.requestId };
      if (input.chipReadId !== undefined) {
        // The chip read as the kiosk's own agent sent it: the kiosk's word about the citizen is not taken.
        const read = actor.deviceId ? chips.read(input.chipReadId, actor.deviceId) : null;
        if (!read) return fail('not_found', `chip read ${input.chipReadId} is unknown, expired or another kiosk's: read the card again`);
        // The QR is not asked about the age when the chip was read: a printed QR may disagree with the signed chip.
        req = { ...req, citizen: undefined, citizenName: read.fullName, verifiedAgeBand: read.verified ? read.ageBand : null };
      }
      const forecast = queue.forecastIssue(req, hub.clock.now());
      return issueAndPrint(actor, input.print, (tx, by) => queue.issue(tx, req, by, forecast));
    },

    'appointment:checkIn': ({ actor }, input) => {
      const forecast = queue.forecastCheckIn(input.code, hub.clock.now());
      return issueAndPrint(actor, input.print, (tx, by) => queue.checkIn(tx, input.code, input.requestId, by, forecast));
    },

    'ticket:reprint': ({ actor }, input) => {
      // Predicted before the transaction (issue 13 item 7); same turn of the event loop, same queue.
      const before = queue.ticketOr(input.ticketId);
      // A reprint tells the figures as they are now (a called ticket has nobody ahead).
      const place = before.ok ? queue.issuedView(before.data, true).place : null;
      return hub.exec(actor, (tx) => {
        const r = queue.ticketOr(input.ticketId);
        if (!r.ok) return r;
        const t = r.data;
        // Ownership first: another kiosk learns nothing about the ticket, not even its state.
        if (actor.role === 'kiosk' && t.issuedBy !== actor.deviceId) return fail('forbidden', 'a kiosk reprints only its own tickets');
        if (t.state !== 'waiting' && t.state !== 'called') return fail('invalid_state', `ticket is ${t.state}`);
        const kiosk = actor.role === 'kiosk' ? actor.deviceId : t.issuedBy;
        if (!kiosk) return fail('invalid_state', 'no kiosk to print at');
        if (!place) return fail('not_found', `ticket ${t.id}`);
        const jobId = devices.queuePrint(tx, t.id, kiosk, ops.printData(t, place, queue.statusUrl(t.id)));
        return jobId ? ok({ printJobId: jobId }) : fail('service_unavailable', 'no printer online for this kiosk');
      });
    },

    'ticket:recall': action('recall'),
    'ticket:start': action('start'),
    'ticket:finish': action('finish'),
    'ticket:noShow': action('noShow'),
    'ticket:hold': action('hold'),
    'ticket:return': action('return'),
    'ticket:cancel': action('cancel'),

    'ticket:transfer': ({ actor }, input) =>
      hub.exec(actor, (tx) => {
        const r = ops.ticketFor(actor, input.ticketId);
        if (!r.ok) return r;
        const out = queue.transfer(tx, r.data, input);
        return out.ok ? ok(toTicket(out.data)) : out;
      }),

    'ticket:rate': ({ actor }, input) =>
      hub.exec(actor, (tx) => {
        const r = ops.ticketFor(actor, input.ticketId);
        if (!r.ok) return r;
        // A rating is the citizen's answer to the rating request after the visit: once that window
        // is over (or for a visit not finished) the clerk who served it cannot set one.
        const t = r.data;
        if (actor.role === 'clerk' && (t.finishedAt === null || hub.clock.now() - t.finishedAt > config.rating.timeoutSec * 1000)) {
          return fail('forbidden', 'a visit is rated only by the citizen, while its rating request is open');
        }
        const out = queue.rate(tx, r.data, input.score, input.reason, config.rating.scale);
        if (out.ok && out.data.counterId) {
          const counterId = out.data.counterId;
          tx.afterCommit(() => hub.pushToCounter(counterId, 'rating:done', { ticketId: input.ticketId }));
        }
        return out.ok ? ok(toTicket(out.data)) : out;
      }),

    // A dossier received during the visit, by the code on its receipt: validated (dossier-code.ts),
    // once per code, for a visit at the clerk's counter (in progress or finished today).
    'ticket:recordDossier': ({ actor }, input) =>
      hub.exec(actor, (tx) => {
        const r = ops.ticketFor(actor, input.ticketId);
        if (!r.ok) return r;
        const t = r.data;
        if (t.day !== tx.day || !(t.state === 'called' || t.state === 'serving' || t.state === 'done')) return fail('invalid_state', `số ${t.number}: chỉ ghi mã hồ sơ cho lượt đang phục vụ hoặc đã xong hôm nay / only for a visit in progress or finished today`);
        const parsed = parseDossierCode(input.code, tx.day);
        if (!parsed.ok) {
          // The clerk reads why (Vietnamese in `message`, English in `detail`), not a generic refusal.
          const m = DOSSIER_CODE_MESSAGES[parsed.reason];
          const refusal = fail('invalid_payload', m.en);
          refusal.error.message = m.vi;
          return refusal;
        }
        const code = parsed.value.code;
        const already = hub.events.dossierRecordedFor(code, parsed.value.receivedOn, tx.day);
        if (already === t.id) return ok({ ticketId: t.id, codes: hub.events.dossierCodesOf(tx.day, t.id) });
        if (already) return fail('duplicate', `mã hồ sơ ${code} đã được ghi nhận cho lượt khác / already recorded for another visit`);
        let procedureId = input.procedureId ?? t.procedureId;
        if (procedureId !== null) {
          const p = hub.catalog.procedure(procedureId);
          if (!p || p.serviceId !== t.serviceId) return fail('not_found', `thủ tục ${procedureId} không thuộc dịch vụ của số ${t.number} / procedure not of this service`);
          procedureId = p.id;
        }
        tx.event('ticket.dossier_recorded', t.id, { number: t.number, serviceId: t.serviceId, procedureId, counterId: t.counterId, dossierCode: code });
        return ok({ ticketId: t.id, codes: hub.events.dossierCodesOf(tx.day, t.id) }); // the event is in the transaction already
      }),
  };
}
