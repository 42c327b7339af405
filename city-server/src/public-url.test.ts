import { describe, expect, it } from 'vitest';
import { NearbyWard } from '@motcua/shared';
import { CityStartError, publicUrlOption } from './server';

describe('CITY_PUBLIC_URL', () => {
  it('is optional, and taken as given when it is an absolute http(s) address', () => {
    expect(publicUrlOption(undefined)).toBeNull();
    expect(publicUrlOption('  ')).toBeNull();
    expect(publicUrlOption('https://dichvucong.tphcm.gov.vn')).toBe('https://dichvucong.tphcm.gov.vn');
    expect(publicUrlOption(' https://example.gov.vn/thanhpho/ ')).toBe('https://example.gov.vn/thanhpho/');
  });

  // Catches a kiosk QR that opens nothing on a phone (a relative path, a typo) or runs script.
  it('refuses anything else at start, in Vietnamese and English', () => {
    for (const bad of ['dichvucong.tphcm.gov.vn', '/dat-lich', 'javascript:alert(1)', 'ftp://example.gov.vn', 'https://']) {
      let err: unknown = null;
      try {
        publicUrlOption(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(CityStartError);
      expect((err as Error).message).toContain('CITY_PUBLIC_URL không hợp lệ');
      expect((err as Error).message).toContain('CITY_PUBLIC_URL is not valid');
    }
  });
});

describe("a nearby ward's booking link as the hub reads it", () => {
  const ward = { hubId: 'ben-thanh', name: { vi: 'Phường Bến Thành', en: 'Ben Thanh Ward' }, address: '', distanceKm: 1.2, waiting: 3, estimatedWaitMin: 10, updatedAt: 0 };
  it('keeps an http(s) link, reads a missing one (an older city) as absent and a bad one as null without refusing the ward', () => {
    expect(NearbyWard.parse({ ...ward, bookingUrl: 'https://city.example/dat-lich/p/ben-thanh' }).bookingUrl).toBe('https://city.example/dat-lich/p/ben-thanh');
    expect(NearbyWard.parse(ward).bookingUrl).toBeUndefined();
    expect(NearbyWard.parse({ ...ward, bookingUrl: 'javascript:alert(1)' }).bookingUrl).toBeNull();
    expect(NearbyWard.parse({ ...ward, bookingUrl: 42 }).bookingUrl).toBeNull();
  });
});
