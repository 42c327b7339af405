/** The staffing advice thread's code: one small bundle of plain JavaScript (advice-worker.ts). */
import { describe, expect, it } from 'vitest';
import { adviceThreadSource } from './advice-worker';

describe('the staffing advice thread', () => {
  // Catches: the thread's bundle pulling in all of `shared` (zod, every schema, the ICU parser):
  // 933 KB of code and 30 MB of the hub's RSS for a thread that uses three pure functions of it
  // (issue 13 item 7). Broken once on purpose by removing `"sideEffects": false` from
  // shared/package.json: the bundle was 933 KB and this failed.
  it('is a small bundle without zod and without tsx', () => {
    const code = adviceThreadSource();
    expect(code.length).toBeLessThan(250_000);
    expect(code).toContain('staffingAdvice');
    expect(code).not.toMatch(/from-json-schema|\$ZodType|tsx\/esm/);
    expect(adviceThreadSource()).toBe(code); // bundled once per process
  });
});
