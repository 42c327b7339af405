import { describe, expect, it } from 'vitest';
import { bookingReportCells, bookingReportHeader, CITY_BOOKING_OUTCOME, HUB_BOOKING_OUTCOME, tallyBookings, totalBookings } from './booking-report';

describe('the shared definition of home-booking figures', () => {
  // Catches the ward and the city counting differently: every outcome is also "made", and the ISO
  // week of the slot's day groups (Sunday 2026-11-29 is still week 48; Monday 2026-11-30 is 49).
  it('tallies by field and ISO week of the slot, each booking once in made and once in its outcome', () => {
    const rows = tallyBookings([
      { fieldCode: 'HT', day: '2026-11-23', outcome: 'honoured' },
      { fieldCode: 'HT', day: '2026-11-29', outcome: 'no_show' },
      { fieldCode: 'HT', day: '2026-11-30', outcome: 'open', n: 3 },
      { fieldCode: 'CT', day: '2026-11-24', outcome: 'refused' },
      { fieldCode: 'CT', day: '2026-11-24', outcome: 'cancelled' },
    ]);
    expect(rows).toEqual([
      { fieldCode: 'CT', week: '2026-W48', made: 2, honoured: 0, cancelled: 1, noShow: 0, refused: 1, open: 0 },
      { fieldCode: 'HT', week: '2026-W48', made: 2, honoured: 1, cancelled: 0, noShow: 1, refused: 0, open: 0 },
      { fieldCode: 'HT', week: '2026-W49', made: 3, honoured: 0, cancelled: 0, noShow: 0, refused: 0, open: 3 },
    ]);
    expect(totalBookings(rows)).toEqual({ made: 7, honoured: 1, cancelled: 1, noShow: 1, refused: 1, open: 3 });
    for (const r of rows) expect(r.made).toBe(r.honoured + r.cancelled + r.noShow + r.refused + r.open);
  });

  it('maps both ends’ states to the same outcomes and names the columns in both languages', () => {
    expect(Object.values(CITY_BOOKING_OUTCOME).sort()).toEqual(['cancelled', 'honoured', 'no_show', 'open', 'open', 'refused']);
    expect(HUB_BOOKING_OUTCOME).toEqual({ booked: 'open', checked_in: 'honoured', cancelled: 'cancelled', expired: 'no_show' });
    expect(bookingReportHeader()).toEqual(['Đặt lịch / Made', 'Đã đến / Honoured', 'Đã huỷ / Cancelled', 'Không đến / No-show', 'Bị từ chối / Refused', 'Chưa đến hạn / Open']);
    expect(bookingReportCells({ made: 6, honoured: 1, cancelled: 2, noShow: 0, refused: 1, open: 2 })).toEqual([6, 1, 2, 0, 1, 2]);
  });
});
