/**
 * Staffing advice for the manager's dashboard: the hub's live state (counters with their skills,
 * temporary ones included, the waiting queue, service times, booked appointments, the dispatch
 * configuration) and a forecast of the rest of the day are handed to dispatch's `staffingAdvice`,
 * and its items are mapped to the protocol's `StaffingAdviceItem`, one per lever: an extra skill (one
 * service per item, applied as a secondary skill with `manager:applySkill`), a clerk moved to another
 * counter's work (a task for the clerks; accepting it routes that counter's services to the clerk's
 * counter), a reserve counter opened (the closed counter with the lowest number: an instruction)
 * while the day's reserve budget lasts (settings `staffing.reserveHoursPerDay`: the hours an advised
 * reserve counter was open within its advised windows count, domain/reserve-budget.ts; no window
 * longer than what is left, none under half an hour).
 *
 * The advice simulates the next two hours many times (0.6–5 s with 800 waiting), so it runs on a
 * worker thread started with the hub (`AdviceWorker`, services/advice-worker.ts) and never blocks the
 * event loop; it is computed only when a manager or counter asks and kept for five minutes of hub
 * time (concurrent asks share one computation); items that no longer apply (the counter already has
 * the skill, the window is over) are dropped from the cached answer.
 *
 * Never silent while citizens are over the target: the answer carries `summary`, the queue now
 * (waiting, over the target, longest wait) and, when no extra skill helps enough, what would (open a
 * closed counter, bring in staff). Figures are shares of citizens and minutes within the two-hour
 * horizon ("hơn 120 phút" rather than a simulated 2003 minutes).
 */
import { createHash } from 'node:crypto';
import { businessDay, localMidnight, minuteOfDay, servesService, type CentreSettings, type Clock, type LocalizedText, type StaffingAdviceItem } from '@motcua/shared';
import type { CounterRepo } from '../db/repositories';
import type { StaffingRepo } from '../db/staffing-repo';
import type { AdviceCounter, AdviceService, StaffingAdvice, StaffingAdviceInput } from '../dispatch';
import type { AdviceComputer } from '../services/advice-worker';
import type { Logger } from '../logger';
import type { Catalog } from '../services/catalog';
import { toQueued, type QueueService } from '../services/queue';
import type { ServiceStatsCache } from '../services/service-stats';
import { minutesOf } from './settings';
import { reserveHoursUsed } from '../domain/reserve-budget';
import { say } from '../i18n';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** How long an advice is kept (hub clock). */
export const ADVICE_TTL_MS = 5 * MIN;
/** Without opening hours for today: no walk-in tickets after 16:30 local time. */
const DEFAULT_LAST_TICKET_MIN = 16 * 60 + 30;
/** Same weekday, this many weeks back, for the arrival forecast. */
const HISTORY_WEEKS = 4;
/**
 * A default ward day, used only when the hub has no history and no ticket yet today: this many
 * walk-ins, spread over the hours after opening with a morning peak (the share per hour from the
 * opening hour on; the rest of the day gets the last share), split evenly between active services.
 */
const DEFAULT_WALK_INS_PER_DAY = 100;
const DEFAULT_HOURLY_SHARE = [0.12, 0.17, 0.16, 0.13, 0.05, 0.05, 0.12, 0.12, 0.08];
/** A reserve counter is advised only while at least this much of the day's budget is left (as in the simulator). */
const MIN_RESERVE_MIN = 30;

export interface StaffingAdviceAnswer {
  available: boolean;
  items: StaffingAdviceItem[];
  /** The queue now and, when no item helps enough, what would; null when nobody is over the target. */
  summary: LocalizedText | null;
}

/** What the forecast was built from (for tests and the log). */
export type ForecastSource = 'history' | 'today' | 'default';

interface Cached {
  at: number;
  day: string;
  items: StaffingAdviceItem[];
  summary: LocalizedText | null;
  source: ForecastSource;
}

export interface StaffingDeps {
  repo: StaffingRepo;
  catalog: Catalog;
  counters: CounterRepo;
  queue: Pick<QueueService, 'counterViews' | 'waiting' | 'dispatchConfig'>;
  /** Mean service times (its own cache: the advice refreshes on its own schedule). */
  stats: ServiceStatsCache;
  /** The centre settings in force (opening hours, breaks). */
  settings: () => CentreSettings;
  clock: Clock;
  timeZone: string;
  /** False once the database is closed. */
  isOpen: () => boolean;
  log: Logger;
  /** Runs dispatch's staffingAdvice (on the hub's worker thread). */
  computer: AdviceComputer;
}

/** The staffing advice of one hub: created once by the composition root, keeps the last answer. */
export class StaffingAdvisor {
  private cached: Cached | null = null;

  constructor(private readonly d: StaffingDeps) {}

  private inFlight: { day: string; promise: Promise<Cached | null> } | null = null;

  /** The advice for the manager: cached for `ADVICE_TTL_MS`, computed on demand on the worker thread. */
  async advice(): Promise<StaffingAdviceAnswer> {
    if (!this.d.isOpen()) return { available: false, items: [], summary: null };
    const now = this.d.clock.now();
    const day = businessDay(now, this.d.timeZone);
    if (!this.cached || this.cached.day !== day || now - this.cached.at >= ADVICE_TTL_MS || now < this.cached.at) {
      if (!this.inFlight || this.inFlight.day !== day) {
        const promise = this.compute(now, day);
        this.inFlight = { day, promise };
        void promise.finally(() => {
          if (this.inFlight?.promise === promise) this.inFlight = null;
        });
      }
      const fresh = await this.inFlight.promise;
      if (!fresh) return { available: false, items: [], summary: null };
      this.cached = fresh;
    }
    if (!this.d.isOpen()) return { available: false, items: [], summary: null };
    return { available: true, items: this.stillApplicable(this.cached.items, this.d.clock.now()), summary: this.cached.summary };
  }

  private async compute(now: number, day: string): Promise<Cached | null> {
    try {
      const { input, source, reserveBudget } = this.buildAdviceInput(now);
      const advice = await this.d.computer.compute(input);
      const items = toProtocolItems(advice, input);
      this.recordReserveWindows(day, items);
      // The card's words follow what it shows: "what would help" when no item is left to show.
      return { at: now, day, items, summary: summaryText(advice, input, this.stillApplicable(items, now).length > 0, reserveBudget), source };
    } catch (err) {
      this.d.log.error({ err }, 'staffing advice failed');
      return null;
    }
  }

  /** The reserve windows advised, for the budget; a storage error costs the record, not the advice. */
  private recordReserveWindows(day: string, items: readonly StaffingAdviceItem[]): void {
    try {
      for (const it of items) if (it.kind === 'openReserve') this.d.repo.recordReserveWindow(day, { counterId: it.counterId, from: it.from, until: it.until });
    } catch (err) {
      this.d.log.error({ err }, 'reserve window not recorded');
    }
  }

  private stillApplicable(items: readonly StaffingAdviceItem[], now: number): StaffingAdviceItem[] {
    return items.filter((it) => {
      const c = this.d.counters.byId(it.counterId);
      if (it.until <= now || c === null) return false;
      // A reserve counter is advised while it is closed; the other levers need an open counter.
      if (it.kind === 'openReserve') return c.status === 'closed';
      if (c.status === 'closed') return false;
      // A move gives the clerk's counter the other counter's work as primary skills: it applies while one is not primary there yet.
      if (it.kind === 'moveClerk') return it.serviceIds.some((id) => !c.primary.includes(id));
      return !servesService(c, it.serviceId);
    });
  }

  /**
   * The input of dispatch's `staffingAdvice` from the hub's state at `now`. Times on the hub clock;
   * `clock.dayStart` is local midnight, so `walkInsPerHour[h]` is the hour h:00–h+1:00 local time.
   */
  buildAdviceInput(now: number): { input: StaffingAdviceInput; source: ForecastSource; reserveBudget: ReserveBudget } {
    const tz = this.d.timeZone;
    const day = businessDay(now, tz);
    const dayStart = localMidnight(now, tz);
    const settings = this.d.settings();
    const hours = settings.openingHours[weekdayOf(day)] ?? null;
    const openMin = hours ? minutesOf(hours.open) : 7 * 60 + 30;
    // The last walk-in ticket: half an hour before closing (the default 17:00 closing gives 16:30);
    // a closed day takes no more walk-ins.
    const lastTicketAt = hours ? dayStart + Math.max(openMin, minutesOf(hours.close) - 30) * MIN : settings.openingHours.every((h) => h === null) ? dayStart + DEFAULT_LAST_TICKET_MIN * MIN : now;

    const stats = this.d.stats.get();
    const active = this.d.catalog.services().filter((s) => s.active);
    const { perHour, source } = this.forecastWalkIns(now, day, dayStart, openMin, active.map((s) => s.id));
    const services: AdviceService[] = active.map((s) => ({
      id: s.id,
      name: s.name,
      meanMin: stats[s.id]?.meanMin ?? s.expectedServiceMin,
      walkInsPerHour: perHour.get(s.id) ?? [],
    }));

    // Centre-wide breaks still to come (lunch) are taken by every counter that is not closed.
    const breaks = settings.breaks
      .map((b) => ({ at: dayStart + minutesOf(b.start) * MIN, lengthMs: (minutesOf(b.end) - minutesOf(b.start)) * MIN }))
      .filter((b) => b.at > now && b.lengthMs > 0)
      .sort((a, b) => a.at - b.at);
    const numbers = new Map(this.d.counters.all().map((c) => [c.id, c.number] as const));
    const counters: AdviceCounter[] = this.d.queue.counterViews(day).map((c) => ({ ...c, label: String(numbers.get(c.id) ?? c.id), upcomingBreaks: c.status === 'closed' ? [] : breaks }));
    // The reserve: the closed counter with the lowest number that is set up for some service. A clerk
    // not at a counter can open it (the advice says so: an instruction; the hub cannot staff it).
    const reserveCounter = counters
      .filter((c) => c.status === 'closed' && c.primary.length > 0)
      .sort((a, b) => (numbers.get(a.id) ?? 0) - (numbers.get(b.id) ?? 0))[0];
    // Only while the day's reserve budget lasts, and for no longer than what is left of it.
    const use = this.d.repo.reserveUse(day);
    const usedHours = reserveHoursUsed(use.windows, use.changes, now);
    const leftMin = (settings.staffing.reserveHoursPerDay - usedHours) * 60;
    const reserveBudget: ReserveBudget = { hours: settings.staffing.reserveHoursPerDay, usedHours, withheld: reserveCounter !== undefined && leftMin < MIN_RESERVE_MIN };
    const reserve = reserveCounter && !reserveBudget.withheld ? { counterId: reserveCounter.id, label: reserveCounter.label ?? reserveCounter.id, skills: reserveCounter.primary, maxMin: leftMin } : null;

    const config = this.d.queue.dispatchConfig();
    const appointments = this.d.repo.booked(Math.max(dayStart, now - config.appointmentGraceMin * MIN), dayStart + DAY);

    return {
      source,
      reserveBudget,
      input: {
        now,
        clock: { dayStart, dayStartLocalMin: 0 },
        lastTicketAt,
        services,
        appointments,
        counters,
        queue: this.d.queue.waiting(day).map(toQueued),
        config,
        reserve,
        // Reproducible within a minute; a new draw each minute.
        options: { seed: Math.floor(now / MIN) | 0 },
      },
    };
  }

  /**
   * Expected walk-ins per service and local hour, for the rest of today. In this order:
   * 1. history: the tickets issued per service and hour of day on the same weekday of the last four
   *    weeks, averaged over the weeks that had any ticket;
   * 2. else today's rate so far: the tickets issued today per service over the hours since opening
   *    (at least half an hour), as a flat rate for every hour left;
   * 3. else a default day (`DEFAULT_WALK_INS_PER_DAY` with a morning peak from the opening hour),
   *    split evenly between the active services.
   */
  private forecastWalkIns(now: number, day: string, dayStart: number, openMin: number, serviceIds: readonly string[]): { perHour: Map<string, number[]>; source: ForecastSource } {
    const tz = this.d.timeZone;
    const perHour = new Map(serviceIds.map((id) => [id, new Array<number>(24).fill(0)] as const));
    let weeks = 0;
    for (let k = 1; k <= HISTORY_WEEKS; k++) {
      const past = businessDay(dayStart + 12 * HOUR - k * 7 * DAY, tz);
      const rows = this.d.repo.walkInsOn(past);
      if (rows.length === 0) continue;
      weeks++;
      for (const r of rows) {
        const h = Math.floor(minuteOfDay(r.issuedAt, tz) / 60);
        const arr = perHour.get(r.serviceId);
        if (arr && h >= 0 && h < 24) arr[h] = (arr[h] ?? 0) + 1;
      }
    }
    if (weeks > 0) {
      for (const arr of perHour.values()) for (let h = 0; h < 24; h++) arr[h] = (arr[h] ?? 0) / weeks;
      return { perHour, source: 'history' };
    }
    const today = this.d.repo.walkInsOn(day);
    if (today.length > 0) {
      const hoursOpen = Math.max(0.5, (now - (dayStart + openMin * MIN)) / HOUR);
      const counts = new Map<string, number>();
      for (const r of today) counts.set(r.serviceId, (counts.get(r.serviceId) ?? 0) + 1);
      for (const [id, arr] of perHour) arr.fill((counts.get(id) ?? 0) / hoursOpen);
      return { perHour, source: 'today' };
    }
    const openHour = Math.floor(openMin / 60);
    const perService = serviceIds.length > 0 ? DEFAULT_WALK_INS_PER_DAY / serviceIds.length : 0;
    for (const arr of perHour.values()) {
      for (let h = openHour; h < 24; h++) arr[h] = perService * (DEFAULT_HOURLY_SHARE[h - openHour] ?? DEFAULT_HOURLY_SHARE[DEFAULT_HOURLY_SHARE.length - 1] ?? 0);
    }
    return { perHour, source: 'default' };
  }
}

/** Monday = 0 … Sunday = 6 (the order of `CentreSettings.openingHours`). */
function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Minutes as a manager can check them: "45 phút", or "hơn 120 phút" at the horizon. */
function minutesText(min: number, horizonMin: number): LocalizedText {
  return min >= horizonMin ? say.both('staffingOverHorizon', { value: horizonMin }) : say.both('staffingMinutes', { value: Math.round(min) });
}

function effectText(effect: StaffingAdvice['items'][number]['effect'], targetMin: number): LocalizedText {
  const p95Without = minutesText(effect.p95WithoutMin, effect.horizonMin);
  const p95With = minutesText(effect.p95WithMin, effect.horizonMin);
  return say.both(
    'staffingEffect',
    { horizon: effect.horizonMin, target: targetMin, without: pct(effect.lateWithout), with: pct(effect.lateWith), p95Without: p95Without.vi, p95With: p95With.vi },
    { p95Without: p95Without.en, p95With: p95With.en },
  );
}

/** The day's reserve clerk-hours (settings) and those already used by advised reserve counters. */
export interface ReserveBudget {
  hours: number;
  usedHours: number;
  /** A closed counter could have been advised as the reserve, but the budget left is under half an hour. */
  withheld: boolean;
}

/**
 * The queue now when anyone is over the target, and, when no item helps, what would: never an empty
 * card ("Hiện không cần điều chỉnh") while citizens wait past the target; and when the budget
 * withholds the reserve counter, that it does.
 */

function summaryText(advice: StaffingAdvice, input: StaffingAdviceInput, hasItems: boolean, budget: ReserveBudget): LocalizedText | null {
  const p = advice.pressure;
  if (p.overTarget === 0) return null;
  const target = input.config.targetWaitMin;
  const now = say.both('staffingPressure', { waiting: p.waiting, over: p.overTarget, target, oldest: p.oldestWaitMin });
  const parts = [now];
  if (!hasItems) parts.push(p.closedCounters > 0 ? say.both('staffingNoSkillHelps', { target, closed: p.closedCounters }) : say.both('staffingNoSkillHelpsNoCounter', { target }));
  // A closed counter but no reserve advised: say why (the budget), so the manager knows it is a setting, not the forecast.
  if (budget.withheld) parts.push(budget.hours === 0 ? say.both('staffingNoReserveClerk') : say.both('staffingReserveSpent', { used: Math.round(budget.usedHours * 10) / 10, budget: budget.hours }));
  return { vi: parts.map((x) => x.vi).join(' '), en: parts.map((x) => x.en).join(' ') };
}

/**
 * Dispatch's items in the protocol's shape, one per lever: an extra skill (one item per service,
 * taken as a secondary skill), a clerk moved to another counter's work, a reserve counter opened.
 */
export function toProtocolItems(advice: StaffingAdvice, input: Pick<StaffingAdviceInput, 'now' | 'config'>): StaffingAdviceItem[] {
  const out: StaffingAdviceItem[] = [];
  const idOf = (...parts: (string | number)[]): string => `adv-${createHash('sha256').update([input.now, ...parts].join('|')).digest('hex').slice(0, 16)}`;
  for (const it of advice.items) {
    const base = { text: it.text, counterId: it.counterId, from: it.from, until: it.to, effect: effectText(it.effect, input.config.targetWaitMin) };
    if (it.kind === 'add-skill') {
      for (const serviceId of it.serviceIds) out.push({ ...base, kind: 'addSkill', id: idOf(it.counterId, serviceId, it.to), serviceId, level: 'secondary' });
    } else if (it.kind === 'move-clerk' && it.like !== undefined) {
      out.push({ ...base, kind: 'moveClerk', id: idOf('move', it.counterId, it.like, it.to), fromCounterId: it.counterId, toCounterId: it.like, serviceIds: [...it.serviceIds] });
    } else if (it.kind === 'open-counter') {
      out.push({ ...base, kind: 'openReserve', id: idOf('open', it.counterId, it.to), serviceIds: [...it.serviceIds], hours: Math.round(((it.to - it.from) / HOUR) * 4) / 4 });
    }
  }
  return out;
}
