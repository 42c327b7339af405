import { describe, expect, it } from 'vitest';
import { DEFAULT_TICKER, parseBoardConfig } from './config';

describe('parseBoardConfig', () => {
  it('has defaults for a plain /display/', () => {
    const c = parseBoardConfig('');
    expect(c).toMatchObject({ fields: null, zone: null, counters: null, recent: 8, languages: ['vi'], sound: true, voiceVi: '/display/voice/vi/', voiceEn: '/display/voice/en/', title: null, staleMs: 120_000, flashMs: 10_000, announceWithinMs: 30_000, token: null });
    expect(c.ticker).toEqual(DEFAULT_TICKER);
  });

  it('reads the device token from the fragment only, never the query (a query token reaches the hub log and the Referer)', () => {
    // Catches: parseBoardConfig reading q.get('token') again.
    expect(parseBoardConfig('?zone=A&token=in-query', '/display/', '').token).toBeNull();
    expect(parseBoardConfig('?zone=A', '/display/', '#token=abc%2B1').token).toBe('abc+1');
    expect(parseBoardConfig('', '/display/', '#token=').token).toBeNull();
  });

  it('reads filters, languages and the ticker', () => {
    const c = parseBoardConfig('?fields=f-ho-tich,%20DD&zone=A&counters=1,3,x&lang=vi,en,fr&ticker=Xin%20ch%C3%A0o|%20|Hello&title=Khu%20A&sound=off&recent=10');
    expect(c.fields).toEqual(['f-ho-tich', 'DD']);
    expect(c.zone).toBe('A');
    expect(c.counters).toEqual([1, 3]);
    expect(c.languages).toEqual(['vi', 'en']);
    expect(c.ticker).toEqual(['Xin chào', 'Hello']);
    expect(c.title).toBe('Khu A');
    expect(c.sound).toBe(false);
    expect(c.recent).toBe(10);
  });

  it('clamps numbers and falls back on nonsense', () => {
    const c = parseBoardConfig('?recent=99&stale=1&flash=abc&announceWithin=100000&lang=xx&fields=,');
    expect(c.recent).toBe(12);
    expect(c.staleMs).toBe(15_000);
    expect(c.flashMs).toBe(10_000);
    expect(c.announceWithinMs).toBe(300_000);
    expect(c.languages).toEqual(['vi']);
    expect(c.fields).toBeNull();
  });

  it('points at a centre\'s own voice pack folder', () => {
    expect(parseBoardConfig('?voice=/display/voice/studio-vi').voiceVi).toBe('/display/voice/studio-vi/');
    expect(parseBoardConfig('', '/board/').voiceEn).toBe('/board/voice/en/');
  });
});
