/**
 * Backup and restore of the hub database (issue 15, defect 6). Copying `hub.sqlite` by hand is not
 * a backup: the last acknowledged commands live in `hub.sqlite-wal` until a checkpoint (a copy
 * without it lost 60 of 60 recent tickets and the kiosk's pairing). Here:
 *
 * - `backupDatabase` uses SQLite's online backup API (better-sqlite3 `db.backup`): a consistent
 *   copy of the database *including* what is still in the WAL, safe while the hub serves. From the
 *   hub's own connection, writes made during the copy are carried into it by SQLite; from another
 *   process (`motcua-hub backup`), all remaining pages are copied in one step, inside one read
 *   transaction, so a busy hub cannot keep restarting it. The copy is written to `<file>.partial`,
 *   checked with `PRAGMA quick_check`, synced to disk and renamed into place: a file with the
 *   final name is always a whole, checked backup.
 * - `verifyBackup` opens a file read-only and runs `quick_check`; it also reads the ward's
 *   identity (hub id, schema version, ticket and event counts) for the technician.
 * - `restoreDatabase` refuses while any process has the database open (a running hub holds a
 *   shared lock; SQLite's exclusive locking mode cannot be had while it does), verifies the
 *   backup first, keeps the current database as `hub.sqlite.before-restore-<time>` (checkpointed,
 *   so it is whole on its own) and puts the backup in its place.
 *
 * The backup holds the database only. The secrets folder (the key of the CCCD pseudonym) is not
 * in it, on purpose: a database copy on a USB disk cannot be turned back into ID numbers. Back up
 * `secrets/` once, separately (it does not change); README "Backup and restore".
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from './database';

export class BackupError extends Error {}

export interface BackupInfo {
  file: string;
  bytes: number;
  /** `PRAGMA quick_check` said ok. */
  ok: boolean;
  /** quick_check's first complaint, when not ok. */
  problem: string | null;
  schemaVersion: number;
  /** The `meta` table (the ward's identity and the like). */
  meta: Record<string, string>;
  tickets: number;
  events: number;
  lastEventSeq: number;
  /** Newest event's time (epoch ms), null without events. */
  lastEventAt: number | null;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies `db` to `file` (replaced if present) with the online backup API; returns the checked copy's summary. */
export async function backupDatabase(db: Db, file: string): Promise<BackupInfo> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    // The first step copies 100 pages; answering "all of them" makes the rest one step, so writes
    // by another process cannot restart the copy over and over.
    await db.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
    // The copy carries the source's WAL flag; a backup is one self-contained file, so it leaves WAL
    // mode (nothing can be left in a -wal beside it, and opening it read-only creates no sidecars).
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const info = verifyBackup(partial);
    if (!info.ok) throw new BackupError(`the copy failed its check: ${info.problem ?? 'unknown problem'}`);
    fsyncPath(partial);
    renameSync(partial, file);
    fsyncPath(dirname(file));
    return { ...info, file };
  } finally {
    rmSync(partial, { force: true });
  }
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/** Opens `file` read-only and checks it; never modifies it. Throws BackupError when it is not a hub database at all. */
export function verifyBackup(file: string): BackupInfo {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  const bytes = statSync(file).size;
  if (bytes === 0) throw new BackupError(`${file} is empty (0 bytes): not a backup`);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupError(`${file} cannot be opened as a database: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    let rows: { quick_check: string }[];
    try {
      rows = db.pragma('quick_check') as { quick_check: string }[];
    } catch (e) {
      throw new BackupError(`${file} is not a readable database: ${e instanceof Error ? e.message : String(e)}`);
    }
    const ok = rows.length === 1 && rows[0]?.quick_check === 'ok';
    const problem = ok ? null : (rows[0]?.quick_check ?? 'no answer');
    if (!tableExists(db, 'events') || !tableExists(db, 'tickets')) throw new BackupError(`${file} is a database but not a Một Cửa hub database (no tickets or events table)`);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const meta = tableExists(db, 'meta') ? Object.fromEntries((db.prepare('SELECT key, value FROM meta ORDER BY key').all() as { key: string; value: string }[]).map((r) => [r.key, r.value])) : {};
    const tickets = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
    const ev = db.prepare('SELECT count(*) AS n, coalesce(max(seq), 0) AS last, max(at) AS at FROM events').get() as { n: number; last: number; at: number | null };
    return { file, bytes, ok, problem, schemaVersion, meta, tickets, events: ev.n, lastEventSeq: ev.last, lastEventAt: ev.at };
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  restored: BackupInfo;
  /** Where the database that was there went (null: there was none). */
  previous: string | null;
}

/**
 * Puts the backup `from` in place of the database `target` (`<dataDir>/hub.sqlite`). Refuses while
 * the database is open elsewhere, or when the backup fails its check. `stamp` names the kept copy.
 */
export function restoreDatabase(from: string, target: string, stamp: string): RestoreResult {
  const restored = verifyBackup(from);
  if (!restored.ok) throw new BackupError(`${from} failed its check (${restored.problem ?? 'unknown problem'}): not restored; the current database is untouched`);
  let previous: string | null = null;
  const incoming = `${target}.restoring`;
  if (existsSync(target) && statSync(target).size > 0) {
    // Hold the exclusive lock while the current database is folded into one file and moved aside:
    // no hub can open it meanwhile, and a hub that has it open makes this fail (SQLITE_BUSY).
    const cur = new Database(target, { fileMustExist: true, timeout: 0 });
    try {
      cur.pragma('locking_mode = EXCLUSIVE');
      cur.exec('BEGIN EXCLUSIVE');
      cur.exec('COMMIT');
      cur.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      cur.close();
      if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new BackupError(`${target} is in use: a hub is running on this data folder. Stop it first (sudo systemctl stop motcua-hub), then restore.`);
      throw e;
    }
    cur.close();
    previous = join(dirname(target), `${basename(target)}.before-restore-${stamp}`);
    renameSync(target, previous);
  }
  for (const f of [`${target}-wal`, `${target}-shm`]) {
    // After the checkpoint these hold nothing the moved file lacks; a stale WAL next to the restored
    // file would be replayed into it.
    if (existsSync(f)) renameSync(f, previous ? `${previous}${f.slice(target.length)}` : `${f}.stale-${stamp}`);
  }
  rmSync(incoming, { force: true });
  copyWhole(from, incoming);
  fsyncPath(incoming);
  renameSync(incoming, target);
  fsyncPath(dirname(target));
  return { restored: { ...restored, file: target }, previous };
}

/** A byte copy of a database file that has no WAL of its own (a backup made by backupDatabase). */
function copyWhole(from: string, to: string): void {
  const src = new Database(from, { readonly: true, fileMustExist: true });
  try {
    // VACUUM INTO writes a complete, compact database in one read transaction.
    src.prepare('VACUUM INTO ?').run(to);
  } finally {
    src.close();
  }
}
