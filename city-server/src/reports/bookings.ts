/**
 * Home bookings in the weekly report (issue 18 item 7): per ward, field and ISO week of the slot,
 * how many were made, honoured (checked in at the kiosk), cancelled, no-shows and refused by the
 * ward. Its own sheet, so the weekly report's main figures stay as they are.
 */
import type ExcelJS from 'exceljs';
import type { Pool } from 'pg';
import type { Period } from './period';

export interface BookingReportRow {
  hubId: string;
  ward: string;
  fieldCode: string;
  /** ISO week of the slots, e.g. 2026-W49. */
  week: string;
  made: number;
  honoured: number;
  cancelled: number;
  noShow: number;
  refused: number;
  /** Still open (booked or accepted, not yet due or not yet answered by the ward). */
  open: number;
}

export async function buildBookingReport(pool: Pool, period: Period): Promise<BookingReportRow[]> {
  const r = await pool.query<Record<string, unknown>>(
    `SELECT b.hub_id, h.name_vi, coalesce(b.field_code, '') AS field_code, to_char(to_date(b.day, 'YYYY-MM-DD'), 'IYYY-"W"IW') AS week,
            count(*) AS made,
            count(*) FILTER (WHERE b.status = 'honoured') AS honoured,
            count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled,
            count(*) FILTER (WHERE b.status = 'no_show') AS no_show,
            count(*) FILTER (WHERE b.status = 'refused') AS refused,
            count(*) FILTER (WHERE b.status IN ('booked', 'accepted')) AS open
     FROM city_bookings b JOIN city_hubs h ON h.hub_id = b.hub_id
     WHERE b.day BETWEEN $1 AND $2
     GROUP BY b.hub_id, h.name_vi, b.field_code, week ORDER BY h.name_vi, b.hub_id, field_code, week`,
    [period.from, period.to],
  );
  return r.rows.map((x) => ({
    hubId: x.hub_id as string,
    ward: x.name_vi as string,
    fieldCode: x.field_code as string,
    week: x.week as string,
    made: Number(x.made),
    honoured: Number(x.honoured),
    cancelled: Number(x.cancelled),
    noShow: Number(x.no_show),
    refused: Number(x.refused),
    open: Number(x.open),
  }));
}

export const BOOKING_REPORT_HEADER = ['Mã phường / Ward code', 'Phường / Ward', 'Lĩnh vực / Field', 'Tuần / Week', 'Đặt lịch / Made', 'Đã đến / Honoured', 'Đã huỷ / Cancelled', 'Không đến / No-show', 'Bị từ chối / Refused', 'Chưa đến hạn / Open'];

/** The "Đặt lịch từ xa" sheet of the weekly workbook. */
export function addBookingSheet(wb: ExcelJS.Workbook, rows: readonly BookingReportRow[]): void {
  const ws = wb.addWorksheet('Đặt lịch từ xa');
  ws.addRow(BOOKING_REPORT_HEADER).font = { bold: true };
  for (const r of rows) ws.addRow([r.hubId, r.ward, r.fieldCode, r.week, r.made, r.honoured, r.cancelled, r.noShow, r.refused, r.open]);
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 36 : 14;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}
