/**
 * The shape of one entry of the command table (commands.ts): its input schema, who may send it,
 * and a phantom marker carrying the type of its answer (no value exists at run time).
 */
import type { z } from 'zod';
import type { Role } from './domain';

/** Who sends a command: a role, or 'public' for a socket that neither signed in nor paired. */
export type Sender = Role | 'public';

/** Carries the answer type `R` of a command at the type level only. */
export interface ResultMarker<R> {
  readonly __result?: () => R;
}

export function resultOf<R>(): ResultMarker<R> {
  return {};
}

export interface CommandSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  /** Validates what the client sends; the hub answers `invalid_payload` when it does not parse. */
  input: S;
  /** Who may send it; others get `unauthenticated` (public) or `forbidden`. */
  roles: readonly Sender[];
  result: ResultMarker<R>;
}

export function command<S extends z.ZodType, R>(input: S, roles: readonly Sender[], result: ResultMarker<R>): CommandSpec<S, R> {
  return { input, roles, result };
}
