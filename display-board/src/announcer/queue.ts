/**
 * Announcements play one at a time, in the order the calls were made: the next starts only when
 * the previous has finished (or failed), so two announcements never overlap. A call that has
 * waited in the queue too long (a burst of calls, a slow speech engine) is dropped rather than
 * announced late, and so is one whose call is stale by the time its turn comes (the ticket was
 * marked no-show or served meanwhile). The same call is never queued twice; a recall is a new call and is announced
 * again. Every announcement is kept in a short log, for diagnostics and tests.
 */
import type { AnnouncementPlan, PlayStep } from '@motcua/shared';

export interface AnnouncementJob {
  key: string;
  number: string;
  counterNumber: number;
  recall: boolean;
  plan: AnnouncementPlan;
}

export type AnnouncementStatus = 'queued' | 'playing' | 'done' | 'failed' | 'dropped';

export interface PlayedStep {
  step: PlayStep;
  /** What was actually used: the pack's clips, the built-in tone, speech synthesis, or nothing. */
  via: 'clips' | 'tone' | 'speech' | 'none';
  startedAt: number;
  endedAt: number;
  error?: string;
}

export interface AnnouncementRecord {
  key: string;
  number: string;
  counterNumber: number;
  recall: boolean;
  steps: PlayStep[];
  status: AnnouncementStatus;
  queuedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  played: PlayedStep[];
  error: string | null;
}

/** Plays one announcement; resolves when it has finished. Records each step into `record.played`. */
export type Perform = (job: AnnouncementJob, record: AnnouncementRecord) => Promise<void>;

export interface QueueOptions {
  now: () => number;
  /** An announcement that waited longer than this is dropped. */
  maxWaitMs?: number;
  /** How many records the log keeps. */
  logSize?: number;
  /**
   * Asked just before an announcement plays: why it is stale (the ticket was marked no-show,
   * served, or called elsewhere since), or null to play it. A stale one is dropped, not announced.
   */
  stale?: (job: AnnouncementJob) => string | null;
}

export class AnnouncementQueue {
  private readonly pending: { job: AnnouncementJob; record: AnnouncementRecord }[] = [];
  private readonly records: AnnouncementRecord[] = [];
  private readonly listeners = new Set<() => void>();
  private running = false;
  private readonly maxWaitMs: number;
  private readonly logSize: number;

  constructor(
    private readonly perform: Perform,
    private readonly opts: QueueOptions,
  ) {
    this.maxWaitMs = opts.maxWaitMs ?? 60_000;
    this.logSize = opts.logSize ?? 50;
  }

  /** Queues a call's announcement unless the same call is already queued or playing. */
  enqueue(job: AnnouncementJob): boolean {
    if (this.records.some((r) => r.key === job.key && (r.status === 'queued' || r.status === 'playing'))) return false;
    const record: AnnouncementRecord = {
      key: job.key,
      number: job.number,
      counterNumber: job.counterNumber,
      recall: job.recall,
      steps: job.plan.steps,
      status: 'queued',
      queuedAt: this.opts.now(),
      startedAt: null,
      endedAt: null,
      played: [],
      error: null,
    };
    this.records.push(record);
    if (this.records.length > this.logSize) this.records.splice(0, this.records.length - this.logSize);
    this.pending.push({ job, record });
    this.changed();
    void this.pump();
    return true;
  }

  /** The announcement playing now, if any. */
  current(): AnnouncementRecord | null {
    return this.records.find((r) => r.status === 'playing') ?? null;
  }

  log(): readonly AnnouncementRecord[] {
    return this.records;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops everything not yet playing (the board is closing, or sound was turned off). */
  clear(): void {
    for (const { record } of this.pending.splice(0)) {
      record.status = 'dropped';
      record.error = 'cleared';
    }
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        const { job, record } = next;
        const waited = this.opts.now() - record.queuedAt;
        if (waited > this.maxWaitMs) {
          record.status = 'dropped';
          record.error = `waited ${Math.round(waited / 1000)} s`;
          this.changed();
          continue;
        }
        const stale = this.opts.stale?.(job) ?? null;
        if (stale !== null) {
          record.status = 'dropped';
          record.error = `stale: ${stale}`;
          this.changed();
          continue;
        }
        record.status = 'playing';
        record.startedAt = this.opts.now();
        this.changed();
        try {
          await this.perform(job, record);
          record.status = 'done';
        } catch (e) {
          record.status = 'failed';
          record.error = e instanceof Error ? e.message : String(e);
        }
        record.endedAt = this.opts.now();
        this.changed();
      }
    } finally {
      this.running = false;
    }
  }
}
