import { describe, expect, it } from 'vitest';
import { isStatusByte, mapStatus, statusBytesFor } from './status';

describe('DLE EOT status mapping', () => {
  it.each([
    ['ready', { printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 }, 'ready'],
    ['paper near end (bits 2-3 of n=4)', { printer: 0x12, offlineCause: 0x12, paperSensor: 0x1e }, 'paper_near_end'],
    ['paper end (bits 5-6 of n=4) and offline', { printer: 0x1a, offlineCause: 0x32, paperSensor: 0x7e }, 'paper_out'],
    ['paper end only in offline cause', { printer: 0x1a, offlineCause: 0x32, paperSensor: 0x12 }, 'paper_out'],
    ['cover open wins over paper end', { printer: 0x1a, offlineCause: 0x36, paperSensor: 0x72 }, 'cover_open'],
    ['offline bit with no cause', { printer: 0x1a, offlineCause: 0x12, paperSensor: 0x12 }, 'offline'],
    ['error bit', { printer: 0x1a, offlineCause: 0x52, paperSensor: 0x12 }, 'offline'],
  ] as const)('%s', (_n, raw, state) => {
    expect(mapStatus(raw).state).toBe(state);
  });

  it('no answer or garbage bytes mean offline, with the reason', () => {
    expect(mapStatus({ printer: null, offlineCause: null, paperSensor: null })).toMatchObject({ state: 'offline', online: false, detail: 'no answer to status query' });
    const g = mapStatus({ printer: 0xff, offlineCause: 0x12, paperSensor: 0x12 });
    expect(g.state).toBe('offline');
    expect(g.detail).toMatch(/malformed status byte 0xff/);
  });

  it('status bytes always have bits 1 and 4 set, 0 and 7 clear', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x7e)).toBe(true);
    expect(isStatusByte(0x13)).toBe(false);
    expect(isStatusByte(0x92)).toBe(false);
    expect(isStatusByte(0x02)).toBe(false);
  });

  it('the virtual printer answers bytes that map back to its condition', () => {
    expect(mapStatus(statusBytesFor({})).state).toBe('ready');
    expect(mapStatus(statusBytesFor({ paperNearEnd: true })).state).toBe('paper_near_end');
    expect(mapStatus(statusBytesFor({ paperOut: true })).state).toBe('paper_out');
    expect(mapStatus(statusBytesFor({ coverOpen: true })).state).toBe('cover_open');
    expect(mapStatus(statusBytesFor({ error: true })).state).toBe('offline');
    expect(mapStatus(statusBytesFor({ paperOut: true })).online).toBe(false);
  });
});
