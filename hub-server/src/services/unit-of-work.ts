/**
 * One command = one SQLite transaction that updates current state and appends to `events`.
 * A handler that returns an error result rolls everything back, so a refused command leaves the
 * database exactly as it was. What changed is collected for the delta pushed after commit.
 * Events are typed by the shared `HubEvent` union; whoever listens (the sync uploader) is told
 * after each commit that appended any.
 */
import { businessDay, hubEvent, type CallRecord, type Clock, type Counter, type Device, type HubEvent, type HubEventPayload, type HubEventTicketId, type HubEventType, type Result, type Role } from '@motcua/shared';
import type { Db } from '../db/database';
import type { EventRepo, TicketRow } from '../db/repositories';

export interface Actor {
  role: Role | 'public';
  clerkId: string | null;
  counterId: string | null;
  deviceId: string | null;
}

export const SYSTEM_ACTOR: Actor = { role: 'manager', clerkId: null, counterId: null, deviceId: null };

export function actorLabel(a: Actor): string {
  if (a.deviceId) return `device:${a.deviceId}`;
  if (a.clerkId) return a.counterId ? `${a.role}:${a.clerkId}@${a.counterId}` : `${a.role}:${a.clerkId}`;
  return a === SYSTEM_ACTOR ? 'system' : a.role;
}

/** Work to do after commit: pushes to particular sockets (print jobs, rating requests…). */
export type AfterCommit = () => void;

export class Changes {
  readonly tickets = new Map<string, TicketRow>();
  readonly counters = new Map<string, Counter>();
  readonly devices = new Map<string, Device>();
  call: CallRecord | null = null;
  resync = false;
  lastSeq = 0;
  readonly after: AfterCommit[] = [];

  get visible(): boolean {
    return this.tickets.size > 0 || this.counters.size > 0 || this.devices.size > 0 || this.call !== null || this.resync;
  }
}

export class Tx {
  readonly changes = new Changes();
  readonly day: string;
  constructor(
    readonly now: number,
    /** The business day of this transaction (services/business-day.ts: never earlier than a day already started). */
    day: string,
    private readonly events: EventRepo,
    readonly actor: Actor,
  ) {
    this.day = day;
  }
  /** Appends an event; its payload (and whether it has a ticket) is checked against its type. */
  event<T extends HubEventType>(type: T, ticketId: HubEventTicketId<T>, payload: HubEventPayload<T>): number {
    return this.append(hubEvent(type, ticketId, payload));
  }
  /** Appends an event built with `hubEvent` (when the type is only known at run time). */
  record(e: HubEvent): number {
    return this.append(e);
  }
  private append(e: { type: HubEventType; ticketId: string | null; payload: unknown }): number {
    const seq = this.events.append({ at: this.now, day: this.day, type: e.type, actor: actorLabel(this.actor), ticketId: e.ticketId, payload: e.payload });
    this.changes.lastSeq = seq;
    return seq;
  }
  ticket(t: TicketRow): void {
    this.changes.tickets.set(t.id, t);
  }
  counter(c: Counter): void {
    this.changes.counters.set(c.id, c);
  }
  afterCommit(fn: AfterCommit): void {
    this.changes.after.push(fn);
  }
}

/** Thrown inside the transaction to roll it back; carries the refusal the caller returns. */
class Rollback<T> extends Error {
  constructor(readonly result: Result<T>) {
    super('rollback');
  }
}

/** An in-memory cache of rows that a rolled-back transaction may have read or written. */
export interface TxCache {
  invalidate(): void;
}

export class UnitOfWork {
  private readonly committedListeners: (() => void)[] = [];
  constructor(
    private readonly db: Db,
    private readonly events: EventRepo,
    private readonly clock: Clock,
    private readonly timeZone: string,
    /** Cleared whenever a transaction rolls back, so no cache outlives data that never was. */
    private readonly caches: readonly TxCache[] = [],
    /** The business day at an instant (the hub passes its BusinessDayClock; by default the wall clock's day). */
    private readonly dayOf: (now: number) => string = (now) => businessDay(now, this.timeZone),
  ) {}

  /** Calls `fn` after every commit that appended events (e.g. to wake the sync uploader). */
  onEventsCommitted(fn: () => void): void {
    this.committedListeners.push(fn);
  }

  run<T>(actor: Actor, fn: (tx: Tx) => Result<T>): { result: Result<T>; changes: Changes | null } {
    const now = this.clock.now();
    const tx = new Tx(now, this.dayOf(now), this.events, actor);
    try {
      const result = this.db.transaction(() => {
        const r = fn(tx);
        if (!r.ok) throw new Rollback(r);
        return r;
      })();
      if (tx.changes.lastSeq > 0) for (const l of this.committedListeners) l();
      return { result, changes: tx.changes };
    } catch (e) {
      for (const c of this.caches) c.invalidate();
      if (e instanceof Rollback) return { result: e.result, changes: null };
      throw e;
    }
  }
}
