/**
 * The command table: for each client event, its payload schema, the roles that may send it and
 * the handler. The socket layer validates, checks the role, runs the handler and always acks.
 */
import type { z } from 'zod';
import type { ClientToServerEvents, Result, Role } from '@motcua/shared';
import type { Actor } from '../services/unit-of-work';
import type { HubSocket } from './types';

export type CommandName = keyof ClientToServerEvents;
type AckData<E extends CommandName> = Parameters<ClientToServerEvents[E]>[1] extends (r: Result<infer T>) => void ? T : never;

export interface CommandContext {
  socket: HubSocket;
  actor: Actor;
}

export interface Command<E extends CommandName, S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Roles allowed to send it; 'public' means an unauthenticated socket. */
  roles: readonly (Role | 'public')[];
  run: (ctx: CommandContext, input: z.infer<S>) => Result<AckData<E>> | Promise<Result<AckData<E>>>;
}

export type CommandTable = { [E in CommandName]: Command<E> };

export function command<E extends CommandName, S extends z.ZodType>(_name: E, c: Command<E, S>): Command<E> {
  return c;
}
