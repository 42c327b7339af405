/**
 * Generates the weekly report at its slot (Friday 16:00 Asia/Ho_Chi_Minh) and, on start, the
 * latest slot's report if it is missing (the server was down at that time). Several instances
 * may run this: a transaction-scoped advisory lock and the unique `scheduled_for` make sure one
 * report is stored per slot.
 */
import type { Pool } from 'pg';
import type { Clock } from '@motcua/shared';
import { withClient } from '../db/client';
import type { Logger } from '../logger';
import { lastSlot, nextSlot, periodOfSlot } from './period';
import { buildWeeklyReport, reportCsv, reportXlsx } from './weekly';

const LOCK_KEY = 73_462_102;

export class WeeklyScheduler {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly lateThresholdMin: number,
  ) {}

  start(): void {
    this.running = this.catchUp().finally(() => this.arm());
  }

  /** The latest slot's report, if it is missing and the city already existed at that time. */
  private async catchUp(): Promise<void> {
    try {
      const slot = lastSlot(this.clock.now());
      const r = await this.pool.query<{ since: Date | null }>('SELECT min(applied_at) AS since FROM city_migrations');
      const since = r.rows[0]?.since?.getTime() ?? 0;
      if (slot >= since) await this.generateFor(slot);
    } catch (e) {
      this.log.error({ err: e }, 'weekly report catch-up failed; will retry at the next slot');
    }
  }

  private run(slot: number): void {
    this.running = this.generateFor(slot)
      .catch((e: unknown) => this.log.error({ err: e, slot: new Date(slot).toISOString() }, 'weekly report failed; will retry at the next start or slot'))
      .finally(() => this.arm());
  }

  private arm(): void {
    if (this.stopped) return;
    const next = nextSlot(this.clock.now());
    // Timers drift and the clock may be injected: re-check at most every hour.
    const delay = Math.min(Math.max(1000, next - this.clock.now()), 3_600_000);
    this.timer = setTimeout(() => {
      if (this.clock.now() >= next) this.run(next);
      else this.arm();
    }, delay);
    this.timer.unref();
  }

  /** Builds and stores the report of a slot unless it exists; returns its id. */
  generateFor(slot: number): Promise<number | null> {
    return withClient(this.pool, async (client) => {
      await client.query('BEGIN');
      try {
        const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [LOCK_KEY]);
        if (!got.rows[0]?.ok) {
          await client.query('ROLLBACK');
          return null; // another instance is generating it
        }
        const existing = await client.query<{ id: string }>('SELECT id FROM city_reports WHERE scheduled_for = to_timestamp($1 / 1000.0)', [slot]);
        if (existing.rows[0]) {
          await client.query('ROLLBACK');
          return Number(existing.rows[0].id);
        }
        const period = periodOfSlot(slot);
        const report = await buildWeeklyReport(this.pool, period, this.clock.now(), this.lateThresholdMin);
        const xlsx = await reportXlsx(report);
        const r = await client.query<{ id: string }>('INSERT INTO city_reports (period_from, period_to, scheduled_for, csv, xlsx) VALUES ($1, $2, to_timestamp($3 / 1000.0), $4, $5) RETURNING id', [
          period.from,
          period.to,
          slot,
          reportCsv(report),
          xlsx,
        ]);
        await client.query('COMMIT');
        const id = Number(r.rows[0]?.id);
        this.log.info({ id, period, wards: report.wards.length }, 'weekly report generated');
        return id;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
