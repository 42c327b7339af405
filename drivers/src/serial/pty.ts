/**
 * Linked pseudo-terminal pairs from socat: real serial ports without hardware. The virtual
 * device opens `devicePath`, the driver under test opens `hostPath` with serialport as usual.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  devicePath: string;
  hostPath: string;
  pid: number;
  close(): Promise<void>;
}

export async function openPtyPair(opts: { dir?: string; name?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'motcua-pty-'));
  const name = opts.name ?? 'tty';
  const devicePath = join(dir, `${name}-device`);
  const hostPath = join(dir, `${name}-host`);
  const child = spawn('socat', [`pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`socat could not start (apt-get install socat): ${e.message}`))));
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  const ready = (async () => {
    while (!(existsSync(devicePath) && existsSync(hostPath))) {
      if (child.exitCode !== null) throw new Error(`socat exited: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`socat links did not appear: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  spawnError.catch(() => {});
  const pid = child.pid ?? -1;
  return {
    devicePath,
    hostPath,
    pid,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}
