import { describe, expect, it } from 'vitest';
import { SyncCatalog, type DayHours } from '@motcua/shared';
import { syncCatalog } from './uploader';

const open: DayHours = { open: '07:30', close: '17:00', lunch: null };
const hours = [open, open, open, open, open, null, null];
const fields = [{ id: 'f1', code: 'CT', name: { vi: 'Chứng thực', en: 'Certification' } }];
const services = [
  { id: 's1', fieldId: 'f1', name: { vi: 'Chứng thực', en: 'Certification' }, active: true, expectedServiceMin: 8 },
  { id: 's2', fieldId: 'f1', name: { vi: 'Sao y', en: 'Copies' }, active: true, expectedServiceMin: 5 },
  { id: 's3', fieldId: 'f1', name: { vi: 'Cũ', en: 'Old' }, active: false, expectedServiceMin: 5 },
];

describe('the catalogue sent to the city', () => {
  it('without booking data: fields and services only (an older city reads it as before)', () => {
    const c = syncCatalog(fields, services);
    expect(c.booking).toBeUndefined();
    expect(SyncCatalog.parse(c)).toEqual(c);
  });

  // Catches: counting only primary skills (broken on purpose: s2 got 1 counter instead of 2) or
  // offering inactive services for booking.
  it('with the booking setup: counters per active service (primary or secondary), hours, share, procedures', () => {
    const c = syncCatalog(fields, services, {
      procedures: [{ nationalCode: '2.000815', serviceId: 's1', name: { vi: 'Bản sao', en: 'Copy' } }],
      counters: [
        { primary: ['s1'], secondary: ['s2'] },
        { primary: ['s2'], secondary: [] },
        { primary: [], secondary: [] },
      ],
      settings: { openingHours: hours, booking: { share: 0.4, horizonDays: 10, slotMinutes: 20 } },
    });
    expect(c.booking).toEqual({ openingHours: hours, share: 0.4, horizonDays: 10, slotMinutes: 20, services: { s1: { counters: 1, expectedServiceMin: 8 }, s2: { counters: 2, expectedServiceMin: 5 } } });
    expect(c.procedures).toEqual([{ code: '2.000815', serviceId: 's1', name: { vi: 'Bản sao', en: 'Copy' } }]);
    expect(SyncCatalog.parse(c)).toEqual(c);
  });
});
