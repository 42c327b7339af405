/**
 * `motcua-hub init`: the first-run setup of a real ward (issue 14, item 3). Creates, in one folder:
 * - `hub.json` (0600): the ward's configuration, with `seedDemo: false`;
 * - `data/` (0700): the database, with the manager account and nothing else (services, counters,
 *   clerks and devices are then set up in the manager app);
 * - `secrets/` (0700): the key of the CCCD pseudonym (0600, secrets.ts), the ward CA (key 0600)
 *   and the hub's TLS certificate from it (http/tls.ts): the hub serves HTTPS on `port` and a
 *   plain-HTTP port (`httpPort`) that redirects, except the public ticket status page.
 * The manager's password is the one the person chooses (prompted twice, or `--password-file`), or a
 * generated one shown once. It refuses to touch a folder that already has a configuration.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { ok, systemClock } from '@motcua/shared';
import { ConfigError, parseConfig, type HubConfig } from '../config';
import { openDatabase } from '../db/database';
import { ClerkRepo, EventRepo } from '../db/repositories';
import { citizenIdKey, privateDir, secretsDirOf, staffPseudonymKey } from '../secrets';
import { createWardCa, loadTls, type TlsMaterial } from '../http/tls';
import { hashPassword } from '../services/auth';
import { SYSTEM_ACTOR, UnitOfWork } from '../services/unit-of-work';

export const MIN_PASSWORD_LENGTH = 10;

export class InitError extends Error {}

export interface InitOptions {
  /** The folder to set up (created 0700). */
  dir: string;
  hubId: string;
  name: { vi: string; en: string };
  address: string;
  host: string;
  /** The HTTPS port; `httpPort` the plain-HTTP one (redirects, public status page). */
  port: number;
  httpPort: number;
  /** Extra DNS names for the TLS certificate. */
  dnsNames?: string[];
  username: string;
  displayName: string;
  /** The manager's password; null: generate one (returned, to be shown once). */
  password: string | null;
}

export interface InitResult {
  configFile: string;
  config: HubConfig;
  /** The generated password, when none was given (show it once; it is stored only as a hash). */
  generatedPassword: string | null;
  tls: TlsMaterial;
}

/** A generated password: 20 characters of base64url (120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/** Creates the configuration, the secrets and the database with the manager account. */
export async function initHub(o: InitOptions): Promise<InitResult> {
  const dir = resolve(o.dir);
  const configFile = join(dir, 'hub.json');
  if (existsSync(configFile)) throw new InitError(`${configFile} already exists: this ward is set up. Change it in the manager app, or remove the folder to start over.`);
  if (o.password !== null && o.password.length < MIN_PASSWORD_LENGTH) throw new InitError(`The manager's password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  const config = parseConfig({
    hubId: o.hubId,
    centre: { name: o.name, address: o.address },
    host: o.host,
    port: o.port,
    dataDir: join(dir, 'data'),
    secretsDir: join(dir, 'secrets'),
    seedDemo: false,
    tls: { enabled: true, httpPort: o.httpPort, names: o.dnsNames ?? [] },
  });
  privateDir(dir);
  privateDir(secretsDirOf(config));
  citizenIdKey(config, true);
  staffPseudonymKey(config);
  await createWardCa(secretsDirOf(config), o.name.vi);
  const tls = await loadTls(secretsDirOf(config), { renew: true, extraNames: config.tls.names });

  const password = o.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const db = openDatabase(join(config.dataDir, 'hub.sqlite'));
  try {
    const clerks = new ClerkRepo(db);
    if (clerks.all().length > 0) throw new InitError(`${config.dataDir} already holds accounts: refusing to add a manager to an existing database.`);
    const uow = new UnitOfWork(db, new EventRepo(db), systemClock, config.timeZone);
    uow.run(SYSTEM_ACTOR, (tx) => {
      const id = randomUUID();
      clerks.insert({ id, username: o.username, displayName: o.displayName, role: 'manager', active: true, passwordHash });
      tx.event('config.clerk_saved', null, { clerkId: id, username: o.username, role: 'manager', active: true, passwordChanged: true, created: true });
      return ok(id);
    });
  } finally {
    db.close();
  }
  // Written last: a configuration file means the setup is complete.
  const { dataDir, secretsDir, hubId, centre, host, port, seedDemo } = config;
  writeFileSync(configFile, `${JSON.stringify({ hubId, centre, host, port, dataDir, secretsDir, seedDemo, tls: config.tls }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { configFile, config, generatedPassword: o.password === null ? password : null, tls };
}

// ------------------------------------------------------------------ command line

const USAGE = `Usage: motcua-hub init --dir <folder> --hub-id <id> --name <centre name (Vietnamese)> [options]

  --dir <folder>          folder for hub.json, data/ and secrets/ (e.g. /var/lib/motcua-hub)
  --hub-id <id>           the ward's id: a-z, 0-9 and -, 3 to 64 characters (e.g. phuong-ben-thanh)
  --name <text>           the centre's name in Vietnamese; --name-en <text> in English (default: the same)
  --address <text>        the centre's address
  --host <addr>           address to listen on (default 0.0.0.0)
  --port <n>              the HTTPS port (default 8443)
  --http-port <n>         the plain-HTTP port: redirects to HTTPS, except the public ticket
                          status page citizens' phones open (default 8080)
  --dns-name <name>       a DNS name the ward uses for the hub, added to its certificate
  --username <name>       the manager's user name (default quanly); --display-name <text>
  --password-file <file>  read the manager's password from the file's first line; without it the
                          password is asked for (twice), and an empty answer — or no terminal —
                          generates one that is shown once.`;

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new InitError(`${name} needs a value.\n\n${USAGE}`);
  return v;
}

/** Asks for a line without echoing it (a password). */
async function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = rl.question(question);
    muted = true;
    return await answer;
  } finally {
    muted = false;
    rl.close();
    process.stdout.write('\n');
  }
}

async function choosePassword(args: readonly string[]): Promise<string | null> {
  const file = flag(args, '--password-file');
  if (file !== undefined) {
    const line = readFileSync(resolve(file), 'utf8').split(/\r?\n/)[0] ?? '';
    if (line.length === 0) throw new InitError(`${file} is empty: put the manager's password on its first line.`);
    return line;
  }
  if (!process.stdin.isTTY) return null;
  for (;;) {
    const first = await askHidden(`Manager password (at least ${MIN_PASSWORD_LENGTH} characters; empty: generate one): `);
    if (first === '') return null;
    if (first.length < MIN_PASSWORD_LENGTH) {
      process.stdout.write(`Too short: at least ${MIN_PASSWORD_LENGTH} characters.\n`);
      continue;
    }
    if ((await askHidden('Again: ')) === first) return first;
    process.stdout.write('The two did not match; once more.\n');
  }
}

/** What a person needs to know of the hub's TLS: the CA devices pin, its fingerprint, the names. */
export function tlsSummary(tls: TlsMaterial, port: number, httpPort: number | null): string[] {
  return [
    `  ward CA        ${tls.caFile}`,
    `                 SHA-256 ${tls.caFingerprint}`,
    '                 Give this file (public) to every device: the agents\' and shells\' "hubCaFile". Compare',
    `                 the fingerprint when a device downloads it from http://<hub>${httpPort !== null ? `:${httpPort}` : ''}/ca.crt.`,
    `  certificate    ${tls.certFile} (until ${tls.notAfter.toISOString().slice(0, 10)}; renew: motcua-hub cert --config <hub.json>)`,
    `                 for ${tls.names.join(', ')}`,
    `  HTTPS          port ${port}${httpPort !== null ? `; plain HTTP port ${httpPort} only redirects, except the ticket status page (/t/<id>) for phones` : ''}`,
  ];
}

export async function runInit(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const dir = flag(args, '--dir');
    const hubId = flag(args, '--hub-id');
    const nameVi = flag(args, '--name');
    if (!dir || !hubId || !nameVi) throw new InitError(`--dir, --hub-id and --name are required.\n\n${USAGE}`);
    const port = Number(flag(args, '--port') ?? 8443);
    const httpPort = Number(flag(args, '--http-port') ?? 8080);
    const dnsName = flag(args, '--dns-name');
    const password = await choosePassword(args);
    const r = await initHub({
      dir,
      hubId,
      name: { vi: nameVi, en: flag(args, '--name-en') ?? nameVi },
      address: flag(args, '--address') ?? '',
      host: flag(args, '--host') ?? '0.0.0.0',
      port,
      httpPort,
      ...(dnsName ? { dnsNames: [dnsName] } : {}),
      username: flag(args, '--username') ?? 'quanly',
      displayName: flag(args, '--display-name') ?? 'Quản lý',
      password,
    });
    const lines = [
      `Ward ${r.config.hubId} set up in ${resolve(dir)}:`,
      `  configuration  ${r.configFile}`,
      `  database       ${r.config.dataDir}`,
      `  secrets        ${secretsDirOf(r.config)}  (back it up apart from the data; without it new ID pseudonyms no longer match old ones)`,
      `  manager        ${flag(args, '--username') ?? 'quanly'}`,
      ...tlsSummary(r.tls, r.config.port, r.config.tls.httpPort),
      ...(r.generatedPassword ? ['', `  Generated password (shown only this once — write it down): ${r.generatedPassword}`] : []),
      '',
      `Start: NODE_ENV=production motcua-hub start --config ${r.configFile}`,
      'Then sign in to /manager/ and add the services, counters, clerks and devices.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
    return 0;
  } catch (e) {
    if (e instanceof InitError || e instanceof ConfigError) {
      process.stderr.write(`motcua-hub init: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
