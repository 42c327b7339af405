/**
 * Wait alarms: a ticket waiting past the warning (15 min) or the breach (20 min) threshold. The
 * computation is pure; the watcher runs it on the hub's clock every few seconds and pushes the
 * alarms to managers when they change, recording each newly crossed threshold in the audit trail.
 */
import type { AlarmState, WaitAlarm } from '@motcua/shared';
import type { Logger } from '../logger';
import { guardedInterval } from '../services/timers';

export interface WaitingTicket {
  id: string;
  number: string;
  serviceId: string;
  queuedAt: number;
}

const MIN = 60_000;

/** Alarms for waiting tickets at `now`, longest wait first. */
export function computeAlarms(waiting: readonly WaitingTicket[], fieldOf: (serviceId: string) => string, now: number, warnMin: number, breachMin: number): WaitAlarm[] {
  return waiting
    .map((t) => ({ t, waited: now - t.queuedAt }))
    .filter(({ waited }) => waited >= warnMin * MIN)
    .sort((a, b) => b.waited - a.waited || a.t.id.localeCompare(b.t.id))
    .map(({ t, waited }) => ({
      ticketId: t.id,
      number: t.number,
      serviceId: t.serviceId,
      fieldId: fieldOf(t.serviceId),
      queuedAt: t.queuedAt,
      waitedMin: Math.floor(waited / MIN),
      level: waited >= breachMin * MIN ? ('breach' as const) : ('warn' as const),
    }));
}

/** A key that changes exactly when a ticket enters, leaves, or changes level. */
export function alarmKey(alarms: readonly WaitAlarm[]): string {
  return alarms.map((a) => `${a.ticketId}:${a.level}`).join('|');
}

export interface AlarmWatcherDeps {
  log: Logger;
  now(): number;
  isOpen(): boolean;
  state(now: number): AlarmState;
  /** Threshold crossings not recorded yet (ticket id + level), recorded by the caller. */
  record(newly: WaitAlarm[]): void;
  push(state: AlarmState): void;
}

/** Checks every `intervalMs`; stops by itself once the hub has closed. */
export class AlarmWatcher {
  private lastKey = '';
  private readonly recorded: Set<string>;
  private timer: NodeJS.Timeout | null = null;

  /** `recorded`: crossings already in the audit trail (after a restart), not recorded again. */
  constructor(
    private readonly deps: AlarmWatcherDeps,
    recorded: Iterable<string> = [],
  ) {
    this.recorded = new Set(recorded);
  }

  start(intervalMs: number): void {
    this.timer = guardedInterval(this.deps.log, 'wait alarms', intervalMs, () => this.check());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Computes, records new crossings and pushes when the set changed. Returns the state. */
  check(): AlarmState | null {
    if (!this.deps.isOpen()) {
      this.stop();
      return null;
    }
    const state = this.deps.state(this.deps.now());
    const newly = state.alarms.filter((a) => !this.recorded.has(`${a.ticketId}:${a.level}`));
    if (newly.length) {
      this.deps.record(newly);
      for (const a of newly) this.recorded.add(`${a.ticketId}:${a.level}`);
    }
    const key = alarmKey(state.alarms);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.deps.push(state);
    }
    return state;
  }
}
