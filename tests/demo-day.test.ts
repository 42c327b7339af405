/**
 * Issue 13 item 7: the demo's simulated clients never stop. Runs `npm run demo:day` (scripts/demo-day.ts)
 * at 400 simulated minutes per real minute: one ward day shaped like ward-M-280 (5 counters, 280
 * visitors, breaks), with the hub frozen for 22 s (every client's ping times out, as on an
 * overloaded machine) and later killed and restarted. The kiosk and all five clerks must succeed
 * again after each, and everyone who took a ticket must be called in the end.
 *
 * Catches: a clerk that reconnects without its session (before: socket.io reconnected it
 * anonymously after a ping timeout and every call was refused from then on; the queue grew past
 * 600), and a command whose answer is lost in a disconnect leaving the clerk waiting forever.
 * (Broken once on purpose by reconnecting the clerks anonymously and not signing in again on
 * `unauthenticated`: all five clerks were reported stopped after the stall and the test failed.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/hub-process';

interface DemoDayResult {
  disruptions: { what: string; atMin: number }[];
  waitingAtEnd: number;
  clients: { name: string; ok: number; reconnects: number; okAfter: number[] }[];
  stopped: string[];
}

describe('demo day', () => {
  it('an accelerated ward day with a ping-timeout stall and a hub restart: no simulated client stops', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'scripts/demo-day.ts'), '--speed', '400', '--stall-at', '60', '--stall-s', '22', '--restart-at', '320', '--json'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as DemoDayResult;
    expect(result.disruptions.map((d) => d.what)).toEqual(['stall', 'restart']);
    expect(result.clients.map((c) => c.name)).toHaveLength(6);
    for (const c of result.clients) {
      // Came back after both disruptions, and did its work after each.
      expect(c.reconnects, c.name).toBeGreaterThanOrEqual(2);
      expect(c.okAfter.every((n) => n > 0), `${c.name}: ${c.okAfter.join(', ')} successes after the stall, the restart`).toBe(true);
    }
    expect(result.stopped).toEqual([]);
    expect(result.waitingAtEnd).toBe(0);
    expect(code).toBe(0);
  }, 300_000);
});
