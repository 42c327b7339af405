/**
 * Manager commands (configuration, devices, catalogue import, alarms, staffing advice, reports,
 * audit log) and the counter's staffing-advice commands; the logic lives in hub-server/src/manager/.
 */
import { businessDay, fail, ok, servesService, WeekNotePayload, weekOf, type CommandName, type WeekNote } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import type { Handlers } from './commands';

type ManagerCommand = Extract<CommandName, `manager:${string}`> | 'counter:advice' | 'counter:respondAdvice';

export function managerHandlers(hub: Hub): Handlers<ManagerCommand> {
  const { auth } = hub;
  const m = hub.manager;
  return {
    'manager:createPairingCode': ({ actor }, input) =>
      hub.exec(actor, (tx) => {
        if (input.counterId && !hub.counters.byId(input.counterId)) return fail('not_found', `counter ${input.counterId}`);
        if (input.boundDeviceId && !hub.devices.device(input.boundDeviceId)) return fail('not_found', `device ${input.boundDeviceId}`);
        void hub.throttle.pairingCodeCreated();
        const code = auth.createPairingCode(input.kind, input.counterId ?? null, input.boundDeviceId ?? null);
        tx.event('device.pairing_code', null, { kind: input.kind, counterId: input.counterId ?? null, boundDeviceId: input.boundDeviceId ?? null, expiresAt: code.expiresAt });
        return ok(code);
      }),

    'manager:events': (_ctx, input) => ok(hub.events.after(input.afterSeq ?? 0, input.limit ?? 200).map(({ ticketId: _t, ...e }) => e)),
    'manager:audit': (_ctx, input) => ok(m.repo.auditPage(input.beforeSeq ?? Number.MAX_SAFE_INTEGER, input.limit ?? 100, input.typePrefix ?? '').map(({ ticketId: _t, ...e }) => e)),

    'manager:config': () => ok(m.config()),
    'manager:saveField': ({ actor }, input) => m.saveField(actor, input),
    'manager:deleteField': ({ actor }, input) => m.deleteField(actor, input.id),
    'manager:saveService': ({ actor }, input) => m.saveService(actor, input),
    'manager:saveProcedure': ({ actor }, input) => m.saveProcedure(actor, input),
    'manager:deleteProcedure': ({ actor }, input) => m.deleteProcedure(actor, input.id),
    'manager:saveCounter': ({ actor }, input) => m.saveCounter(actor, input),
    'manager:deleteCounter': ({ actor }, input) => m.deleteCounter(actor, input.id),
    'manager:saveClerk': ({ actor }, input) => m.saveClerk(actor, input),
    'manager:revokeDevice': ({ actor }, input) => m.revokeDevice(actor, input.id),
    'manager:unlock': async ({ actor }, input) => {
      await hub.throttle.unlock(input.username, input.address);
      return hub.exec(actor, (tx) => {
        tx.event('auth.unlocked', null, { username: input.username ?? null, address: input.address ?? null });
        return ok(null);
      });
    },
    'manager:retention': () => ok(hub.dayCycle.retentionHold),
    'manager:confirmRetention': () => ok(hub.applyRetention(true)),
    'manager:saveSettings': ({ actor }, input) => m.saveSettings(actor, input),

    'manager:importStage': (_ctx, input) => m.stageImport(input.importId, input.fileName, input.header, input.offset, input.rows),
    'manager:importCheck': (_ctx, input) => m.checkImport(input.importId),
    'manager:importCommit': ({ actor }, input) => m.commitImport(actor, input.importId, input.acceptGoodRows),

    'manager:alarms': () => {
      const state = m.alarms.check();
      return state ? ok(state) : fail('internal', 'hub is closing');
    },
    'counter:advice': async ({ actor }, { counterId }) => {
      if (actor.role === 'clerk' && actor.counterId !== counterId) return fail('wrong_counter');
      const advice = await hub.staffing.advice();
      // What the counter can act on: an extra skill, or its clerk switching to another counter's work.
      return ok(advice.available ? advice.items.filter((i) => i.counterId === counterId && i.kind !== 'openReserve') : []);
    },
    'counter:respondAdvice': async ({ actor }, input) => {
      if (actor.role === 'clerk' && actor.counterId !== input.counterId) return fail('wrong_counter');
      const advice = await hub.staffing.advice();
      const item = advice.items.find((i) => i.id === input.adviceId && i.counterId === input.counterId);
      if (!item) return fail('not_found', 'this advice no longer applies');
      // A reserve counter opens when a clerk signs in there: nothing the hub can apply.
      if (item.kind === 'openReserve') return fail('conflict', 'a reserve counter opens when its clerk signs in');
      const serviceIds = item.kind === 'addSkill' ? [item.serviceId] : item.serviceIds;
      if (input.accept) {
        if (item.kind === 'addSkill') {
          const r = m.applySkill(actor, { counterId: item.counterId, serviceId: item.serviceId, level: item.level, until: item.until, adviceId: item.id });
          return r.ok ? ok(null) : r;
        }
        // A clerk moved to another counter's work: the hub routes that counter's services to the
        // clerk's counter (primary skills until the end), all or none; the clerk does the rest.
        const counter = hub.counters.byId(item.fromCounterId);
        if (!counter) return fail('not_found', `counter ${item.fromCounterId}`);
        const missing = serviceIds.filter((id) => !servesService(counter, id));
        return hub.exec(actor, (tx) => {
          for (const serviceId of missing) {
            const r = m.addSkill(tx, { counterId: item.fromCounterId, serviceId, level: 'primary', until: item.until, adviceId: item.id });
            if (!r.ok) return r;
          }
          return ok(null);
        });
      }
      return hub.exec(actor, (tx) => {
        tx.event('advice.declined', null, { adviceId: item.id, counterId: item.counterId, serviceId: serviceIds[0] ?? '' });
        return ok(null);
      });
    },
    'manager:staffingAdvice': async () => ok(await hub.staffing.advice()),
    'manager:applySkill': ({ actor }, input) => m.applySkill(actor, input),
    'manager:removeSkill': ({ actor }, input) => m.removeSkill(actor, input.id),

    // Mobile support team members sent by the city (manager/team-assignments.ts).
    'manager:teamAssignments': () => ok(hub.teams.list(businessDay(hub.clock.now(), hub.config.timeZone))),
    'manager:decideTeamAssignment': ({ actor }, input) => hub.teams.decide(actor, input),

    'manager:report': (_ctx, input) => ok(m.report(input.period, input.day)),
    // The week note is an event (the hub's log keeps it; the sync takes it to the city): the
    // latest one of the week is the note.
    'manager:weekNote': (_ctx, input) => ok(weekNote(hub, input.day)),
    'manager:saveWeekNote': ({ actor }, input) => {
      const w = weekOf(input.day);
      if (w.from > weekOf(businessDay(hub.clock.now(), hub.config.timeZone)).from) return fail('invalid_payload', 'a note is for this week or a past one');
      return hub.exec(actor, (tx) => {
        tx.event('report.week_note', null, { weekFrom: w.from, weekTo: w.to, text: input.text });
        return ok<WeekNote>({ weekFrom: w.from, weekTo: w.to, week: w.label, text: input.text, savedAt: hub.clock.now() });
      });
    },
  };
}

/** The latest note saved for the ISO week of `day` (the hub keeps events until the city has them and retention allows). */
function weekNote(hub: Hub, day: string): WeekNote {
  const w = weekOf(day);
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const page = hub.manager.repo.auditPage(before, 200, 'report.');
    for (const e of page) {
      if (e.type !== 'report.week_note') continue;
      const p = WeekNotePayload.safeParse(e.payload);
      if (p.success && p.data.weekFrom === w.from) return { weekFrom: w.from, weekTo: w.to, week: w.label, text: p.data.text, savedAt: e.at };
    }
    if (page.length < 200) return { weekFrom: w.from, weekTo: w.to, week: w.label, text: '', savedAt: null };
    before = page[page.length - 1]!.seq;
  }
}
