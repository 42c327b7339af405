/**
 * The weekly report per ward and city-wide: received, served, no-shows, average and p90 wait,
 * share over the late threshold, ratings, and beside each ward its manager's "khó khăn, vướng
 * mắc, đề xuất" for the week (report.week_note, entered in the manager app); also city-wide per field. Counts come from the daily
 * projection, p90 from the per-ticket projection (both written in the same transactions).
 */
import ExcelJS from 'exceljs';
import type { Pool } from 'pg';
import { WEEKLY_REPORT_COLUMNS, formatDate, formatDateTime, reportCells, reportHeader, toCsv } from '@motcua/shared';
import type { ReportCell, ReportFigures, SyncCatalog } from '@motcua/shared';
import { weekLabel, type Period } from './period';
import { t } from '../i18n';
import { addBookingSheet, buildBookingReport, type BookingReportRow } from './bookings';
import { teamAssignments, type TeamAssignmentRecord } from '../teams/teams';

/** A ward's (or field's, or the city's) figures: the shared weekly-report figures with a code and a name. */
export interface ReportRow extends ReportFigures {
  hubId: string | null;
  name: string;
  /** Dossiers received (tổng số hồ sơ tiếp nhận); per field it is not counted (a dossier is per procedure): null. */
  dossiers: number | null;
}

export interface WeeklyReport {
  period: Period;
  generatedAt: number;
  lateThresholdMin: number;
  /** Each ward's row, with its manager's note(s) for the ISO week(s) of the period ('' when none) and the team members sent there. */
  wards: (ReportRow & { note: string; teams: string })[];
  city: ReportRow;
  fields: (ReportRow & { fieldCode: string })[];
  /** Home bookings per ward, field and week (reports/bookings.ts). */
  bookings: BookingReportRow[];
  /** The mobile-team assignments of the period (teams/teams.ts), by day, hours and ward; each ward's row names its own. */
  teams: TeamAssignmentRecord[];
  /**
   * "Tổng số hồ sơ tiếp nhận": dossiers the wards' clerks recorded as received (`ticket:recordDossier`
   * on the hub → `ticket.dossier_recorded` events, the code itself blanked by the hub), per ward and
   * procedure; each ward's total is also on its row (`ReportRow.dossiers`).
   */
  dossiers: DossierRow[];
}

/** One assignment in a ward's cell: "Nguyễn Văn An — HT, CT — 03/12 08:00–11:30 — Phường đã chấp nhận". */
export function teamLine(a: TeamAssignmentRecord): string {
  return `${a.memberName} — ${a.fieldCodes.join(', ')} — ${formatDate(a.day).slice(0, 5)} ${a.from}–${a.to} — ${t('vi', `status_${a.status}`)}`;
}

/** Dossiers received at a ward for one procedure (or, recorded without one, one service). */
export interface DossierRow {
  hubId: string;
  ward: string;
  /** The national procedure code, or the service id when recorded without a procedure. */
  code: string;
  name: string;
  count: number;
}

type Row = Record<string, unknown>;
const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const round1 = (x: number): number => Math.round(x * 10) / 10;

function toRow(r: Row, p90ms: number | null, hubId: string | null, name: string, dossiers: number | null): ReportRow {
  const waitN = int(r.wait_n);
  const ratingN = int(r.rating_n);
  return {
    hubId,
    name,
    dossiers,
    received: int(r.issued),
    served: int(r.served),
    noShows: int(r.no_show),
    cancelled: int(r.cancelled),
    avgWaitMin: waitN ? round1(int(r.wait_sum_ms) / waitN / 60_000) : null,
    p90WaitMin: p90ms === null ? null : round1(p90ms / 60_000),
    lateShare: waitN ? int(r.wait_over_n) / waitN : null,
    ratings: ratingN,
    avgRating: ratingN ? Math.round((int(r.rating_sum) / ratingN) * 100) / 100 : null,
  };
}

const SUMS = 'sum(issued) AS issued, sum(served) AS served, sum(no_show) AS no_show, sum(cancelled) AS cancelled, sum(wait_n) AS wait_n, sum(wait_sum_ms) AS wait_sum_ms, sum(wait_over_n) AS wait_over_n, sum(rating_n) AS rating_n, sum(rating_sum) AS rating_sum';

export async function buildWeeklyReport(pool: Pool, period: Period, generatedAt: number, lateThresholdMin: number): Promise<WeeklyReport> {
  const sums = await pool.query<Row>(`SELECT hub_id, GROUPING(hub_id) AS g, ${SUMS} FROM city_daily WHERE day BETWEEN $1 AND $2 GROUP BY ROLLUP (hub_id)`, [period.from, period.to]);
  const p90 = await pool.query<Row>(
    'SELECT hub_id, GROUPING(hub_id) AS g, percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_ms) AS p90 FROM city_tickets WHERE day BETWEEN $1 AND $2 AND wait_ms IS NOT NULL GROUP BY ROLLUP (hub_id)',
    [period.from, period.to],
  );
  const byField = await pool.query<Row>(`SELECT d.field_code, f.name_vi, ${SUMS} FROM city_daily d LEFT JOIN city_fields f ON f.code = d.field_code WHERE day BETWEEN $1 AND $2 GROUP BY d.field_code, f.name_vi ORDER BY d.field_code`, [period.from, period.to]);
  const fieldP90 = await pool.query<Row>('SELECT field_code, percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_ms) AS p90 FROM city_tickets WHERE day BETWEEN $1 AND $2 AND wait_ms IS NOT NULL GROUP BY field_code', [period.from, period.to]);
  const hubs = await pool.query<{ hub_id: string; name_vi: string }>('SELECT hub_id, name_vi FROM city_hubs WHERE active ORDER BY name_vi, hub_id');
  // The notes of the ISO weeks the period touches (one for a week's report), oldest week first.
  const notes = await pool.query<{ hub_id: string; week_from: string; text: string }>(
    "SELECT hub_id, week_from, text FROM city_week_notes WHERE week_from BETWEEN to_char($1::date - 6, 'YYYY-MM-DD') AND $2 AND text <> '' ORDER BY hub_id, week_from",
    [period.from, period.to],
  );
  const noteOf = new Map<string, string[]>();
  for (const n of notes.rows) noteOf.set(n.hub_id, [...(noteOf.get(n.hub_id) ?? []), n.text]);

  const p90Of = new Map<string, number>();
  let cityP90: number | null = null;
  for (const r of p90.rows) {
    if (int(r.g) === 1) cityP90 = r.p90 === null ? null : Number(r.p90);
    else p90Of.set(r.hub_id as string, Number(r.p90));
  }
  const sumOf = new Map<string, Row>();
  let citySums: Row = {};
  for (const r of sums.rows) {
    if (int(r.g) === 1) citySums = r;
    else sumOf.set(r.hub_id as string, r);
  }
  // Every registered ward appears, with zeros when it sent nothing: a silent ward is a finding.
  const teams = await teamAssignments(pool, { from: period.from, to: period.to });
  const teamsOf = (hubId: string): string =>
    teams
      .filter((a) => a.hubId === hubId)
      .map(teamLine)
      .join('\n');
  const dossiers = await buildDossierReport(pool, period);
  const dossiersOf = new Map<string, number>();
  for (const d of dossiers) dossiersOf.set(d.hubId, (dossiersOf.get(d.hubId) ?? 0) + d.count);
  const wards = hubs.rows.map((h) => ({ ...toRow(sumOf.get(h.hub_id) ?? {}, p90Of.get(h.hub_id) ?? null, h.hub_id, h.name_vi, dossiersOf.get(h.hub_id) ?? 0), note: (noteOf.get(h.hub_id) ?? []).join('\n\n'), teams: teamsOf(h.hub_id) }));
  const fp90 = new Map(fieldP90.rows.map((r) => [r.field_code as string, Number(r.p90)]));
  const fields = byField.rows.map((r) => ({ ...toRow(r, fp90.get(r.field_code as string) ?? null, null, (r.name_vi as string | null) ?? (r.field_code as string), null), fieldCode: r.field_code as string }));
  const bookings = await buildBookingReport(pool, period);
  const cityDossiers = dossiers.reduce((n, d) => n + d.count, 0);
  return { period, generatedAt, lateThresholdMin, wards, city: toRow(citySums, cityP90, null, t('vi', 'totals'), cityDossiers), fields, bookings, teams, dossiers };
}

/**
 * Dossiers received per ward and procedure over the period, from the wards' synced
 * `ticket.dossier_recorded` events (kept eventRetentionDays; the partitions of the period's months
 * are read). The procedure is named from the ward's own catalogue (its procedure ids, national
 * codes and names); one recorded without a procedure counts under its service.
 */
export async function buildDossierReport(pool: Pool, period: Period): Promise<DossierRow[]> {
  const r = await pool.query<{ hub_id: string; name_vi: string; catalog: SyncCatalog | null; service_id: string | null; procedure_id: string | null; n: string }>(
    `SELECT d.hub_id, h.name_vi, h.catalog, d.service_id, d.procedure_id, d.n
     FROM (SELECT hub_id, payload->>'serviceId' AS service_id, payload->>'procedureId' AS procedure_id, count(*) AS n
           FROM city_events WHERE type = 'ticket.dossier_recorded' AND day BETWEEN $1 AND $2
           GROUP BY hub_id, service_id, procedure_id) d
     JOIN city_hubs h ON h.hub_id = d.hub_id`,
    [period.from, period.to],
  );
  return r.rows
    .map((x) => {
      const proc = x.procedure_id ? x.catalog?.procedures?.find((p) => p.id === x.procedure_id) : undefined;
      const svc = x.catalog?.services.find((s) => s.id === x.service_id);
      const code = proc?.code ?? (x.procedure_id && !proc ? x.procedure_id : (x.service_id ?? ''));
      const name = proc?.name.vi ?? svc?.name.vi ?? code;
      return { hubId: x.hub_id, ward: x.name_vi, code, name, count: Number(x.n) };
    })
    .sort((a, b) => a.ward.localeCompare(b.ward, 'vi') || a.hubId.localeCompare(b.hubId) || b.count - a.count || a.code.localeCompare(b.code));
}

/** The shared weekly-report header, its first two columns named for what the rows are (wards or fields). */
function header(r: WeeklyReport, code: string, name: string): string[] {
  return [code, name, ...reportHeader(r.lateThresholdMin).slice(2)];
}

function cells(r: ReportRow): ReportCell[] {
  return reportCells(r.hubId ?? '', r.name, r);
}

/** The ward sheet: the shared columns, the dossiers received, the mobile-team members sent there, then the manager's note. */
function wardHeader(r: WeeklyReport): string[] {
  return [...header(r, t('vi', 'reportWardCode'), t('vi', 'ward')), t('vi', 'reportDossiers'), t('vi', 'teamsTitle'), t('vi', 'reportNote')];
}
const wardCells = (w: ReportRow & { note: string; teams: string }): ReportCell[] => [...cells(w), w.dossiers, w.teams, w.note];

/** CSV (UTF-8 with BOM so Excel shows Vietnamese correctly): one row per ward, then the city. */
export function reportCsv(r: WeeklyReport): string {
  return toCsv([wardHeader(r), ...r.wards.map(wardCells), [...cells({ ...r.city, hubId: 'TP' }), r.city.dossiers, '', '']]);
}

/** XLSX with two sheets: per ward (+ city total) and per field (city-wide). */
export async function reportXlsx(r: WeeklyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một Cửa — city server';
  wb.created = new Date(r.generatedAt);
  const label = weekLabel(r.period);
  const title = `${t('vi', 'reportTitle', { from: formatDate(r.period.from), to: formatDate(r.period.to) })}${label ? ` (${label})` : ''}`;

  const sheet = (name: string, head: string[], rows: ReportCell[][], total: ReportCell[] | null): void => {
    const ws = wb.addWorksheet(name);
    ws.addRow([title]).font = { bold: true, size: 13 };
    ws.addRow([t('vi', 'reportGeneratedAt', { at: formatDateTime(r.generatedAt) })]);
    ws.addRow([]);
    const h = ws.addRow(head);
    h.font = { bold: true };
    h.alignment = { wrapText: true, vertical: 'middle' };
    for (const row of rows) ws.addRow(row);
    if (total) ws.addRow(total).font = { bold: true };
    ws.columns.forEach((c, i) => {
      c.width = i === 1 ? 42 : i === 0 ? 16 : 14;
    });
    // The text columns after the shared ones (team members, the note) wrap; the dossiers count does not.
    for (let c = WEEKLY_REPORT_COLUMNS.length + 1; c <= head.length; c++) {
      if (head[c - 1] === t('vi', 'reportDossiers')) continue;
      ws.getColumn(c).alignment = { wrapText: true, vertical: 'top' };
      ws.getColumn(c).width = 70;
    }
    WEEKLY_REPORT_COLUMNS.forEach((c, i) => {
      if (c.numFmt !== undefined) ws.getColumn(i + 1).numFmt = c.numFmt;
    });
    ws.views = [{ state: 'frozen', ySplit: 4 }];
  };
  sheet(t('vi', 'reportByWard'), wardHeader(r), r.wards.map(wardCells), [...cells({ ...r.city, hubId: 'TP' }), r.city.dossiers]);
  sheet(t('vi', 'reportByField'), header(r, t('vi', 'reportFieldCode'), t('vi', 'field')), r.fields.map((f) => cells({ ...f, hubId: f.fieldCode })), null);
  addBookingSheet(wb, r.bookings);
  // The mobile-team assignments of the period, one row each.
  const ts = wb.addWorksheet(t('vi', 'teamsWeekSheet'));
  ts.addRow([`${t('vi', 'teamsTitle')} — ${title}`]).font = { bold: true, size: 13 };
  ts.addRow([]);
  ts.addRow([t('vi', 'reportWardCode'), t('vi', 'ward'), t('vi', 'teamsMember'), t('vi', 'teamsFields'), t('vi', 'teamsDay'), t('vi', 'teamsHours'), t('vi', 'teamsStatus')]).font = { bold: true };
  for (const a of r.teams) ts.addRow([a.hubId, a.hubName.vi, a.memberName, a.fieldCodes.join(', '), formatDate(a.day), `${a.from}–${a.to}`, t('vi', `status_${a.status}`)]);
  ts.columns.forEach((c, i) => {
    c.width = [16, 36, 28, 16, 12, 14, 40][i] ?? 14;
  });
  const ds = wb.addWorksheet(t('vi', 'reportDossierSheet'));
  ds.addRow([t('vi', 'reportWardCode'), t('vi', 'ward'), t('vi', 'reportProcedureCode'), t('vi', 'reportProcedure'), t('vi', 'reportDossiers')]).font = { bold: true };
  for (const d of r.dossiers) ds.addRow([d.hubId, d.ward, d.code, d.name, d.count]);
  ds.columns.forEach((c, i) => {
    c.width = i === 1 || i === 3 ? 40 : 16;
  });
  ds.views = [{ state: 'frozen', ySplit: 1 }];
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf);
}
