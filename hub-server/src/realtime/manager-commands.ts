/**
 * Manager commands (configuration, devices, catalogue import, alarms, staffing advice, reports,
 * audit log): the hub side of shared/src/protocol-manager.ts. Only managers may send them; the
 * logic lives in hub-server/src/manager/.
 */
import { z } from 'zod';
import {
  ApplySkill,
  AuditQuery,
  CentreSettings,
  DeviceKind,
  Empty,
  fail,
  Id,
  IdRef,
  ImportCommit,
  ImportRef,
  ImportStage,
  ok,
  ReportQuery,
  SaveClerk,
  SaveCounter,
  SaveField,
  SaveProcedure,
  SaveService,
  type ManagerClientEvents,
} from '@motcua/shared';
import type { Hub } from '../hub';
import { ManagerService } from '../manager/manager-service';
import { staffingAdvice } from '../manager/staffing';
import { command, type Command } from './commands';

export type ManagerCommandTable = { [E in keyof ManagerClientEvents]: Command<E> };

const MANAGER = ['manager'] as const;

export function managerCommands(hub: Hub): ManagerCommandTable {
  const { auth } = hub;
  const m = new ManagerService(hub);
  m.start();
  return {
    'manager:createPairingCode': command('manager:createPairingCode', {
      schema: z.object({ kind: DeviceKind, counterId: Id.nullable().optional(), boundDeviceId: Id.nullable().optional() }),
      roles: MANAGER,
      run: ({ actor }, input) =>
        hub.exec(actor, (tx) => {
          if (input.counterId && !hub.counters.byId(input.counterId)) return fail('not_found', `counter ${input.counterId}`);
          if (input.boundDeviceId && !hub.devices.device(input.boundDeviceId)) return fail('not_found', `device ${input.boundDeviceId}`);
          const code = auth.createPairingCode(input.kind, input.counterId ?? null, input.boundDeviceId ?? null);
          tx.event('device.pairing_code', null, { kind: input.kind, counterId: input.counterId ?? null, boundDeviceId: input.boundDeviceId ?? null, expiresAt: code.expiresAt });
          return ok(code);
        }),
    }),

    'manager:events': command('manager:events', {
      schema: z.object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }),
      roles: MANAGER,
      run: (_ctx, input) => ok(hub.events.after(input.afterSeq ?? 0, input.limit ?? 200).map(({ ticketId: _t, ...e }) => e)),
    }),

    'manager:audit': command('manager:audit', {
      schema: AuditQuery,
      roles: MANAGER,
      run: (_ctx, input) => ok(m.repo.auditPage(input.beforeSeq ?? Number.MAX_SAFE_INTEGER, input.limit ?? 100, input.typePrefix ?? '').map(({ ticketId: _t, ...e }) => e)),
    }),

    'manager:config': command('manager:config', { schema: Empty, roles: MANAGER, run: () => ok(m.config()) }),
    'manager:saveField': command('manager:saveField', { schema: SaveField, roles: MANAGER, run: ({ actor }, input) => m.saveField(actor, input) }),
    'manager:deleteField': command('manager:deleteField', { schema: IdRef, roles: MANAGER, run: ({ actor }, input) => m.deleteField(actor, input.id) }),
    'manager:saveService': command('manager:saveService', { schema: SaveService, roles: MANAGER, run: ({ actor }, input) => m.saveService(actor, input) }),
    'manager:saveProcedure': command('manager:saveProcedure', { schema: SaveProcedure, roles: MANAGER, run: ({ actor }, input) => m.saveProcedure(actor, input) }),
    'manager:deleteProcedure': command('manager:deleteProcedure', { schema: IdRef, roles: MANAGER, run: ({ actor }, input) => m.deleteProcedure(actor, input.id) }),
    'manager:saveCounter': command('manager:saveCounter', { schema: SaveCounter, roles: MANAGER, run: ({ actor }, input) => m.saveCounter(actor, input) }),
    'manager:deleteCounter': command('manager:deleteCounter', { schema: IdRef, roles: MANAGER, run: ({ actor }, input) => m.deleteCounter(actor, input.id) }),
    'manager:saveClerk': command('manager:saveClerk', { schema: SaveClerk, roles: MANAGER, run: ({ actor }, input) => m.saveClerk(actor, input) }),
    'manager:revokeDevice': command('manager:revokeDevice', { schema: IdRef, roles: MANAGER, run: ({ actor }, input) => m.revokeDevice(actor, input.id) }),
    'manager:saveSettings': command('manager:saveSettings', { schema: CentreSettings, roles: MANAGER, run: ({ actor }, input) => m.saveSettings(actor, input) }),

    'manager:importStage': command('manager:importStage', {
      schema: ImportStage,
      roles: MANAGER,
      run: (_ctx, input) => m.stageImport(input.importId, input.fileName, input.header, input.offset, input.rows),
    }),
    'manager:importCheck': command('manager:importCheck', { schema: ImportRef, roles: MANAGER, run: (_ctx, input) => m.checkImport(input.importId) }),
    'manager:importCommit': command('manager:importCommit', { schema: ImportCommit, roles: MANAGER, run: ({ actor }, input) => m.commitImport(actor, input.importId, input.acceptGoodRows) }),

    'manager:alarms': command('manager:alarms', {
      schema: Empty,
      roles: MANAGER,
      run: () => {
        const state = m.alarms.check();
        return state ? ok(state) : fail('internal', 'hub is closing');
      },
    }),
    'counter:advice': command('counter:advice', {
      schema: z.object({ counterId: Id }),
      roles: ['clerk', 'manager'],
      run: ({ actor }, { counterId }) => {
        if (actor.role === 'clerk' && actor.counterId !== counterId) return fail('wrong_counter');
        const advice = staffingAdvice(hub);
        return ok(advice.available ? advice.items.filter((i) => i.counterId === counterId) : []);
      },
    }),
    'counter:respondAdvice': command('counter:respondAdvice', {
      schema: z.object({ counterId: Id, adviceId: z.string().min(1).max(64), accept: z.boolean() }),
      roles: ['clerk', 'manager'],
      run: ({ actor }, input) => {
        if (actor.role === 'clerk' && actor.counterId !== input.counterId) return fail('wrong_counter');
        const advice = staffingAdvice(hub);
        const item = advice.items.find((i) => i.id === input.adviceId && i.counterId === input.counterId);
        if (!item) return fail('not_found', 'this advice no longer applies');
        if (input.accept) {
          const r = m.applySkill(actor, { counterId: item.counterId, serviceId: item.serviceId, level: item.level, until: item.until, adviceId: item.id });
          return r.ok ? ok(null) : r;
        }
        return hub.exec(actor, (tx) => {
          tx.event('advice.declined', null, { adviceId: item.id, counterId: item.counterId, serviceId: item.serviceId });
          return ok(null);
        });
      },
    }),
    'manager:staffingAdvice': command('manager:staffingAdvice', { schema: Empty, roles: MANAGER, run: () => ok(staffingAdvice(hub)) }),
    'manager:applySkill': command('manager:applySkill', { schema: ApplySkill, roles: MANAGER, run: ({ actor }, input) => m.applySkill(actor, input) }),
    'manager:removeSkill': command('manager:removeSkill', { schema: z.object({ id: z.string().min(1).max(64) }), roles: MANAGER, run: ({ actor }, input) => m.removeSkill(actor, input.id) }),

    'manager:report': command('manager:report', { schema: ReportQuery, roles: MANAGER, run: (_ctx, input) => ok(m.report(input.period, input.day)) }),
  };
}
