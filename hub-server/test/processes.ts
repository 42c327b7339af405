/**
 * What a test of hub processes starts and must stop: child processes, sockets and temporary
 * folders, with one clean-up (the built-hub and production tests), and the environment a child
 * hub gets without the test runner's own settings.
 */
import type { ChildProcess } from 'node:child_process';
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
