import { describe, expect, it } from 'vitest';
import { parseAppointmentQr } from './appointment-qr';
import { BookingCode, bookingQrPayload, CityMessages } from './city-channel';

describe('city → hub channel contract', () => {
  it('prints a booking QR the kiosk reads back to its code (10–16 Crockford base32)', () => {
    for (const code of ['ABCDEFGH01', 'Z9Y8X7W6V5T4S3R2']) {
      expect(BookingCode.safeParse(code).success).toBe(true);
      expect(parseAppointmentQr(bookingQrPayload(code))).toBe(code);
      expect(parseAppointmentQr(`https://datlich.example.gov.vn/a/${code}`)).toBe(code);
    }
    // Catches a QR reader still limited to the kiosk's short codes (seen failing with {4,12}).
    expect(parseAppointmentQr('MOTCUA:APPT:ABCDEFGHJKMNPQRS')).toBe('ABCDEFGHJKMNPQRS');
    expect(parseAppointmentQr('MOTCUA:APPT:ABCDEFGHJKMNPQRST')).toBeNull(); // 17: not a code
    expect(BookingCode.safeParse('ABCDEFGHIO').success).toBe(false); // I and O are not Crockford
    expect(BookingCode.safeParse('ABCDEFGH1').success).toBe(false); // too short to be unguessable
  });

  it('refuses a pull answer with a hole in its seqs', () => {
    const m = (seq: number) => ({ seq, createdAt: 0, message: { kind: 'team.withdrawn', id: 'a1' } });
    const base = { v: 1, hubId: 'ward-1', latestSeq: 3, serverTime: 0 };
    expect(CityMessages.safeParse({ ...base, messages: [m(1), m(2), m(3)] }).success).toBe(true);
    expect(CityMessages.safeParse({ ...base, messages: [m(1), m(3)] }).success).toBe(false);
  });
});
