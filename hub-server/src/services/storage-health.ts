/**
 * Whether the hub can write its database. A storage error (disk full, a read-only or failing
 * disk: SQLITE_FULL, SQLITE_IOERR…, SQLITE_READONLY…) never ends the hub: the write that met it
 * is refused with `storage_unavailable`, reads keep working, every client is told (`hub:health`:
 * the kiosk stops issuing numbers, the manager sees an alarm), and a probe write every
 * STORAGE_PROBE_MS finds out when space returns. Then the hub records how long it could not write
 * (`hub.storage_recovered`) and tells every client it is back.
 */
import type { Clock, HubHealth } from '@motcua/shared';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import { guardedInterval } from './timers';

/** How often the probe write is tried while the storage is down. */
export const STORAGE_PROBE_MS = 5_000;

/** The probe writes (and removes, in the same transaction) this much: several pages, as an issued ticket and its events would need. */
const PROBE_BYTES = 64 * 1024;

/** SQLite result codes (better-sqlite3 `SqliteError.code`, extended codes included) that mean the storage cannot be written. */
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)(_|$)/;

/** True for an error that says the database cannot be written (not a bug, not a constraint). */
export function isStorageError(e: unknown): e is Error & { code: string } {
  if (!(e instanceof Error) || !('code' in e)) return false;
  const code = (e as { code: unknown }).code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

export interface StorageHealthDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Tells every client (and the manager) the new health. */
  push(health: HubHealth): void;
  /** Records the outage once the storage takes writes again; false if that write failed (still down). */
  recovered(outage: { since: number; until: number; code: string; refused: number }): boolean;
  probeMs?: number;
}

export class StorageHealth {
  private since: number | null = null;
  private code: string | null = null;
  private refused = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly d: StorageHealthDeps) {}

  get health(): HubHealth {
    return this.since === null ? { storage: 'ok', since: null, code: null } : { storage: 'unavailable', since: this.since, code: this.code };
  }

  get available(): boolean {
    return this.since === null;
  }

  /** Notes a storage error met by `what`; the first one raises the alarm and starts the probe. */
  failed(e: Error & { code: string }, what: string): void {
    this.refused++;
    if (this.since !== null) {
      this.d.log.warn({ code: e.code, what }, 'storage still unavailable; write refused');
      return;
    }
    this.since = this.d.clock.now();
    this.code = e.code;
    this.d.log.error({ err: e, what }, 'STORAGE UNAVAILABLE: the hub cannot write its database (disk full or failing). Writes are refused until it recovers; reads keep working.');
    this.d.push(this.health);
    this.timer ??= guardedInterval(this.d.log, 'storage probe', this.d.probeMs ?? STORAGE_PROBE_MS, () => this.probe());
  }

  /** Tries a write now (the probe's tick); true when the storage takes writes again and the alarm is over. */
  probe(): boolean {
    if (this.since === null) return true;
    if (!this.d.db.open) {
      this.stop();
      return false;
    }
    try {
      const pad = 'x'.repeat(PROBE_BYTES);
      this.d.db.transaction(() => {
        this.d.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('storage_probe', ?)").run(pad);
        this.d.db.prepare("DELETE FROM meta WHERE key = 'storage_probe'").run();
      })();
    } catch (e) {
      if (isStorageError(e)) return false;
      throw e;
    }
    const outage = { since: this.since, until: this.d.clock.now(), code: this.code ?? 'unknown', refused: this.refused };
    if (!this.d.recovered(outage)) return false;
    this.since = null;
    this.code = null;
    this.refused = 0;
    this.stop();
    this.d.log.warn({ outage }, 'storage available again: writes resume');
    this.d.push(this.health);
    return true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
