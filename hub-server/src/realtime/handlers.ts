/**
 * Every command's handler, merged from the areas. Typed as `Handlers<CommandName>`: a command in
 * the table without a handler here is a compile error.
 */
import type { CommandName } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import { appointmentHandlers } from './appointments';
import { authHandlers } from './auth';
import type { Handlers } from './commands';
import { counterHandlers } from './counters';
import { deviceHandlers } from './devices';
import { managerHandlers } from './manager';
import { createOperations } from './operations';
import { ChipReads } from '../services/chip-reads';
import { publicHandlers } from './public';
import { ticketHandlers } from './tickets';

export function createHandlers(hub: Hub): Handlers<CommandName> {
  const ops = createOperations(hub);
  const chips = new ChipReads(() => hub.clock.now());
  return {
    ...authHandlers(hub),
    ...publicHandlers(hub),
    ...ticketHandlers(hub, ops, chips),
    ...counterHandlers(hub, ops),
    ...deviceHandlers(hub, ops, chips),
    ...appointmentHandlers(hub),
    ...managerHandlers(hub),
  };
}
