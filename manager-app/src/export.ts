/**
 * Report export: XLSX (exceljs) and CSV, with the weekly report's column set from
 * @motcua/shared (the city server's format): a title row, a generated-at row, a blank row, the
 * header on row 4, then one row per group and the ward's total in bold.
 */
import { BOOKING_REPORT_COLUMNS, bookingReportCells, formatDate, formatDateTime, reportCells, reportHeader, toCsv, WEEKLY_REPORT_COLUMNS, type Lang, type Report, type ReportCell, type ReportGroup } from '@motcua/shared';
import { translate } from './i18n';

export function reportTitle(r: Report, lang: Lang): string {
  if (r.period === 'day') return translate(lang, 'reportDaily', { day: formatDate(r.from) });
  return translate(lang, 'reportWeekly', { from: formatDate(r.from), to: formatDate(r.to) });
}

export function reportFileName(r: Report, ext: 'xlsx' | 'csv'): string {
  return r.period === 'day' ? `bao-cao-ngay-${r.from}.${ext}` : `bao-cao-tuan-${r.from}_${r.to}.${ext}`;
}

const cells = (g: ReportGroup, lang: Lang): ReportCell[] => reportCells(g.code, g.name[lang], g);

/** CSV: one row per field, then the ward's total (code = hub id), as the city lists wards then the city. */
export function reportCsv(r: Report, lang: Lang = 'vi'): string {
  return toCsv([reportHeader(r.lateThresholdMin, lang), ...r.byField.map((g) => cells(g, lang)), cells(r.ward, lang)]);
}

const DETAIL_HEADERS = ['reportMaxWait', 'reportAvgService', 'reportP90Service'] as const;

export async function reportXlsx(r: Report, lang: Lang = 'vi'): Promise<Blob> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một Cửa — manager app';
  wb.created = new Date(r.generatedAt);
  const title = `${reportTitle(r, lang)} — ${r.centreName[lang]}`;
  const header = reportHeader(r.lateThresholdMin, lang);
  const stars = Array.from({ length: r.ratingScale }, (_, i) => translate(lang, 'reportRatingN', { n: i + 1 }));

  const sheet = (name: string, groups: readonly ReportGroup[], withTotal: boolean, detail: boolean): void => {
    const ws = wb.addWorksheet(name);
    ws.addRow([title]).font = { bold: true, size: 13 };
    ws.addRow([translate(lang, 'reportGeneratedAt', { at: formatDateTime(r.generatedAt) })]);
    ws.addRow([]);
    const h = ws.addRow(detail ? [...header, ...DETAIL_HEADERS.map((key) => translate(lang, key)), ...stars] : header);
    h.font = { bold: true };
    h.alignment = { wrapText: true, vertical: 'middle' };
    const row = (g: ReportGroup) => (detail ? [...cells(g, lang), g.maxWaitMin, g.avgServiceMin, g.p90ServiceMin, ...g.ratingCounts] : cells(g, lang));
    for (const g of groups) ws.addRow(row(g));
    // The total row is labelled "Tổng cộng" and the centre's name, not with the hub id.
    if (withTotal) ws.addRow(row({ ...r.ward, code: translate(lang, 'totalRow') })).font = { bold: true };
    ws.columns.forEach((c, i) => {
      c.width = i === 1 ? 42 : i === 0 ? 16 : 14;
    });
    WEEKLY_REPORT_COLUMNS.forEach((c, i) => {
      if (c.numFmt) ws.getColumn(i + 1).numFmt = c.numFmt;
    });
    ws.views = [{ state: 'frozen', ySplit: 4 }];
  };
  sheet(translate(lang, 'sheetWard'), [], true, false);
  sheet(translate(lang, 'sheetByField'), r.byField, true, false);
  sheet(translate(lang, 'sheetByCounter'), r.byCounter, false, true);
  sheet(translate(lang, 'sheetByClerk'), r.byClerk, false, true);
  // Day rows: "Mã" is the date (dd/mm/yyyy), "Tên" the weekday — not the ISO date twice.
  if (r.period === 'week') sheet(translate(lang, 'sheetByDay'), r.byDay.map((g) => ({ ...g, code: formatDate(g.key) })), true, false);
  sheet(translate(lang, 'sheetFieldDetail'), r.byField, true, true);
  // Home bookings per field and ISO week, the city's "Đặt lịch từ xa" columns (shared/src/booking-report.ts).
  const hb = wb.addWorksheet(translate(lang, 'sheetHomeBookings'));
  hb.addRow([title]).font = { bold: true, size: 13 };
  hb.addRow([translate(lang, 'reportGeneratedAt', { at: formatDateTime(r.generatedAt) })]);
  hb.addRow([]);
  hb.addRow([translate(lang, 'code'), translate(lang, 'field'), translate(lang, 'isoWeek'), ...BOOKING_REPORT_COLUMNS.map((c) => c[lang])]).font = { bold: true };
  for (const g of r.homeBookings.rows) hb.addRow([g.fieldCode, g.fieldName[lang], g.week, ...bookingReportCells(g)]);
  hb.addRow([translate(lang, 'totalRow'), r.centreName[lang], '', ...bookingReportCells(r.homeBookings.total)]).font = { bold: true };
  hb.columns.forEach((c, i) => {
    c.width = i === 1 ? 42 : 14;
  });
  hb.views = [{ state: 'frozen', ySplit: 4 }];
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
