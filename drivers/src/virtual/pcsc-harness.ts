/**
 * Runs a real PC/SC stack for tests and the chip self-test: pcscd (pcsc-lite) in the foreground
 * with a reader.conf folder of our own that loads vpcd (vsmartcard-vpcd) on a TCP port, so a
 * `VirtualCccdCard` connected to that port is a card in the reader "Virtual PCD 00 00".
 *
 * pcsc-lite 1.9 has one daemon socket per machine (/run/pcscd/pcscd.comm; the daemon does not
 * honour PCSCLITE_CSOCK_NAME), so when a pcscd already runs (or systemd's pcscd.socket answers)
 * this harness uses it and reads vpcd's port from /etc/reader.conf.d/vpcd; it never stops a daemon
 * it did not start. Every missing piece
 * is a clear error, never a silent skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PCSCD = '/usr/sbin/pcscd';
export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const PID_FILE = '/run/pcscd/pcscd.pid';
const SOCKET = '/run/pcscd/pcscd.comm';
export const INSTALL_HINT = 'apt-get install -y pcscd vsmartcard-vpcd libpcsclite-dev';

export interface PcscHarness {
  /** TCP port vpcd listens on: connect the virtual card there. */
  vpcdPort: number;
  /** True when this harness started pcscd (and will stop it). */
  ownDaemon: boolean;
  /** pcscd's output (APDU log with -a) when we started it. */
  output(): string;
  /** Stops pcscd if we started it (SIGTERM, then SIGKILL after 3 s). */
  stop(): Promise<void>;
}

function runningPcscd(): number | null {
  if (!existsSync(PID_FILE)) return null;
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** vpcd's port in a reader.conf file, or null. */
function channelIdIn(file: string): number | null {
  try {
    const m = /^\s*CHANNELID\s+(0x[0-9a-f]+|\d+)/im.exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The system's vpcd port (/etc/reader.conf.d/vpcd; vpcd's default 35963). */
function systemVpcdPort(): number {
  return channelIdIn('/etc/reader.conf.d/vpcd') ?? 35963;
}

/**
 * vpcd's port in a running pcscd: a daemon started with `--config <dir>` (as this harness starts it,
 * e.g. by a test whose child process attaches here) has it in `<dir>/vpcd`; the system's daemon in
 * /etc/reader.conf.d/vpcd.
 */
function vpcdPortOf(pid: number): number {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const i = args.indexOf('--config');
    const dir = i >= 0 ? args[i + 1] : undefined;
    const port = dir ? channelIdIn(join(dir, 'vpcd')) : null;
    if (port !== null) return port;
  } catch {
    // not readable: the system's configuration
  }
  return systemVpcdPort();
}

/** The pid of a running pcscd found in /proc (by its command name), or null. */
function pcscdPid(): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'pcscd') return Number(entry);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return null;
}

/**
 * A TCP port no socket holds now, from the kernel (a listener on port 0, closed at once), for the
 * vpcd of a pcscd this harness starts. Not vpcd's default 35963: that is inside Linux's ephemeral
 * range (32768–60999), so any outgoing connection elsewhere in a test run may hold it, open or in
 * TIME_WAIT, and vpcd then cannot listen (seen: "Address already in use", and the reader never
 * appeared).
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port from the kernel'))));
    });
  });
}

/** A socket-activated pcscd (systemd's pcscd.socket) has the socket but no pid until a client comes. */
function socketAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(SOCKET);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string, out: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms. pcscd said:\n${out().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts pcscd with vpcd on `port` (default: a free port from the kernel), or attaches to the running one. */
export async function startPcscHarness(opts: { port?: number; apduLog?: boolean } = {}): Promise<PcscHarness> {
  if (!existsSync(PCSCD)) throw new Error(`pcscd is not installed (${PCSCD} missing): ${INSTALL_HINT}`);
  if (!existsSync(VPCD_DRIVER)) throw new Error(`the vpcd reader driver is not installed (${VPCD_DRIVER} missing): ${INSTALL_HINT}`);
  const existing = runningPcscd();
  if (existing !== null) {
    if (!existsSync(SOCKET)) throw new Error(`pcscd (pid ${existing}) runs but ${SOCKET} is missing`);
    return { vpcdPort: vpcdPortOf(existing), ownDaemon: false, output: () => '', stop: () => Promise.resolve() };
  }
  if (existsSync(SOCKET) && (await socketAnswers())) {
    // No pid file (a pcscd in the foreground, as this harness starts it, writes none): find it.
    const pid = pcscdPid();
    return { vpcdPort: pid === null ? systemVpcdPort() : vpcdPortOf(pid), ownDaemon: false, output: () => '', stop: () => Promise.resolve() };
  }
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pcscd-'));
  writeFileSync(join(dir, 'vpcd'), `FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:${port}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID ${port}\n`);
  let out = '';
  const args = ['--foreground', '--config', dir, ...(opts.apduLog === false ? [] : ['--apdu'])];
  const child: ChildProcess = spawn(PCSCD, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (b: Buffer): void => {
    out += b.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  try {
    await waitFor(() => exited !== undefined || existsSync(SOCKET), 5000, 'pcscd did not open its socket', () => out);
    if (exited !== undefined) throw new Error(`pcscd exited with ${exited}:\n${out.slice(-2000)}`);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    vpcdPort: port,
    ownDaemon: true,
    output: () => out,
    async stop() {
      if (exited === undefined) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await new Promise<void>((r) => (exited !== undefined ? r() : child.once('exit', () => r())));
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
