import { describe, expect, it } from 'vitest';
import { formatTicketNumber, numericTicketValue } from './numbering';
import { businessDay, minuteOfDay } from './time';

describe('ticket numbers', () => {
  it('pads the day sequence to three digits after the prefix', () => {
    expect(formatTicketNumber('1', 1)).toBe('1001');
    expect(formatTicketNumber('1', 23)).toBe('1023');
    expect(formatTicketNumber('A', 999)).toBe('A999');
    expect(formatTicketNumber('A', 1000)).toBe('A1000');
  });
  it('refuses a non-positive sequence', () => {
    expect(() => formatTicketNumber('1', 0)).toThrow(RangeError);
    expect(() => formatTicketNumber('1', 1.5)).toThrow(RangeError);
  });
  it('reads numeric numbers for announcements', () => {
    expect(numericTicketValue('1023')).toBe(1023);
    expect(numericTicketValue('A023')).toBeNull();
  });
});

describe('business day in Asia/Ho_Chi_Minh', () => {
  it('turns at local midnight (UTC+7), not UTC midnight', () => {
    expect(businessDay(Date.UTC(2026, 10, 23, 16, 59))).toBe('2026-11-23');
    expect(businessDay(Date.UTC(2026, 10, 23, 17, 0))).toBe('2026-11-24');
    expect(minuteOfDay(Date.UTC(2026, 10, 23, 2, 30))).toBe(9 * 60 + 30);
  });
});
