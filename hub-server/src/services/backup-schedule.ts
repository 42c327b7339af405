/**
 * The daily backup, run by the hub through its guarded timer (timers.ts): once a business day, at
 * the first check after `backup.at` (local time), the database is copied with SQLite's online
 * backup API (db/backup.ts) into `backup.dir` as `hub-<hubId>-<day>.sqlite`, checked, and only the
 * newest `backup.keep` of those files are kept. A failure (the USB disk unplugged, full) is logged
 * and tried again at the next check; it never stops the hub. The copy runs in steps between other
 * work, so issuing and calling go on meanwhile (writes made during the copy are carried into it).
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { businessDay, minuteOfDay, type Clock } from '@motcua/shared';
import type { HubConfig } from '../config';
import { backupDatabase, type BackupInfo } from '../db/backup';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import { guardedInterval } from './timers';

export type BackupSettings = NonNullable<HubConfig['backup']>;

/** `hub-<hubId>-<YYYY-MM-DD>.sqlite`: sorts by day, and tells whose backup it is. */
export function backupFileName(hubId: string, day: string): string {
  return `hub-${hubId}-${day}.sqlite`;
}

/** Deletes all but the newest `keep` daily backups of this hub in `dir`; returns the names deleted. */
export function rotateBackups(dir: string, hubId: string, keep: number): string[] {
  const pattern = new RegExp(`^hub-${hubId}-(\\d{4}-\\d{2}-\\d{2})\\.sqlite$`);
  const ours = readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}

export class BackupSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupInfo | null> | null = null;
  private readonly atMinute: number;
  /** The last day a backup was written (or found), so the folder is not listed every minute. */
  private doneFor: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly settings: BackupSettings,
    private readonly hubId: string,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly log: Logger,
  ) {
    const [h, m] = settings.at.split(':').map(Number);
    this.atMinute = (h ?? 0) * 60 + (m ?? 0);
  }

  start(): void {
    if (this.timer) return;
    this.timer = guardedInterval(this.log, 'daily backup check', this.settings.checkMs, () => void this.due());
  }

  /** Runs today's backup if it is due and not yet written; resolves with it (null: nothing to do). */
  due(): Promise<BackupInfo | null> {
    const now = this.clock.now();
    const day = businessDay(now, this.timeZone);
    if (this.doneFor === day || minuteOfDay(now, this.timeZone) < this.atMinute) return Promise.resolve(null);
    return this.run(day);
  }

  /** Writes the backup for `day` now (replacing one of the same day), then rotates. */
  run(day: string = businessDay(this.clock.now(), this.timeZone)): Promise<BackupInfo | null> {
    if (this.running) return this.running;
    const file = join(this.settings.dir, backupFileName(this.hubId, day));
    const started = performance.now();
    this.running = backupDatabase(this.db, file)
      .then((info) => {
        this.doneFor = day;
        const removed = rotateBackups(this.settings.dir, this.hubId, this.settings.keep);
        this.log.info({ file, bytes: info.bytes, tickets: info.tickets, events: info.events, ms: Math.round(performance.now() - started), removed }, 'daily backup written');
        return info;
      })
      .catch((e: unknown) => {
        this.log.error({ err: e, file }, 'daily backup failed; tried again at the next check (is the backup disk plugged in and not full?)');
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the timer; resolves once a copy in progress has finished. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
