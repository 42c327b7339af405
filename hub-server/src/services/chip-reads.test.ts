import { describe, expect, it } from 'vitest';
import type { ChipReadOutcome } from '@motcua/shared';
import { ChipReads, chipElderly } from './chip-reads';

const okRead: ChipReadOutcome = { ok: true, fullName: 'TRẦN THỊ BÌNH', ageBand: { min: 60, max: 75 }, verified: true };

describe('chip reads at the hub', () => {
  // Catches an agent (or anyone) answering a chip read sent to another kiosk's agent.
  it('only the agent the request went to may answer it, once', () => {
    const c = new ChipReads(() => 0);
    c.request('r-1', 'kiosk-1', 'agent-1');
    expect(c.settle('r-1', 'agent-2', okRead)).toBe('wrong_agent');
    expect(c.settle('r-1', 'agent-1', okRead)).toEqual({ kioskId: 'kiosk-1' });
    expect(c.settle('r-1', 'agent-1', okRead)).toBe('unknown');
  });

  it('a read is for its own kiosk only, and expires', () => {
    let now = 0;
    const c = new ChipReads(() => now);
    c.request('r-1', 'kiosk-1', 'agent-1');
    c.settle('r-1', 'agent-1', okRead);
    expect(c.read('r-1', 'kiosk-2')).toBeNull();
    expect(c.read('r-1', 'kiosk-1')).toMatchObject({ fullName: 'TRẦN THỊ BÌNH', verified: true });
    now = 11 * 60_000;
    expect(c.read('r-1', 'kiosk-1')).toBeNull();
  });

  it('elderly only from verified data whose whole band is at or above the age', () => {
    expect(chipElderly({ verified: true, ageBand: { min: 60 } }, 60)).toBe(true);
    expect(chipElderly({ verified: false, ageBand: { min: 60 } }, 60)).toBe(false);
    expect(chipElderly({ verified: true, ageBand: { min: 60 } }, 65)).toBe(false);
  });
});
