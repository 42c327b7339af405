/**
 * The composition root of a ward hub: opens the database, builds repositories and services and
 * wires them together, serves HTTP (web apps, ticket status page) and socket.io (realtime/gateway.ts)
 * on one port. It holds no logic of its own.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as Server_, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verify } from '@node-rs/argon2';
import Fastify, { type FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import {
  ALWAYS_OPEN_HOURS,
  ok,
  systemClock,
  type Clock,
  type Result,
  type Role,
  type ServerToClientEvents,
  type SessionEndReason,
  type Snapshot,
  type SocketData,
  type TicketStatus,
} from '@motcua/shared';
import { ConfigError, INIT_HINT, parseConfig, type HubConfig, type HubConfigInput } from './config';
import { openDatabase, type Db } from './db/database';
import { WARD_ID_FILE } from './db/integrity';
import { MIGRATIONS } from './db/migrations';
import { BackupSchedule } from './services/backup-schedule';
import { AppointmentRepo, CatalogRepo, ClerkRepo, CounterRepo, DeviceRepo, DispatchStateRepo, EventRepo, PrintJobRepo, TicketRepo } from './db/repositories';
import { ReportsRepo } from './db/reports-repo';
import { RetentionRepo, type PurgeCounts } from './db/retention';
import { StaffingRepo } from './db/staffing-repo';
import type { HubContext } from './hub-context';
import { registerHttp } from './http/routes';
import { createPlainServer, registerHttpsRedirect } from './http/plain';
import { originAllowed, originsOf, registerSecurityHeaders } from './http/security';
import { createWardCa, loadTls, TlsError, tlsFiles, type TlsMaterial } from './http/tls';
import { resolvePublicUrl, type PublicUrl } from './public-url';
import { createLogger, type Logger } from './logger';
import { ManagerRepo } from './db/manager-repo';
import { ManagerService } from './manager/manager-service';
import { StaffingAdvisor } from './manager/staffing';
import { AdviceWorker } from './services/advice-worker';
import { Gateway } from './realtime/gateway';
import { createHandlers } from './realtime/handlers';
import type { HubServer } from './realtime/types';
import { AuthService } from './services/auth';
import { Catalog } from './services/catalog';
import { BusinessDayClock } from './services/business-day';
import { DayCycle } from './services/day-cycle';
import { DeviceService } from './services/devices';
import { PublishingExecutor, type Executor } from './services/executor';
import { Publisher } from './services/publisher';
import { StorageHealth } from './services/storage-health';
import { Throttle } from './services/throttle';
import { guarded } from './services/timers';
import { dispatchConfigOf, QueueService } from './services/queue';
import { ServiceStatsCache } from './services/service-stats';
import { ReportsService } from './services/reports';
import { centreInfoOf, StateService } from './services/state';
import { TicketStatusService } from './services/ticket-status';
import { SYSTEM_ACTOR, UnitOfWork, type Actor, type Tx } from './services/unit-of-work';
import { citizenIdKey, SecretError, secretsDirOf, staffPseudonymKey } from './secrets';
import { DEMO_ACCOUNTS } from './seed';
import { seedDemoWard, type SeedTarget } from './seed-apply';
import { exportEvent, staffPseudonymiser } from './sync/export';
import { SyncUploader, syncCatalog } from './sync/uploader';
import { ChannelRepo } from './db/channel-repo';
import { ChannelService } from './services/channel';
import { TeamAssignments } from './manager/team-assignments';

export { systemClock };

export interface HubOptions {
  config?: HubConfigInput;
  clock?: Clock;
  logger?: Logger;
  /** Folder with the built web apps (defaults to hub-server/public). */
  publicDir?: string;
  /**
   * Production (config.ts isProduction): the demo ward is refused and the secrets must already
   * exist (`motcua-hub init` creates them); a development hub creates its own on first start.
   */
  production?: boolean;
}

/** Secrets the hub reads from its secrets folder (secrets.ts), never from the database. */
export interface HubSecrets {
  citizenIdKey: Buffer;
  /** The server certificate and the ward CA when `config.tls.enabled` (http/tls.ts). */
  tls?: TlsMaterial | null;
  /** Keys the staff pseudonyms in what leaves the ward (sync/export.ts). */
  staffPseudonymKey: Buffer;
}

export class Hub implements HubContext {
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
  readonly manager: ManagerService;
  readonly staffing: StaffingAdvisor;
  /** The staffing advice's worker thread, started with the hub (the advice never blocks the event loop). */
  private readonly adviceWorker = new AdviceWorker();
  readonly publisher: Publisher;
  readonly throttle: Throttle;
  /** The socket gateway (tests stop its session sweep to isolate the per-command check). */
  readonly gateway: Gateway;
  readonly dayCycle: DayCycle;
  readonly executor: Executor;
  /** The business day, which only moves forward (services/business-day.ts). */
  readonly days: BusinessDayClock;
  /** Whether the database takes writes; raises and clears the storage alarm (services/storage-health.ts). */
  readonly storage: StorageHealth;
  readonly http: FastifyInstance<Server_, IncomingMessage, ServerResponse, Logger>;
  readonly io: HubServer;
  /** What the demo seed writes to (startHub seeds an empty database when `seedDemo` is set). */
  readonly seedTarget: SeedTarget;
  private readonly statuses: TicketStatusService;
  /** The city → hub channel: messages applied, home bookings (services/channel.ts). */
  readonly channel: ChannelService;
  /** Mobile support team members the city sent (manager/team-assignments.ts). */
  readonly teams: TeamAssignments;
  /** The city sync uploader, when `config.city` is set (started by listen, stopped by close). */
  sync: SyncUploader | null = null;
  /** The daily backup, when `config.backup` is set (started by listen, stopped by close). */
  readonly backups: BackupSchedule | null;
  private boundUrl = '';
  /** The plain-HTTP listener of a TLS hub (http/plain.ts), and its URL. */
  private plain: Server_ | null = null;
  private plainUrl = '';
  /** The ward CA and server certificate when the hub serves HTTPS. */
  readonly tls: TlsMaterial | null;
  /** Staff ids and usernames as the city sees them (sync/export.ts). */
  private readonly staffPseudonym: (value: string) => string;
  private public: PublicUrl = { url: '', source: 'loopback' };

  constructor(
    readonly config: HubConfig,
    readonly clock: Clock,
    readonly log: Logger,
    publicDir: string,
    secrets: HubSecrets,
  ) {
    const db =
      config.dataDir === ':memory:' ? openDatabase(':memory:') : openDatabase(join(config.dataDir, 'hub.sqlite'), MIGRATIONS, { wardIdFile: join(secretsDirOf(config), WARD_ID_FILE) });
    this.db = db;
    this.backups = config.backup ? new BackupSchedule(db, config.backup, config.hubId, clock, config.timeZone, log.child({ component: 'backup' })) : null;
    this.staffPseudonym = staffPseudonymiser(secrets.staffPseudonymKey);
    const isOpen = (): boolean => db.open;
    const catalogRepo = new CatalogRepo(db);
    const clerks = new ClerkRepo(db);
    const deviceRepo = new DeviceRepo(db);
    this.tickets = new TicketRepo(db);
    this.counters = new CounterRepo(db);
    this.events = new EventRepo(db);
    this.catalog = new Catalog(catalogRepo);
    // The business day only moves forward (a clock jumped back across midnight stays on the day started).
    const days = new BusinessDayClock(clock, config.timeZone, this.events.newestDay());
    this.days = days;
    const uow = new UnitOfWork(db, this.events, clock, config.timeZone, [this.tickets], (now) => days.at(now));
    uow.onEventsCommitted(() => this.sync?.nudge()); // events reach the city within a moment
    const services = (): ReturnType<Catalog['services']> => this.catalog.services();
    this.queue = new QueueService(this.tickets, this.counters, new AppointmentRepo(db), this.catalog, new ServiceStatsCache(this.tickets, services, clock), {
      dispatch: dispatchConfigOf(config),
      timeZone: config.timeZone,
      recallLimit: config.recallLimit,
      elderlyAge: config.priority.elderlyAge,
      citizenIdKey: secrets.citizenIdKey,
      publicUrl: () => this.publicUrl(),
      opening: () => this.manager.settings.get(),
      now: () => clock.now(),
    }, new DispatchStateRepo(db));
    this.auth = new AuthService(clerks, this.counters, deviceRepo, clock, config.sessionHours);
    // A timed-out job is settled as failed; while the storage is down that write is refused and tried again later.
    this.devices = new DeviceService(deviceRepo, new PrintJobRepo(db), { toDevice: (id, ev, ...args) => this.publisher.pushToDevice(id, ev, ...args) }, log.child({ component: 'devices' }), config.printTimeoutMs, (jobId) => {
      if (!this.db.open) return true;
      const r = this.exec(SYSTEM_ACTOR, (tx) => {
        this.devices.settlePrint(tx, jobId, false, { code: 'timeout', message: 'no answer from the printer agent' });
        return ok(null);
      });
      return r.ok || r.error.code !== 'storage_unavailable';
    });
    this.state = new StateService(this.catalog, this.counters, deviceRepo, this.queue, () => centreInfoOf(this.config, this.public, this.manager.settings.get()), this.devices.isOnline);
    this.reports = new ReportsService(new ReportsRepo(db), config.timeZone);
    this.state.resetCalls(this.events.recentCalls(days.today(), 20));

    const tls = (this.tls = secrets.tls ?? null);
    this.http = Fastify({
      loggerInstance: log.child({ component: 'http' }),
      bodyLimit: 1_048_576,
      serverFactory: (handler) => (tls ? createHttpsServer({ key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' }, handler) : createHttpServer(handler)),
    });
    const origins = originsOf([...config.allowedOrigins, config.publicUrl]);
    this.io = new Server(this.http.server, {
      serveClient: false,
      maxHttpBufferSize: 100_000,
      pingInterval: 10_000,
      pingTimeout: 8_000,
      // A browser page of another origin may not open a socket (http/security.ts).
      allowRequest: (req, callback) => {
        const allowed = originAllowed(req, origins);
        if (!allowed) log.warn({ origin: req.headers.origin, host: req.headers.host }, 'socket refused: foreign Origin');
        callback(allowed ? null : 'origin not allowed', allowed);
      },
    });
    registerSecurityHeaders(this.http);
    if (tls) registerHttpsRedirect(this.http, () => this.port());
    this.publisher = new Publisher({ io: this.io, state: this.state, tickets: this.tickets, counters: this.counters, clock, timeZone: config.timeZone, log, lastSeq: this.events.lastSeq(), isOpen, dayOf: (now) => days.at(now) });
    this.storage = new StorageHealth({
      db,
      clock,
      log: log.child({ component: 'storage' }),
      push: (health) => this.io.emit('hub:health', health),
      recovered: (outage) => this.exec(SYSTEM_ACTOR, (tx) => ok(tx.event('hub.storage_recovered', null, outage))).ok,
    });
    this.executor = new PublishingExecutor(uow, this.publisher, this.storage);
    this.dayCycle = new DayCycle({
      clock,
      timeZone: config.timeZone,
      tickets: this.tickets,
      queue: this.queue,
      state: this.state,
      executor: this.executor,
      days,
      retentionRepo: new RetentionRepo(db),
      retention: () => this.config.retention,
      eventsThrough: () => (this.config.city ? (this.sync?.getStatus().cityHighWater ?? null) : Number.MAX_SAFE_INTEGER),
      log,
      onHold: (hold) => this.publisher.pushToManagers('manager:retention', hold),
      onClockJump: (jump) => this.publisher.pushToManagers('manager:clockJump', jump),
    });
    this.statuses = new TicketStatusService(this.tickets, this.counters, this.catalog, this.queue, clock, config.timeZone);
    this.manager = new ManagerService({
      repo: new ManagerRepo(db),
      catalogRepo,
      clerks,
      counters: this.counters,
      tickets: this.tickets,
      catalog: this.catalog,
      devices: this.devices,
      queue: this.queue,
      publisher: this.publisher,
      executor: this.executor,
      config,
      clock,
      log,
      isOpen,
      reports: this.reports,
    });
    this.manager.start();
    this.staffing = new StaffingAdvisor({
      repo: new StaffingRepo(db),
      catalog: this.catalog,
      counters: this.counters,
      queue: this.queue,
      stats: new ServiceStatsCache(this.tickets, services, clock),
      settings: () => this.manager.settings.get(),
      clock,
      timeZone: config.timeZone,
      isOpen,
      log,
      computer: this.adviceWorker,
    });
    this.adviceWorker.start();
    this.seedTarget = { catalogRepo, clerks, counters: this.counters, executor: this.executor, catalog: this.catalog };
    this.throttle = new Throttle((l) => {
      if (!this.db.open) return;
      guarded(log, 'recording a lockout', () =>
        this.exec(SYSTEM_ACTOR, (tx) => {
          tx.event('auth.locked_out', null, l);
          return ok(null);
        }),
      );
      this.publisher.pushToManagers('manager:lockout', l);
      log.warn({ lockout: l }, 'sign-in or pairing locked after repeated wrong attempts');
    });
    const channelRepo = new ChannelRepo(db);
    this.teams = new TeamAssignments({
      repo: channelRepo,
      clerks,
      managerRepo: new ManagerRepo(db),
      manager: this.manager,
      catalog: this.catalog,
      executor: this.executor,
      publisher: this.publisher,
      timeZone: config.timeZone,
      log,
    });
    this.channel = new ChannelService({
      hubId: config.hubId,
      repo: channelRepo,
      teams: this.teams,
      executor: this.executor,
      catalog: this.catalog,
      counters: this.counters,
      opening: () => this.manager.settings.get(),
      defaultSlotMin: config.appointments.slotMin,
      timeZone: config.timeZone,
      clock,
      log,
    });
    this.gateway = new Gateway(this, createHandlers(this));
    this.gateway.attach(this.io);
    registerHttp(this.http, { hubId: config.hubId, centreName: config.centre.name, lastSeq: () => this.events.lastSeq(), now: () => clock.now(), ticketStatus: (id) => this.ticketStatus(id), publicBooking: (code) => this.channel.publicBooking(code), caCert: tls?.ca ?? null }, publicDir);
  }

  // ---------------------------------------------------------------- lifecycle

  async listen(): Promise<string> {
    await this.http.listen({ host: this.config.host, port: this.config.port });
    const host = this.config.host === '0.0.0.0' || this.config.host === '::' ? '127.0.0.1' : this.config.host;
    this.boundUrl = `${this.tls ? 'https' : 'http'}://${host}:${this.port()}`;
    if (this.tls && this.config.tls.httpPort !== null) await this.listenPlain(host);
    // Phones open the status page over plain HTTP on a TLS hub (they do not trust the ward CA): its port when there is one.
    const publicPort = this.plainUrl ? Number(new URL(this.plainUrl).port) : this.port();
    this.public = resolvePublicUrl(this.config.publicUrl, this.config.host, publicPort, this.tls && !this.plainUrl ? 'https' : 'http');
    if (this.public.source === 'lan') this.log.info({ publicUrl: this.public.url }, 'ticket QR codes open the status page at this LAN address (set "publicUrl" in the hub configuration to choose another)');
    else if (this.public.source === 'loopback')
      this.log.warn({ publicUrl: this.public.url, host: this.config.host }, 'NO PHONE CAN OPEN THE TICKET QR CODES: the hub has only a loopback address. Connect it to the centre network or set "publicUrl" (MOTCUA_PUBLIC_URL) in the hub configuration');
    this.dayCycle.start();
    this.backups?.start();
    this.publisher.start();
    this.gateway.start();
    this.channel.start();
    this.teams.start(() => this.clock.now());
    if (this.config.city && !this.sync) {
      this.sync = new SyncUploader(this.config.city, {
        hubId: this.config.hubId,
        events: this.events,
        catalog: () => syncCatalog(this.catalog.fields(), this.catalog.services(), { procedures: this.catalog.procedures(), counters: this.counters.all(), settings: this.manager.settings.get() }),
        centre: () => ({ name: this.config.centre.name, address: this.config.centre.address }),
        exportEvent: (row) => exportEvent(row, this.staffPseudonym),
        log: this.log,
        onCityClock: (c) => this.publisher.pushToManagers('manager:cityClock', c),
        channel: this.channel,
      });
      this.sync.start();
    }
    this.log.info({ url: this.boundUrl, statusUrl: this.plainUrl || undefined, caFingerprint: this.tls?.caFingerprint, hubId: this.config.hubId }, 'hub listening');
    return this.boundUrl;
  }

  /** The port the hub (HTTPS when TLS is on) listens on. */
  private port(): number {
    const addr = this.http.server.address();
    return typeof addr === 'object' && addr ? addr.port : this.config.port;
  }

  /** Starts the plain-HTTP listener of a TLS hub: redirects, and the public status page (http/plain.ts). */
  private async listenPlain(host: string): Promise<void> {
    const plain = createPlainServer(this.http, this.io);
    this.plain = plain;
    await new Promise<void>((resolve, reject) => {
      plain.once('error', reject);
      plain.listen(this.config.tls.httpPort ?? 0, this.config.host, () => {
        plain.off('error', reject);
        resolve();
      });
    });
    plain.on('error', (e) => this.log.error({ err: e }, 'plain-HTTP listener failed'));
    const addr = plain.address();
    this.plainUrl = `http://${host}:${typeof addr === 'object' && addr ? addr.port : this.config.tls.httpPort}`;
  }

  /** The plain-HTTP URL of a TLS hub (status page and redirects), or '' when there is none. */
  get statusUrl(): string {
    return this.plainUrl;
  }

  async close(): Promise<void> {
    this.dayCycle.stop();
    this.gateway.stop();
    this.publisher.stop();
    this.channel.stop();
    this.teams.stop();
    await this.sync?.stop();
    await this.backups?.stop();
    this.devices.stop();
    this.storage.stop();
    await new Promise<void>((resolve) => {
      void this.io.close(() => resolve());
    });
    if (this.plain) {
      const plain = this.plain;
      this.plain = null;
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
    await this.http.close().catch(() => undefined);
    await this.adviceWorker.close();
    if (this.db.open) this.db.close();
  }

  get url(): string {
    return this.boundUrl;
  }

  /** The base URL a ticket's QR uses (public-url.ts). */
  publicUrl(): string {
    // On a TLS hub phones open the status page over plain HTTP (they do not trust the ward CA): resolved at listen.
    return this.public.url;
  }

  // ---------------------------------------------------------------- what the handlers and tests use (delegated)

  /** Runs one command in one transaction, then pushes what changed. */
  exec<T>(actor: Actor, fn: (tx: Tx) => Result<T>): Result<T> {
    return this.executor.exec(actor, fn);
  }

  snapshot(role: Role | 'public'): Snapshot {
    return this.publisher.snapshot(role);
  }

  ticketStatus(ticketId: string): Result<TicketStatus> {
    return this.statuses.status(ticketId);
  }

  pushToDevice<E extends keyof ServerToClientEvents>(deviceId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.publisher.pushToDevice(deviceId, event, ...args);
  }

  pushToCounter<E extends keyof ServerToClientEvents>(counterId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.publisher.pushToCounter(counterId, event, ...args);
  }

  /** Starts a new business day when due (services/day-cycle.ts); true if it did. */
  rollDayIfNeeded(): boolean {
    return this.dayCycle.rollDayIfNeeded();
  }

  /** Applies the retention policy now (services/day-cycle.ts); `confirmed`: the manager lifted the one-day limit. */
  applyRetention(confirmed = false): PurgeCounts {
    return this.dayCycle.applyRetention({ confirmed });
  }

  /** What each counter's LED digit display should show (the gateway tells an agent that connects). */
  endSessions(match: (data: SocketData) => boolean, reason: SessionEndReason): number {
    return this.publisher.endSessions(match, reason);
  }

  counterNumbers(day: string): Map<string, { counterNumber: number; number: string | null }> {
    return this.publisher.counterNumbers(day);
  }
}

/** Starts a hub: database, seed (demo), HTTP + socket.io. */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const config = parseConfig(options.config ?? {});
  const log = options.logger ?? createLogger();
  const production = options.production ?? false;
  if (production && config.seedDemo) throw new ConfigError(`Production mode refuses to seed the demo ward: its accounts have published passwords. Set "seedDemo": false. ${INIT_HINT}`);
  let secrets: HubSecrets;
  try {
    secrets = { citizenIdKey: citizenIdKey(config, !production), staffPseudonymKey: staffPseudonymKey(config), tls: await hubTls(config, log, production) };
  } catch (e) {
    if (e instanceof SecretError || e instanceof TlsError) throw new ConfigError(`${e.message}. ${INIT_HINT}`);
    throw e;
  }
  const hub = new Hub(config, options.clock ?? systemClock, log, options.publicDir ?? join(import.meta.dirname, '..', 'public'), secrets);
  if (production) {
    // A database that began as the demo (moved to production as it was) still opens to its published passwords.
    const open = await demoAccountsWithDemoPasswords(hub);
    if (open.length > 0) {
      await hub.close();
      throw new ConfigError(
        `Production mode refuses a database whose demo accounts still have their published passwords (${open.join(', ')}). Start it once without production mode and change those passwords or deactivate the accounts in the manager app, or set up a fresh ward. ${INIT_HINT}`,
      );
    }
  }
  if (production && !hub.tls) {
    await hub.close();
    throw new ConfigError(`Production mode refuses to start without TLS: PINs, passwords, session and device tokens and ID scans would cross the LAN in clear. Set "tls": { "enabled": true } and create the ward CA and certificate with \`motcua-hub cert --config <hub.json>\`. ${INIT_HINT}`);
  }
  if (config.seedDemo) {
    // The demo ward is open around the clock, so `npm start` (and every test on the real clock) can
    // issue at any hour; a real ward gets the default hours (manager/settings.ts) until its manager sets them.
    if (await seedDemoWard(hub.seedTarget)) hub.manager.saveSettings(SYSTEM_ACTOR, { ...hub.manager.settings.get(), openingHours: [...ALWAYS_OPEN_HOURS], booking: { share: 0.3, horizonDays: 14, slotMinutes: 30 } });
    warnDemoAccounts(log, hub);
  }
  await hub.listen();
  return hub;
}

/**
 * The TLS material of a hub with `tls.enabled`, its server certificate renewed when due
 * (http/tls.ts). A development hub (MOTCUA_TLS=1 npm start) creates its own ward CA when it has
 * none; in production `motcua-hub init` (or `cert`) must have made it.
 */
async function hubTls(config: HubConfig, log: Logger, production: boolean): Promise<TlsMaterial | null> {
  if (!config.tls.enabled) return null;
  const dir = secretsDirOf(config);
  if (!production && !existsSync(tlsFiles(dir).caKey)) {
    await createWardCa(dir, config.centre.name.vi);
    log.warn({ caFile: tlsFiles(dir).caCert }, 'created a development ward CA (production: motcua-hub init)');
  }
  return loadTls(dir, {
    renew: true,
    extraNames: config.tls.names,
    onRenew: (reason) => log.warn({ reason }, 'TLS server certificate renewed from the ward CA'),
  });
}

/** The active demo accounts whose password is still the published one. */
async function demoAccountsWithDemoPasswords(hub: Hub): Promise<string[]> {
  const open: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const row = hub.seedTarget.clerks.byUsername(a.username);
    if (row?.active && (await verify(row.passwordHash, a.password).catch(() => false))) open.push(a.username);
  }
  return open;
}

/** A loud warning while the demo accounts (published passwords) can sign in: never in production. */
function warnDemoAccounts(log: Logger, hub: Hub): void {
  const active = DEMO_ACCOUNTS.filter((a) => hub.seedTarget.clerks.byUsername(a.username)?.active === true).map((a) => a.username);
  if (active.length === 0) return;
  log.warn(
    { demoAccounts: active },
    `DEMO MODE — ${active.length} demo accounts with published passwords are active (${active.join(', ')}). Anyone on this network can sign in as the manager. This is for trying Một Cửa only; for a real ward run \`motcua-hub init\` and start with NODE_ENV=production.`,
  );
}
