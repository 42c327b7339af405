/**
 * Snapshots and deltas: what each role may see of the live state. Displays and kiosks never get
 * personal data (citizen names, ratings, clerk ids); only managers get device health.
 */
import type { CallRecord, CentreInfo, OpeningRules, Counter, Delta, LiveTicket, Role, ServiceLoad, Snapshot } from '@motcua/shared';
import type { HubConfig } from '../config';
import type { CounterRepo, DeviceRepo, TicketRow } from '../db/repositories';
import type { Catalog } from './catalog';
import { toPublicTicket, toTicket, type QueueService } from './queue';
import type { Changes } from './unit-of-work';
import type { QueuedTicket } from '../dispatch/types';

export type Audience = 'public' | 'staff' | 'manager';

/** The socket.io room of each audience: deltas are cut per audience (public, staff, manager). */
export const ROOMS: Record<Audience, string> = { public: 'aud:public', staff: 'aud:staff', manager: 'aud:manager' };

export function audienceOf(role: Role | 'public'): Audience {
  return role === 'manager' ? 'manager' : role === 'clerk' ? 'staff' : 'public';
}

/** A counter as an audience sees it: the public (kiosks, displays, agents, anonymous) never learns who staffs it. */
export function projectCounter(c: Counter, audience: Audience): Counter {
  return audience === 'public' ? { ...c, clerkId: null } : c;
}

export function project(t: TicketRow, audience: Audience): LiveTicket {
  return audience === 'public' ? toPublicTicket(t) : toTicket(t);
}

/** The centre as clients see it in their snapshot, from the hub's configuration (which the manager's settings update). */
export function centreInfoOf(config: HubConfig, publicUrl: { url: string; source: CentreInfo['publicUrlSource'] }, hours: OpeningRules & { alarms: CentreInfo['alarms'] }): CentreInfo {
  return {
    hubId: config.hubId,
    name: config.centre.name,
    address: config.centre.address,
    targetWaitMin: config.targetWaitMin,
    timeZone: config.timeZone,
    publicUrl: publicUrl.url,
    publicUrlSource: publicUrl.source,
    rating: config.rating,
    recallLimit: config.recallLimit,
    priority: { elderlyAge: config.priority.elderlyAge, maxInRow: config.priority.maxInRow },
    retention: { personalDataDays: config.retention.personalDataDays },
    alarms: { warnMin: hours.alarms.warnMin, breachMin: hours.alarms.breachMin, busyMin: hours.alarms.busyMin },
    opening: { openingHours: hours.openingHours, opening: hours.opening },
  };
}

/** Estimated waits per service are pushed at most this often (snapshots are always fresh). */
export const LOADS_REFRESH_MS = 2_000;

export class StateService {
  private recentCalls: CallRecord[] = [];
  /** Tickets changed since loads were last pushed. */
  loadsDirty = false;
  /** Bumped by every visible change: loads computed at the same version (and day, and recently) are reused. */
  private version = 0;
  private loadsCache: { version: number; day: string; at: number; loads: ServiceLoad[] } | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly counters: CounterRepo,
    private readonly devices: DeviceRepo,
    private readonly queue: QueueService,
    private readonly centre: () => CentreInfo,
    private readonly online: (deviceId: string) => boolean,
  ) {}

  noteCall(call: CallRecord): void {
    this.recentCalls = [call, ...this.recentCalls].slice(0, 20);
  }

  /** A new business day starts with an empty call list. */
  resetCalls(calls: CallRecord[] = []): void {
    this.recentCalls = calls.slice(0, 20);
  }

  /**
   * Per active service: waiting count, oldest wait, and what a new ticket would be told now without
   * and with priority (the same model as the ticket itself: QueueService.probePlaces, one schedule for
   * all). Reused while nothing changed (for at most LOADS_REFRESH_MS), so 300 boards reconnecting after
   * a hub restart cost one computation, not 300.
   */
  loads(now: number, day: string): ServiceLoad[] {
    const c = this.loadsCache;
    if (c && c.version === this.version && c.day === day && now >= c.at && now - c.at < LOADS_REFRESH_MS) return c.loads;
    const loads = this.computeLoads(now, day);
    this.loadsCache = { version: this.version, day, at: now, loads };
    return loads;
  }

  private computeLoads(now: number, day: string): ServiceLoad[] {
    // One read of the live tickets for every service's prediction.
    const view = this.queue.view(day);
    const queued = view.waiting;
    const services = this.catalog.services().filter((s) => s.active);
    const probe = (serviceId: string, priorityGroup: 'elderly' | null): QueuedTicket => ({ id: `probe-${priorityGroup ?? 'walk-in'}-${serviceId}`, serviceId, channel: 'kiosk', priorityGroup, queuedAt: now, slotAt: null, targetCounterId: null });
    const probes = services.flatMap((s) => [probe(s.id, null), probe(s.id, 'elderly')]);
    const told = this.queue.probePlaces({ now, day }, probes, queued, view.counters);
    return services.map((s) => {
      const mine = queued.filter((t) => t.serviceId === s.id);
      const next = told.get(probe(s.id, null).id)!;
      const priority = told.get(probe(s.id, 'elderly').id)!;
      return {
        serviceId: s.id,
        waiting: mine.length,
        oldestQueuedAt: mine.length ? Math.min(...mine.map((t) => t.queuedAt)) : null,
        estimatedWaitMin: Math.round(next.forecast.midMin),
        next: next.place,
        priority: priority.place,
      };
    });
  }

  snapshot(seq: number, now: number, day: string, role: Role | 'public', liveTickets: TicketRow[]): Snapshot {
    const audience = audienceOf(role);
    return {
      seq,
      now,
      day,
      role,
      centre: this.centre(),
      fields: this.catalog.fields(),
      services: this.catalog.services(),
      procedures: this.catalog.procedures(),
      counters: this.counters.all().map(({ idleSince: _i, ...c }) => projectCounter(c, audience)),
      tickets: liveTickets.map((t) => project(t, audience)),
      recentCalls: this.recentCalls,
      loads: this.loads(now, day),
      devices: audience === 'manager' ? this.devices.all(this.online).map(({ boundDeviceId: _b, revoked: _r, ...d }) => d) : [],
    };
  }

  /** The three renderings of one delta (same seq), one per audience. */
  deltas(changes: Changes, seq: number, prevSeq: number, now: number, day: string): Record<Audience, Delta> {
    const base: Omit<Delta, 'tickets'> = { seq, prevSeq, at: now, day };
    const counters = [...changes.counters.values()];
    if (changes.call) base.call = changes.call;
    if (changes.resync) base.resync = true;
    if (changes.tickets.size) this.loadsDirty = true;
    this.version++;
    const tickets = [...changes.tickets.values()].filter((t) => t.day === day);
    const make = (a: Audience): Delta => {
      const d: Delta = { ...base };
      if (counters.length) d.counters = counters.map((c) => projectCounter(c, a));
      if (tickets.length) d.tickets = tickets.map((t) => project(t, a));
      if (a === 'manager' && changes.devices.size) d.devices = [...changes.devices.values()];
      return d;
    };
    return { public: make('public'), staff: make('staff'), manager: make('manager') };
  }
}

