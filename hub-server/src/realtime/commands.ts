/**
 * What the hub supplies for the command table (shared/src/commands.ts): one handler per command.
 * The table says what each command takes, answers and who may send it; the gateway validates the
 * input, checks the role, runs the handler and always acks. Handlers are split by area
 * (auth.ts, public.ts, tickets.ts, counters.ts, devices.ts, appointments.ts, manager.ts) and
 * merged in handlers.ts, where a missing handler is a compile error.
 */
import type { CommandData, CommandName, CommandParsed, Result } from '@motcua/shared';
import type { Actor } from '../services/unit-of-work';
import type { HubSocket } from './types';

export interface CommandContext {
  socket: HubSocket;
  actor: Actor;
  /** Moves the socket into the rooms of a new identity (sign-in, sign-out, pairing). */
  bind: (actor: Actor, sessionTokenHash: string | null) => void;
}

export type Handler<N extends CommandName> = (ctx: CommandContext, input: CommandParsed<N>) => Result<CommandData<N>> | Promise<Result<CommandData<N>>>;

/** Handlers for the commands `N` (an area's part of the table). */
export type Handlers<N extends CommandName> = { [K in N]: Handler<K> };
