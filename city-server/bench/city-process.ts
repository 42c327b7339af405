/**
 * What the city benchmarks share: a city server started in its own process (`city-child.ts`, as
 * in production, apart from the clients), its CPU and PostgreSQL's, and the one quantile of the
 * latencies they report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface CityChild {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<void>;
}

/**
 * Starts `city-child.ts` on `databaseUrl` and waits for its address. `env` adds to the child's
 * environment; CITY_NODE_ARGS (space-separated, e.g. `--cpu-prof`) are passed to its node.
 */
export async function startCityChild(databaseUrl: string, env: Record<string, string> = {}): Promise<CityChild> {
  const extra = process.env.CITY_NODE_ARGS ? process.env.CITY_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', join(import.meta.dirname, 'city-child.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('city server did not start in 60 s')), 60_000);
    lines.on('line', (line) => {
      const m = /^CITY_URL (\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`city server exited (${code})`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The p-quantile (0–1) of ascending `sorted` values by nearest rank (the smallest value with at
 * least p of the values at or below it); NaN when empty.
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

/** CPU seconds (user + system) used so far by a process, from /proc (0 when unreadable). */
export function processCpuSeconds(pid: number): number {
  const ticks = 100; // USER_HZ on Linux
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
  } catch {
    return 0;
  }
}

/** CPU seconds of the city process and of the PostgreSQL server's processes (postmaster and children). */
export function cpuSeconds(cityPid: number | undefined, pgDataDir: string): { city: number; pg: number } {
  let pgTotal = 0;
  try {
    const postmaster = Number(readFileSync(join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    pgTotal += processCpuSeconds(postmaster);
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const st = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) pgTotal += processCpuSeconds(Number(d));
      } catch {
        // gone
      }
    }
  } catch {
    // not Linux, or no pid file
  }
  return { city: cityPid ? processCpuSeconds(cityPid) : 0, pg: pgTotal };
}
