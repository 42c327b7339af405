/**
 * A hub as a child process (`node --import tsx hub-server/src/main.ts`), for crash drills and
 * benchmarks: started with a data folder, killed by PID (never through an npx wrapper).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');

export interface HubProcess {
  url: string;
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startHubProcess(dataDir: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'hub-server/src/main.ts')], {
    cwd: REPO,
    env: { ...process.env, MOTCUA_HOST: '127.0.0.1', MOTCUA_PORT: '0', MOTCUA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('hub did not start in time'));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`hub exited early with code ${code}${child.signalCode ? ` (signal ${child.signalCode})` : ''}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const msg = JSON.parse(line) as { event?: string; url?: string };
        if (msg.event === 'listening' && msg.url) {
          clearTimeout(timer);
          ready = true;
          resolve({
            url: msg.url,
            child,
            kill: async (signal = 'SIGTERM') => {
              if (child.exitCode === null && child.signalCode === null) child.kill(signal);
              await exited;
            },
          });
        }
      } catch {
        // not our line (pino logs go to stdout too)
      }
    });
  });
}
