/** Reading SQLite rows: the column-value helpers and the event row mapper the repositories share. */
import type { StoredEvent } from './repositories';

export type Row = Record<string, unknown>;
export const str = (v: unknown): string => v as string;
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** One row of `events` as a StoredEvent. */
export function toStoredEvent(r: Row): StoredEvent {
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    day: str(r.day),
    type: str(r.type),
    actor: strOrNull(r.actor),
    ticketId: strOrNull(r.ticket_id),
    payload: JSON.parse(str(r.payload)) as unknown,
  };
}
