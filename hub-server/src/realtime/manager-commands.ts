/**
 * Manager commands (configuration, devices, audit log, reports): the hub side of
 * shared/src/protocol-manager.ts.
 */
import { z } from 'zod';
import { DeviceKind, fail, Id, ok, type ManagerClientEvents } from '@motcua/shared';
import type { Hub } from '../hub';
import { command, type Command } from './commands';

export type ManagerCommandTable = { [E in keyof ManagerClientEvents]: Command<E> };

export function managerCommands(hub: Hub): ManagerCommandTable {
  const { auth } = hub;
  return {
    'manager:createPairingCode': command('manager:createPairingCode', {
      schema: z.object({ kind: DeviceKind, counterId: Id.nullable().optional(), boundDeviceId: Id.nullable().optional() }),
      roles: ['manager'],
      run: ({ actor }, input) =>
        hub.exec(actor, (tx) => {
          if (input.counterId && !hub.counters.byId(input.counterId)) return fail('not_found', `counter ${input.counterId}`);
          const code = auth.createPairingCode(input.kind, input.counterId ?? null, input.boundDeviceId ?? null);
          tx.event('device.pairing_code', null, { kind: input.kind, counterId: input.counterId ?? null, expiresAt: code.expiresAt });
          return ok(code);
        }),
    }),

    'manager:events': command('manager:events', {
      schema: z.object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }),
      roles: ['manager'],
      run: (_ctx, input) => ok(hub.events.after(input.afterSeq ?? 0, input.limit ?? 200).map(({ ticketId: _t, ...e }) => e)),
    }),
  };
}
