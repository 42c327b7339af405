/**
 * The composition root of a ward hub: opens the database, builds repositories and services,
 * serves HTTP (web apps, ticket status page) and socket.io on one port.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as Server_, ServerResponse } from 'node:http';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import {
  businessDay,
  fail,
  ok,
  type CallRecord,
  type CentreInfo,
  type Clock,
  type Result,
  type Role,
  type ServerToClientEvents,
  type Snapshot,
  type TicketStatus,
} from '@motcua/shared';
import { parseConfig, type HubConfig, type HubConfigInput } from './config';
import { openDatabase, type Db } from './db/database';
import { AppointmentRepo, CatalogRepo, ClerkRepo, CounterRepo, DeviceRepo, EventRepo, PrintJobRepo, TicketRepo } from './db/repositories';
import { DEFAULT_DISPATCH_CONFIG } from './dispatch/policy';
import { registerHttp } from './http/routes';
import { createLogger, type Logger } from './logger';
import { Gateway, ROOMS } from './realtime/gateway';
import { createHandlers } from './realtime/handlers';
import type { HubServer } from './realtime/types';
import { AuthService } from './services/auth';
import { Catalog } from './services/catalog';
import { DeviceService } from './services/devices';
import { QueueService, toPublicTicket, toQueued } from './services/queue';
import { ServiceStatsCache } from './services/service-stats';
import { ReportsService } from './services/reports';
import { LOADS_REFRESH_MS, StateService, type Audience } from './services/state';
import { NO_PURGE, RetentionRepo, type PurgeCounts } from './db/retention';
import { applyRetention } from './services/retention';
import { SYSTEM_ACTOR, UnitOfWork, type Actor, type Changes, type Tx } from './services/unit-of-work';
import { seedDemoWard } from './seed-apply';
import { SyncUploader, syncCatalog } from './sync/uploader';

export const systemClock: Clock = { now: () => Date.now() };

export interface HubOptions {
  config?: HubConfigInput;
  clock?: Clock;
  logger?: Logger;
  /** Folder with the built web apps (defaults to hub-server/public). */
  publicDir?: string;
}

export class Hub {
  readonly db: Db;
  readonly catalog: Catalog;
  readonly tickets: TicketRepo;
  readonly counters: CounterRepo;
  readonly events: EventRepo;
  readonly queue: QueueService;
  readonly auth: AuthService;
  readonly devices: DeviceService;
  readonly state: StateService;
  readonly reports: ReportsService;
  readonly http: FastifyInstance<Server_, IncomingMessage, ServerResponse, Logger>;
  readonly io: HubServer;
  private readonly uow: UnitOfWork;
  private readonly retention: RetentionRepo;
  private lastDeltaSeq: number;
  private currentDay: string;
  private dayTimer: NodeJS.Timeout | null = null;
  private loadsTimer: NodeJS.Timeout | null = null;
  /** The city sync uploader, when `config.city` is set (started by listen, stopped by close). */
  sync: SyncUploader | null = null;
  private boundUrl = '';

  constructor(
    readonly config: HubConfig,
    readonly clock: Clock,
    readonly log: Logger,
    publicDir: string,
  ) {
    this.db = openDatabase(config.dataDir === ':memory:' ? ':memory:' : join(config.dataDir, 'hub.sqlite'));
    const catalogRepo = new CatalogRepo(this.db);
    const clerks = new ClerkRepo(this.db);
    const deviceRepo = new DeviceRepo(this.db);
    this.tickets = new TicketRepo(this.db);
    this.counters = new CounterRepo(this.db);
    this.events = new EventRepo(this.db);
    this.retention = new RetentionRepo(this.db);
    this.catalog = new Catalog(catalogRepo);
    this.uow = new UnitOfWork(this.db, this.events, clock, config.timeZone, [this.tickets]);
    this.uow.onEventsCommitted(() => this.sync?.nudge()); // events reach the city within a moment
    const stats = new ServiceStatsCache(this.tickets, () => this.catalog.services(), clock);
    const salt = config.citizenIdSalt ?? this.metaSecret('citizen_id_salt');
    this.queue = new QueueService(this.tickets, this.counters, new AppointmentRepo(this.db), this.catalog, stats, {
      dispatch: { ...DEFAULT_DISPATCH_CONFIG, targetWaitMin: config.targetWaitMin, priority: { ...DEFAULT_DISPATCH_CONFIG.priority, maxInRow: config.priority.maxInRow }, ...stripUndefined(config.dispatch) },
      timeZone: config.timeZone,
      recallLimit: config.recallLimit,
      elderlyAge: config.priority.elderlyAge,
      citizenIdSalt: salt,
      publicUrl: () => this.publicUrl(),
    });
    this.auth = new AuthService(clerks, this.counters, deviceRepo, clock, config.sessionHours);
    this.devices = new DeviceService(deviceRepo, new PrintJobRepo(this.db), { toDevice: (id, ev, ...args) => this.pushToDevice(id, ev, ...args) }, log.child({ component: 'devices' }), config.printTimeoutMs, (jobId) => {
      this.exec(SYSTEM_ACTOR, (tx) => {
        this.devices.settlePrint(tx, jobId, false, { code: 'timeout', message: 'no answer from the printer agent' });
        return ok(null);
      });
    });
    this.state = new StateService(this.catalog, this.counters, deviceRepo, this.queue, () => this.centreInfo(), this.devices.isOnline);
    this.reports = new ReportsService(this.db, config.timeZone);
    this.lastDeltaSeq = this.events.lastSeq();
    this.currentDay = businessDay(clock.now(), config.timeZone);
    this.state.resetCalls(this.callsFromEvents());

    this.http = Fastify({ loggerInstance: log.child({ component: 'http' }), bodyLimit: 1_048_576 });
    this.io = new Server(this.http.server, { serveClient: false, maxHttpBufferSize: 100_000, pingInterval: 10_000, pingTimeout: 8_000 });
    new Gateway(this, createHandlers(this)).attach(this.io);
    registerHttp(this, publicDir);
  }

  // ---------------------------------------------------------------- lifecycle

  async listen(): Promise<string> {
    await this.http.listen({ host: this.config.host, port: this.config.port });
    const addr = this.http.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.config.port;
    const host = this.config.host === '0.0.0.0' || this.config.host === '::' ? '127.0.0.1' : this.config.host;
    this.boundUrl = `http://${host}:${port}`;
    // A new day applies the retention policy itself; otherwise it is applied once here.
    if (!this.rollDayIfNeeded()) this.applyRetention();
    this.dayTimer = setInterval(() => this.guarded('day change', () => this.rollDayIfNeeded()), 30_000);
    this.dayTimer.unref();
    // Waiting counts and estimated waits are derived data: each costs a simulation, so they are
    // pushed on their own (not in the sequenced deltas) at most every LOADS_REFRESH_MS.
    this.loadsTimer = setInterval(() => this.guarded('loads push', () => this.pushLoads()), LOADS_REFRESH_MS);
    this.loadsTimer.unref();
    if (this.config.city && !this.sync) {
      this.sync = new SyncUploader(this.config.city, {
        hubId: this.config.hubId,
        events: this.events,
        catalog: () => syncCatalog(this.catalog.fields(), this.catalog.services()),
        centre: () => ({ name: this.config.centre.name, address: this.config.centre.address }),
        log: this.log,
      });
      this.sync.start();
    }
    this.log.info({ url: this.boundUrl, hubId: this.config.hubId }, 'hub listening');
    return this.boundUrl;
  }

  /** Runs timer work; an error is logged, not thrown out of the timer (which would end the process). */
  private guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.error({ err: e }, `${what} failed; retried at the next tick`);
    }
  }

  async close(): Promise<void> {
    if (this.dayTimer) clearInterval(this.dayTimer);
    if (this.loadsTimer) clearInterval(this.loadsTimer);
    await this.sync?.stop();
    this.devices.stop();
    await new Promise<void>((resolve) => {
      void this.io.close(() => resolve());
    });
    await this.http.close().catch(() => undefined);
    if (this.db.open) this.db.close();
  }

  get url(): string {
    return this.boundUrl;
  }

  publicUrl(): string {
    return this.config.publicUrl ?? this.boundUrl;
  }

  // ---------------------------------------------------------------- commands and deltas

  /** Runs one command in one transaction, then pushes what changed. */
  exec<T>(actor: Actor, fn: (tx: Tx) => Result<T>): Result<T> {
    const { result, changes } = this.uow.run(actor, fn);
    if (changes) this.publish(changes);
    return result;
  }

  private publish(changes: Changes): void {
    if (changes.visible && changes.lastSeq > this.lastDeltaSeq) {
      const now = this.clock.now();
      const day = businessDay(now, this.config.timeZone);
      const deltas = this.state.deltas(changes, changes.lastSeq, this.lastDeltaSeq, now, day);
      this.lastDeltaSeq = changes.lastSeq;
      if (changes.call) this.state.noteCall(changes.call);
      for (const a of Object.keys(ROOMS) as Audience[]) this.io.to(ROOMS[a]).emit('state:delta', deltas[a]);
      if (changes.call) this.io.to('role:agent').emit('led:show', { target: 'main', lines: [`${changes.call.number} → Quầy ${changes.call.counterNumber}`] });
      if ((changes.tickets.size || changes.call) && this.io.sockets.adapter.rooms.get('role:agent')?.size) this.pushCounterLeds(day);
    }
    for (const fn of changes.after) {
      try {
        fn();
      } catch (e) {
        this.log.error({ err: e }, 'after-commit push failed');
      }
    }
  }

  pushLoads(): void {
    if (!this.state.loadsDirty || !this.db.open) return;
    this.state.loadsDirty = false;
    const now = this.clock.now();
    this.io.emit('state:loads', this.state.loads(now, businessDay(now, this.config.timeZone)));
  }

  snapshot(role: Role | 'public'): Snapshot {
    const now = this.clock.now();
    const day = businessDay(now, this.config.timeZone);
    return this.state.snapshot(this.lastDeltaSeq, now, day, role, this.tickets.live(day));
  }

  ticketStatus(ticketId: string): Result<TicketStatus> {
    const t = this.tickets.byId(ticketId);
    if (!t) return fail('not_found', `ticket ${ticketId}`);
    const now = this.clock.now();
    const day = businessDay(now, this.config.timeZone);
    const service = this.catalog.service(t.serviceId);
    const p = t.state === 'waiting' ? this.queue.predict({ now, day }, toQueued(t)) : { peopleAhead: 0, minutes: 0 };
    const counter = t.counterId ? this.counters.byId(t.counterId) : null;
    return ok({ ticket: toPublicTicket(t), serviceName: service?.name ?? { vi: t.serviceId, en: t.serviceId }, peopleAhead: p.peopleAhead, estimatedWaitMin: Math.round(p.minutes), counterNumber: counter?.number ?? null });
  }

  pushToDevice<E extends keyof ServerToClientEvents>(deviceId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io.to(`device:${deviceId}`).emit(event, ...args);
  }

  pushToCounter<E extends keyof ServerToClientEvents>(counterId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io.to(`counter:${counterId}`).emit(event, ...args);
  }

  /** What each counter's LED digit display should show: the number called or served there, or blank. */
  counterNumbers(day: string): Map<string, { counterNumber: number; number: string | null }> {
    const active = new Map<string, string>();
    for (const t of this.tickets.live(day)) if ((t.state === 'called' || t.state === 'serving') && t.counterId) active.set(t.counterId, t.number);
    return new Map(this.counters.all().map((c) => [c.id, { counterNumber: c.number, number: active.get(c.id) ?? null }]));
  }

  private ledShown = new Map<string, string | null>();

  /** Updates the counter LEDs whose number changed: a call shows it, finish/no-show/hold/transfer blanks it. */
  private pushCounterLeds(day: string): void {
    for (const [counterId, { counterNumber, number }] of this.counterNumbers(day)) {
      if (this.ledShown.get(counterId) === number) continue;
      this.ledShown.set(counterId, number);
      this.io.to('role:agent').emit('led:show', { target: 'counter', counterId, counterNumber, number });
    }
  }

  // ---------------------------------------------------------------- day rollover

  /** Starts a new business day when the clock has passed midnight (or tickets of an earlier day are still open); true if it did. */
  rollDayIfNeeded(): boolean {
    const day = businessDay(this.clock.now(), this.config.timeZone);
    if (day === this.currentDay && this.tickets.liveBefore(day).length === 0) return false;
    this.currentDay = day;
    this.state.resetCalls();
    this.exec(SYSTEM_ACTOR, (tx) => {
      const n = this.queue.closeEarlierDays(tx);
      tx.event('day.started', null, { day, closedFromEarlierDays: n });
      tx.changes.resync = true;
      return ok(n);
    });
    this.applyRetention();
    return true;
  }

  /**
   * Erases personal data and deletes history older than the retention policy (services/retention.ts).
   * Events are deleted only up to what the city is known to hold when the hub syncs.
   */
  applyRetention(): PurgeCounts {
    const eventsThrough = this.config.city ? (this.sync?.getStatus().cityHighWater ?? null) : Number.MAX_SAFE_INTEGER;
    try {
      const r = this.exec(SYSTEM_ACTOR, (tx) => ok(applyRetention(tx, this.retention, this.config.retention, this.config.timeZone, eventsThrough)));
      const counts = r.ok ? r.data : NO_PURGE;
      if (Object.values(counts).some((n) => n > 0)) this.log.info({ purged: counts }, 'retention policy applied');
      return counts;
    } catch (e) {
      // A failed purge (disk full, a locked database) is retried at the next day; the hub keeps serving.
      this.log.error({ err: e }, 'retention policy could not be applied');
      return NO_PURGE;
    }
  }

  private callsFromEvents(): CallRecord[] {
    const day = businessDay(this.clock.now(), this.config.timeZone);
    const rows = this.db
      .prepare("SELECT e.at, e.ticket_id, e.type, t.number, t.counter_id, t.service_id, c.number AS counter_number FROM events e JOIN tickets t ON t.id = e.ticket_id JOIN counters c ON c.id = t.counter_id WHERE e.day = ? AND e.type IN ('ticket.called','ticket.recalled') ORDER BY e.seq DESC LIMIT 20")
      .all(day) as { at: number; ticket_id: string; type: string; number: string; counter_id: string; service_id: string; counter_number: number }[];
    return rows.map((r) => ({ ticketId: r.ticket_id, number: r.number, counterId: r.counter_id, counterNumber: r.counter_number, serviceId: r.service_id, at: r.at, recall: r.type === 'ticket.recalled' }));
  }

  // ---------------------------------------------------------------- config helpers

  centreInfo(): CentreInfo {
    return {
      hubId: this.config.hubId,
      name: this.config.centre.name,
      address: this.config.centre.address,
      targetWaitMin: this.config.targetWaitMin,
      timeZone: this.config.timeZone,
      publicUrl: this.publicUrl(),
      rating: this.config.rating,
      recallLimit: this.config.recallLimit,
      priority: { elderlyAge: this.config.priority.elderlyAge, maxInRow: this.config.priority.maxInRow },
      retention: { personalDataDays: this.config.retention.personalDataDays },
    };
  }

  private metaSecret(key: string): string {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    if (row) return row.value;
    const value = randomBytes(32).toString('hex');
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Starts a hub: database, seed (demo), HTTP + socket.io. */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const config = parseConfig(options.config ?? {});
  const log = options.logger ?? createLogger();
  const hub = new Hub(config, options.clock ?? systemClock, log, options.publicDir ?? join(import.meta.dirname, '..', 'public'));
  if (config.seedDemo) await seedDemoWard(hub);
  await hub.listen();
  return hub;
}
