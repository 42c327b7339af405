import { describe, expect, it } from 'vitest';
import { kioskOptions, statusTicketId, tokenFromHash } from './routes';

describe('routes', () => {
  it('recognises the status link the hub redirects /t/<id> to', () => {
    expect(statusTicketId('#/t/019abc-12ef')).toBe('019abc-12ef');
    expect(statusTicketId('#/t/')).toBeNull();
    expect(statusTicketId('#/x/1')).toBeNull();
    expect(statusTicketId('#/t/%E0%A4%A')).toBeNull();
    expect(statusTicketId('')).toBeNull();
  });
  it('idle time: 30 s unless a sane idleSec is given', () => {
    expect(kioskOptions('').idleMs).toBe(30_000);
    expect(kioskOptions('?idleSec=5').idleMs).toBe(5_000);
    expect(kioskOptions('?idleSec=0').idleMs).toBe(30_000);
    expect(kioskOptions('?idleSec=abc').idleMs).toBe(30_000);
  });
  it('takes the device token from the #token= link npm start prints, and nothing else', () => {
    expect(tokenFromHash('#token=abcDEF0123456789_-xyz')).toBe('abcDEF0123456789_-xyz');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#token=short')).toBeNull();
    expect(tokenFromHash('#token=abc def 0123456789')).toBeNull();
    expect(tokenFromHash('#/t/019abc')).toBeNull();
  });
});
