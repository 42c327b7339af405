/**
 * COPY … FROM STDIN in PostgreSQL's text format: the cheapest way to store many rows, in the
 * database (one parse per line, rows written in bulk: fewer WAL records, the table extended many
 * pages at a time instead of one page per row under a lock every concurrent batch waits for) and
 * here (one string, no per-column array literals). Used for the raw events of a sync batch.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field of a COPY text line: NULL as \N; backslash, newline, carriage return and tab escaped. */
export function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : v;
}

/**
 * Streams `lines` (each already made of `copyField`s joined by tabs, ending in a newline) into
 * `table (columns)` on `client`, inside whatever transaction it is in; resolves with the rows
 * stored. A bad line fails the whole COPY (and so the transaction).
 */
export async function copyInto(client: PoolClient, table: string, columns: readonly string[], lines: string): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([lines]), stream);
  return stream.rowCount;
}
