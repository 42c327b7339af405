/**
 * Hub configuration: embedded defaults, then a JSON file (`MOTCUA_CONFIG` or `--config`), then
 * environment variables. Validated with zod; a bad file names the field that is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { HUB_TIME_ZONE, LocalizedText } from '@motcua/shared';

export const HubConfig = z.object({
  hubId: z.string().regex(/^[a-z0-9-]{3,64}$/).default('demo-ward'),
  centre: z
    .object({
      name: LocalizedText,
      address: z.string().max(300),
    })
    .default({
      name: { vi: 'Trung tâm Phục vụ hành chính công phường Bến Thành', en: 'Ben Thanh Ward Public Administration Service Centre' },
      address: '92 Nam Kỳ Khởi Nghĩa, phường Bến Thành, TP. Hồ Chí Minh',
    }),
  host: z.string().default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8080),
  dataDir: z.string().default('./data'),
  /**
   * HTTPS/WSS with the ward CA's certificate (http/tls.ts; `motcua-hub init` creates the CA and the
   * certificate in the secrets folder). Required in production. `port` is then the HTTPS port, and
   * `httpPort` (when set) a plain-HTTP port that only redirects to HTTPS — except the public ticket
   * status page (`/t/<id>`, the kiosk app's status view, its public socket), which carries no
   * credential and stays on HTTP for citizens' phones, which do not trust the ward CA.
   */
  tls: z
    .object({
      enabled: z.boolean().default(false),
      httpPort: z.number().int().min(0).max(65535).nullable().default(null),
      /** Extra DNS names for the certificate beyond the PC's host name and addresses (`hub.phuong-x.lan`). */
      names: z.array(z.string().min(1).max(253)).max(20).default([]),
    })
    .default({ enabled: false, httpPort: null, names: [] }),
  /**
   * Browser origins, beyond the hub's own, whose pages may open a socket to the hub (a page served
   * elsewhere, e.g. a signage player). Socket.io refuses every other Origin (http/security.ts).
   */
  allowedOrigins: z.array(z.string().url()).max(50).default([]),
  /** URL phones on the centre's Wi-Fi use for the ticket status page; derived from host/port if absent. */
  publicUrl: z.string().url().optional(),
  timeZone: z.string().default(HUB_TIME_ZONE),
  targetWaitMin: z.number().positive().max(240).default(20),
  recallLimit: z.number().int().min(0).max(10).default(3),
  rating: z
    .object({ scale: z.union([z.literal(4), z.literal(5)]), timeoutSec: z.number().int().min(5).max(300), askReasonAtOrBelow: z.number().int().min(0).max(5) })
    .default({ scale: 4, timeoutSec: 30, askReasonAtOrBelow: 2 }),
  priority: z
    .object({ elderlyAge: z.number().int().min(50).max(100), maxInRow: z.number().int().min(1).max(10) })
    .default({ elderlyAge: 60, maxInRow: 2 }),
  dispatch: z
    .object({
      policy: z.enum(['motcua', 'dedicated', 'shared-edf', 'pooled']).optional(),
      appointmentGraceMin: z.number().min(0).max(120).optional(),
      secondarySlowdown: z.number().min(1).max(5).optional(),
      ageCapMin: z.number().min(1).max(600).optional(),
    })
    .default({}),
  appointments: z
    .object({
      enabled: z.boolean(),
      /** Slot length and how many citizens per slot and service. */
      slotMin: z.number().int().min(5).max(120),
      perSlot: z.number().int().min(1).max(50),
      /** Bookable hours, minutes after local midnight (07:30 → 450). */
      firstSlotMin: z.number().int().min(0).max(1440),
      lastSlotMin: z.number().int().min(0).max(1440),
      /** Minimum lead time before a slot when booking. */
      leadMin: z.number().int().min(0).max(240),
    })
    .default({ enabled: true, slotMin: 15, perSlot: 2, firstSlotMin: 450, lastSlotMin: 1005, leadMin: 30 }),
  /** A print job with no result after this long is reported failed, so the kiosk shows the ticket. */
  printTimeoutMs: z.number().int().min(500).max(120_000).default(15_000),
  sessionHours: z.number().min(1).max(24 * 30).default(12),
  /**
   * Folder with the hub's secrets (the key of the CCCD pseudonym, secrets.ts), kept outside the
   * database and out of the data folder's backups; mode 0700, files 0600. Default: `<dataDir>/secrets`
   * (development); `motcua-hub init` writes a separate folder into the configuration.
   */
  secretsDir: z.string().optional(),
  /**
   * How long the hub keeps what it has (Decree 13/2023/NĐ-CP: personal data only as long as needed).
   * Citizens' names and hashed ID numbers are erased from tickets and bookings older than
   * `personalDataDays` (0: at the end of the day); tickets, bookings, print jobs and events older than
   * `historyDays` are deleted (events only once the city has them, when the hub syncs). Applied at
   * start and at each new business day. At least 28 days: the staffing forecast reads the same
   * weekday of the last four weeks (manager/staffing.ts).
   */
  retention: z
    .object({
      personalDataDays: z.number().int().min(0).max(3650),
      historyDays: z.number().int().min(28).max(3650),
    })
    .refine((r) => r.personalDataDays <= r.historyDays, { message: 'personalDataDays must not exceed historyDays' })
    .default({ personalDataDays: 30, historyDays: 400 }),
  /**
   * Seed the demo ward (services, counters, clerks with the published demo passwords) into an empty
   * database. Development only: refused in production (loadConfig, startHub).
   */
  seedDemo: z.boolean().default(true),
  /**
   * The daily backup (db/backup.ts, services/backup-schedule.ts): once a business day, at the first
   * check after `at` (local time, HH:MM), the hub copies its database with SQLite's online backup
   * API into `dir` (e.g. a USB disk mounted at /media/motcua-backup) as
   * `hub-<hubId>-<YYYY-MM-DD>.sqlite`, checks the copy, and keeps the newest `keep` such files.
   * Absent: no scheduled backup (`motcua-hub backup <file>` still works).
   */
  backup: z
    .object({
      dir: z.string().min(1),
      keep: z.number().int().min(1).max(3650).default(14),
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('12:00'),
      /** How often the hub checks whether today's backup is due. */
      checkMs: z.number().int().min(1000).max(3_600_000).default(60_000),
    })
    .optional(),
  /** Sync to the city server (hub-server/src/sync). Absent: the hub runs on its own. */
  city: z
    .object({
      url: z.string().url(),
      /** The key the city issued for this hub, and its id (rotation: the city may hold several). */
      key: z.string().min(32),
      keyId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default('k1'),
      batchSize: z.number().int().min(1).max(5000).default(1000),
      /** Poll for new events this often once caught up (a fallback: each commit wakes the uploader). */
      intervalMs: z.number().int().min(10).max(600_000).default(15_000),
      /** Send this long after a commit woke the uploader, so a burst of commands goes in one batch. */
      nudgeDelayMs: z.number().int().min(0).max(10_000).default(100),
      heartbeatMs: z.number().int().min(1000).default(60_000),
      backoffBaseMs: z.number().int().min(10).default(1000),
      backoffMaxMs: z.number().int().min(100).default(60_000),
      requestTimeoutMs: z.number().int().min(100).default(15_000),
    })
    .optional(),
});
export type HubConfig = z.infer<typeof HubConfig>;
export type HubConfigInput = z.input<typeof HubConfig>;

export class ConfigError extends Error {}

export function parseConfig(input: unknown): HubConfig {
  const r = HubConfig.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ConfigError(`Invalid hub configuration at "${issue?.path.join('.') ?? '?'}": ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

/**
 * Production mode: `NODE_ENV=production` or the `--production` flag (the installed service). The hub
 * then needs a configuration file, never seeds the demo ward and never creates its secrets itself.
 */
export function isProduction(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): boolean {
  return env.NODE_ENV === 'production' || argv.includes('--production');
}

/** What to do in production, said once for every refusal. */
export const INIT_HINT = 'Run `motcua-hub init --dir <folder>` once to create the ward configuration, the manager account and the secrets, then start the hub with `--config <folder>/hub.json` (or MOTCUA_CONFIG).';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, file?: string, options: { production?: boolean } = {}): HubConfig {
  const path = file ?? env.MOTCUA_CONFIG;
  let fromFile: Record<string, unknown> = {};
  if (!path && options.production) {
    throw new ConfigError(`Production mode (NODE_ENV=production or --production) refuses to start without a configuration file: the built-in defaults would run the demo ward with its published accounts. ${INIT_HINT}`);
  }
  if (path) {
    const abs = resolve(path);
    if (!existsSync(abs)) throw new ConfigError(`Config file not found: ${abs}`);
    try {
      fromFile = JSON.parse(readFileSync(abs, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`Config file ${abs} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  if (env.MOTCUA_PORT) fromEnv.port = Number(env.MOTCUA_PORT);
  if (env.MOTCUA_HOST) fromEnv.host = env.MOTCUA_HOST;
  if (env.MOTCUA_DATA_DIR) fromEnv.dataDir = env.MOTCUA_DATA_DIR;
  if (env.MOTCUA_HUB_ID) fromEnv.hubId = env.MOTCUA_HUB_ID;
  if (env.MOTCUA_SEED_DEMO !== undefined) fromEnv.seedDemo = !['0', 'false', 'no'].includes(env.MOTCUA_SEED_DEMO.toLowerCase());
  if (env.MOTCUA_PUBLIC_URL) fromEnv.publicUrl = env.MOTCUA_PUBLIC_URL;
  if (env.MOTCUA_SECRETS_DIR) fromEnv.secretsDir = env.MOTCUA_SECRETS_DIR;
  if (env.MOTCUA_TLS !== undefined || env.MOTCUA_HTTP_PORT) {
    const tls = { ...(fromFile.tls as object | undefined) } as Record<string, unknown>;
    if (env.MOTCUA_TLS !== undefined) tls.enabled = !['0', 'false', 'no'].includes(env.MOTCUA_TLS.toLowerCase());
    if (env.MOTCUA_HTTP_PORT) tls.httpPort = Number(env.MOTCUA_HTTP_PORT);
    fromEnv.tls = tls;
  }
  if (env.MOTCUA_BACKUP_DIR) fromEnv.backup = { ...(fromFile.backup as object | undefined), dir: env.MOTCUA_BACKUP_DIR };
  if (env.MOTCUA_CITY_URL && env.MOTCUA_CITY_KEY) {
    fromEnv.city = { ...(fromFile.city as object | undefined), url: env.MOTCUA_CITY_URL, key: env.MOTCUA_CITY_KEY, ...(env.MOTCUA_CITY_KEY_ID ? { keyId: env.MOTCUA_CITY_KEY_ID } : {}) };
  }
  const merged = { ...fromFile, ...fromEnv };
  if (options.production) {
    if (merged.seedDemo === true) {
      throw new ConfigError(`Production mode refuses to seed the demo ward: its accounts (quanly, canbo1…) have published passwords. Remove "seedDemo" from ${path ? resolve(path) : 'the configuration'} and MOTCUA_SEED_DEMO from the environment. ${INIT_HINT}`);
    }
    merged.seedDemo = false;
  }
  return parseConfig(merged);
}
