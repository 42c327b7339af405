/**
 * Home bookings in the weekly report (issue 18 item 7): per ward, field and ISO week of the slot,
 * how many were made, honoured (checked in at the kiosk), cancelled, no-shows and refused by the
 * ward, by the definition the ward's own report shares (shared/src/booking-report.ts). Its own
 * sheet, so the weekly report's main figures stay as they are.
 */
import type ExcelJS from 'exceljs';
import type { Pool } from 'pg';
import { bookingReportCells, bookingReportHeader, CITY_BOOKING_OUTCOME, tallyBookings, type BookingReportGroup } from '@motcua/shared';
import type { BookingStatus } from '../booking/bookings';
import type { Period } from './period';

/** A ward's field in a week (figures as shared/src/booking-report.ts defines them, as the ward's own report counts them). */
export interface BookingReportRow extends BookingReportGroup {
  hubId: string;
  ward: string;
}

export async function buildBookingReport(pool: Pool, period: Period): Promise<BookingReportRow[]> {
  const r = await pool.query<{ hub_id: string; name_vi: string; field_code: string; day: string; status: BookingStatus; n: string }>(
    `SELECT b.hub_id, h.name_vi, coalesce(b.field_code, '') AS field_code, b.day, b.status, count(*) AS n
     FROM city_bookings b JOIN city_hubs h ON h.hub_id = b.hub_id
     WHERE b.day BETWEEN $1 AND $2
     GROUP BY b.hub_id, h.name_vi, b.field_code, b.day, b.status`,
    [period.from, period.to],
  );
  const byHub = new Map<string, { ward: string; rows: typeof r.rows }>();
  for (const x of r.rows) {
    const h = byHub.get(x.hub_id) ?? { ward: x.name_vi, rows: [] };
    h.rows.push(x);
    byHub.set(x.hub_id, h);
  }
  return [...byHub]
    .sort(([a, x], [b, y]) => x.ward.localeCompare(y.ward, 'vi') || a.localeCompare(b))
    .flatMap(([hubId, h]) => tallyBookings(h.rows.map((x) => ({ fieldCode: x.field_code, day: x.day, outcome: CITY_BOOKING_OUTCOME[x.status], n: Number(x.n) }))).map((g) => ({ hubId, ward: h.ward, ...g })));
}

export const BOOKING_REPORT_HEADER = ['Mã phường / Ward code', 'Phường / Ward', 'Lĩnh vực / Field', 'Tuần / Week', ...bookingReportHeader()];

/** The "Đặt lịch từ xa" sheet of the weekly workbook. */
export function addBookingSheet(wb: ExcelJS.Workbook, rows: readonly BookingReportRow[]): void {
  const ws = wb.addWorksheet('Đặt lịch từ xa');
  ws.addRow(BOOKING_REPORT_HEADER).font = { bold: true };
  for (const r of rows) ws.addRow([r.hubId, r.ward, r.fieldCode, r.week, ...bookingReportCells(r)]);
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 36 : 14;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}
