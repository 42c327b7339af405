/**
 * What a test of hub processes starts and must stop: child processes, sockets and temporary
 * folders, with one clean-up (the built-hub and production tests), and the environment a child
 * hub gets without the test runner's own settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubClient } from './client';

export class ProcessKit {
  readonly children: ChildProcess[] = [];
  readonly sockets: HubClient[] = [];
  private readonly dirs: string[] = [];

  constructor(private readonly prefix: string) {}

  /** A temporary folder removed by `cleanUp`. */
  tempDir(): string {
    const d = mkdtempSync(join(tmpdir(), this.prefix));
    this.dirs.push(d);
    return d;
  }

  /** Stops every child still running (SIGTERM) and waits for each to exit. */
  async stopChildren(): Promise<void> {
    for (const c of this.children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }
    }
  }

  /**
   * Starts `node <args>` (a hub) and waits for its `listening` line: its URL, whether it runs in
   * production, the output so far, and `log()`: all its output up to the moment asked; rejects with
   * the output if it exits or is silent for 45 s.
   */
  startHub(args: string[], o: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ url: string; production: boolean; output: string; log: () => string }> {
    const child = spawn(process.execPath, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 45_000);
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        const line = output.split('\n').find((l) => l.includes('"event":"listening"'));
        if (line) {
          clearTimeout(timer);
          const msg = JSON.parse(line) as { url: string; production: boolean };
          resolve({ url: msg.url, production: msg.production, output, log: () => output });
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`hub exited with ${code}:\n${output}`));
      });
    });
  }

  async cleanUp(): Promise<void> {
    for (const s of this.sockets.splice(0)) s.close();
    await this.stopChildren();
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** An environment without the MOTCUA_*, NODE_ENV and NODE_OPTIONS of the test runner. */
export function hubEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MOTCUA_') && k !== 'NODE_ENV' && k !== 'NODE_OPTIONS'));
  return { ...clean, LOG_LEVEL: 'warn', MOTCUA_HOST: '127.0.0.1', MOTCUA_PORT: '0', ...extra };
}
