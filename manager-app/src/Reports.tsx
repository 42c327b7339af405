/**
 * Daily and weekly reports per field, counter and clerk: tickets, served, no-shows, wait mean /
 * p90 / max, share over 20 minutes, service times, ratings, dossiers received, home bookings per
 * field and week — with charts and XLSX / CSV export.
 */
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { BOOKING_REPORT_COLUMNS, bookingReportCells, formatDate, formatNumber, formatPercent, type Report, type ReportGroup } from '@motcua/shared';
import type { AppContext } from './App';
import { call, errorText } from './hub';
import { fmtDateTime, useTr } from './i18n';
import { download, reportCsv, reportFileName, reportTitle, reportXlsx } from './export';
import { hourBars } from './report-view';
import { WeekNote } from './WeekNote';

export function Reports({ ctx }: { ctx: AppContext }) {
  const { t, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const [period, setPeriod] = useState<'day' | 'week'>('day');
  const [day, setDay] = useState(s.day);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    setBusy(true);
    void call(socket, 'manager:report', { period, day }).then((r) => {
      if (!live) return;
      setBusy(false);
      if (r.ok) {
        setReport(r.data);
        setError(null);
      } else setError(errorText(r.error, lang));
    });
    return () => {
      live = false;
    };
  }, [socket, period, day, lang, nonce]);

  const exportXlsx = async () => {
    if (!report) return;
    download(await reportXlsx(report, lang), reportFileName(report, 'xlsx'));
  };
  const exportCsv = () => {
    if (!report) return;
    download(new Blob([reportCsv(report, lang)], { type: 'text/csv;charset=utf-8' }), reportFileName(report, 'csv'));
  };

  const w = report?.ward;
  const threshold = report?.lateThresholdMin ?? s.centre.targetWaitMin;
  return (
    <div className="stack">
      <section className="card row-between">
        <div className="inline-form">
          <div className="seg">
            <button type="button" className={period === 'day' ? 'on' : ''} onClick={() => setPeriod('day')}>
              {t('daily')}
            </button>
            <button type="button" className={period === 'week' ? 'on' : ''} onClick={() => setPeriod('week')}>
              {t('weekly')}
            </button>
          </div>
          <input type="date" aria-label={t('day')} value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
          {report && <strong>{reportTitle(report, lang)}</strong>}
          {busy && <span className="muted">…</span>}
        </div>
        <div className="inline-form">
          <button type="button" onClick={() => setNonce((n) => n + 1)}>
            {t('refresh')}
          </button>
          <button type="button" onClick={() => void exportXlsx()} disabled={!report}>
            {t('exportXlsx')}
          </button>
          <button type="button" onClick={exportCsv} disabled={!report}>
            {t('exportCsv')}
          </button>
        </div>
      </section>
      {error && <p className="error">{error}</p>}
      {period === 'week' && <WeekNote ctx={ctx} day={day} />}
      {report && report.from < report.keptFrom && (
        <p className="warn" data-testid="report-purged">
          {t('dataBeforeHasBeenDeleted', { keptFrom: formatDate(report.keptFrom), historyDays: report.historyDays })}
        </p>
      )}
      {report && w && (
        <>
          <section className="kpis" data-testid="report-kpis">
            <Kpi label={t('received')} value={formatNumber(w.received, lang, 0)} />
            <Kpi label={t('walkIns')} value={formatNumber(w.walkIns, lang, 0)} />
            <Kpi label={t('dossiersReceived')} value={formatNumber(report.dossiers.total, lang, 0)} />
            <Kpi label={t('served')} value={formatNumber(w.served, lang, 0)} />
            <Kpi label={t('noShows')} value={formatNumber(w.noShows, lang, 0)} />
            <Kpi label={t('waitAvgP90Max')} value={`${formatNumber(w.avgWaitMin, lang)} / ${formatNumber(w.p90WaitMin, lang)} / ${formatNumber(w.maxWaitMin, lang)} ${t('min')}`} />
            <Kpi label={t('waitedOverMin', { threshold })} value={formatPercent(w.lateShare, lang)} bad={(w.lateShare ?? 0) > 0.1} />
            <Kpi label={t('serviceAvgP90')} value={`${formatNumber(w.avgServiceMin, lang)} / ${formatNumber(w.p90ServiceMin, lang)} ${t('min')}`} />
            <Kpi label={t('avgRating')} value={`${formatNumber(w.avgRating, lang, 2)} / ${report.ratingScale} (${w.ratings})`} />
          </section>

          <div className="cols">
            <section className="card chart">
              <h2>{t('waitByFieldMin')}</h2>
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={report.byField.map((g) => ({ name: g.code, avg: g.avgWaitMin, p90: g.p90WaitMin }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <ReferenceLine y={threshold} stroke="#c0392b" strokeDasharray="4 4" label={{ value: t('targetThreshold', { threshold }), position: 'insideTopRight', fill: '#c0392b', fontSize: 12 }} />
                  <Bar dataKey="avg" name={t('average')} fill="#2e86de" isAnimationActive={false} />
                  <Bar dataKey="p90" name="P90" fill="#f39c12" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </section>
            {report.period === 'week' ? (
              <section className="card chart">
                <h2>{t('byDay')}</h2>
                <ResponsiveContainer width="100%" height={260}>
                  <LineChart data={report.byDay.map((g) => ({ name: formatDate(g.code).slice(0, 5), received: g.received, served: g.served, p90: g.p90WaitMin }))}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" />
                    <YAxis />
                    <Tooltip />
                    <Legend />
                    <Line dataKey="received" name={t('received')} stroke="#2e86de" isAnimationActive={false} />
                    <Line dataKey="served" name={t('served')} stroke="#27ae60" isAnimationActive={false} />
                    <Line dataKey="p90" name={t('p90Wait')} stroke="#f39c12" isAnimationActive={false} />
                  </LineChart>
                </ResponsiveContainer>
              </section>
            ) : (
              <section className="card chart">
                <h2>{t('ticketsByHour')}</h2>
                <ResponsiveContainer width="100%" height={260}>
                  <BarChart data={hourBars(report.byHour)}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="h" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Bar dataKey="n" name={t('tickets')} fill="#2e86de" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </section>
            )}
          </div>

          <GroupTable title={t('byField')} groups={report.byField} total={w} threshold={threshold} testId="report-fields" />
          <section className="card">
            <h2>{t('dossiersByProcedure')}</h2>
            {report.dossiers.byProcedure.length === 0 ? (
              <p className="muted">{t('noDossiers')}</p>
            ) : (
              <table className="table" data-testid="report-dossiers">
                <thead>
                  <tr>
                    <th>{t('code')}</th>
                    <th>{t('name')}</th>
                    <th className="num">{t('dossiersReceived')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.dossiers.byProcedure.map((d) => (
                    <tr key={`${d.procedureId ?? ''}-${d.serviceId}`}>
                      <td>{d.code}</td>
                      <td>{d.name[lang]}</td>
                      <td className="num">{d.count}</td>
                    </tr>
                  ))}
                  <tr className="total">
                    <td>{t('totalRow')}</td>
                    <td>{report.centreName[lang]}</td>
                    <td className="num">{report.dossiers.total}</td>
                  </tr>
                </tbody>
              </table>
            )}
          </section>
          <HomeBookings report={report} />
          <GroupTable title={t('byCounter')} groups={report.byCounter} threshold={threshold} testId="report-counters" />
          <GroupTable title={t('byClerk')} groups={report.byClerk} threshold={threshold} testId="report-clerks" />
          <p className="muted">
            {t('generated')} {fmtDateTime(report.generatedAt, s.centre.timeZone)}.{' '}
            {t('waitIsFromTakingThe')}
          </p>
        </>
      )}
    </div>
  );
}

/** Home bookings of the period per field and week, with the ward's total (shared/src/booking-report.ts). */
function HomeBookings({ report }: { report: Report }) {
  const { t, lang } = useTr();
  const { rows, total } = report.homeBookings;
  return (
    <section className="card">
      <h2>{t('homeBookings')}</h2>
      <p className="muted">{t('homeBookingsNote')}</p>
      {rows.length === 0 ? (
        <p className="muted">{t('noHomeBookings')}</p>
      ) : (
        <table className="table" data-testid="report-home-bookings">
          <thead>
            <tr>
              <th>{t('code')}</th>
              <th>{t('field')}</th>
              <th>{t('isoWeek')}</th>
              {BOOKING_REPORT_COLUMNS.map((c) => (
                <th key={c.key} className="num">
                  {c[lang]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.fieldCode}-${r.week}`} data-field={r.fieldCode}>
                <td>{r.fieldCode}</td>
                <td>{r.fieldName[lang]}</td>
                <td>{r.week}</td>
                {bookingReportCells(r).map((n, i) => (
                  <td key={i} className="num">
                    {n}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="total">
              <td>{t('totalRow')}</td>
              <td>{report.centreName[lang]}</td>
              <td />
              {bookingReportCells(total).map((n, i) => (
                <td key={i} className="num">
                  {n}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}

function Kpi({ label, value, bad }: { label: string; value: string; bad?: boolean }) {
  return (
    <div className={`card kpi ${bad ? 'bad' : ''}`}>
      <div className="muted">{label}</div>
      <div className="big">{value}</div>
    </div>
  );
}

function GroupTable({ title, groups, total, threshold, testId }: { title: string; groups: ReportGroup[]; total?: ReportGroup; threshold: number; testId: string }) {
  const { t, lang } = useTr();
  const row = (g: ReportGroup, bold = false) => (
    <tr key={g.key} className={bold ? 'total' : ''}>
      {/* The total row reads "Tổng cộng", never the hub id. */}
      <td>{bold ? t('totalRow') : g.code}</td>
      <td>{g.name[lang]}</td>
      <td className="num">{g.received}</td>
      <td className="num">{g.served}</td>
      <td className="num">{g.noShows}</td>
      <td className="num">{formatNumber(g.avgWaitMin, lang)}</td>
      <td className="num">{formatNumber(g.p90WaitMin, lang)}</td>
      <td className="num">{formatNumber(g.maxWaitMin, lang)}</td>
      <td className="num">{formatPercent(g.lateShare, lang)}</td>
      <td className="num">{formatNumber(g.avgServiceMin, lang)}</td>
      <td className="num">{formatNumber(g.avgRating, lang, 2)}</td>
      <td className="num">{g.ratings}</td>
    </tr>
  );
  return (
    <section className="card">
      <h2>{title}</h2>
      {groups.length === 0 ? (
        <p className="muted">{t('noFiguresYet')}</p>
      ) : (
        <table className="table" data-testid={testId}>
          <thead>
            <tr>
              <th>{t('code')}</th>
              <th>{t('name')}</th>
              <th className="num">{t('received')}</th>
              <th className="num">{t('servedShort')}</th>
              <th className="num">{t('noShowLabel')}</th>
              <th className="num">{t('avgWait')}</th>
              <th className="num">P90</th>
              <th className="num">{t('max')}</th>
              <th className="num">{t('overThreshold', { threshold })}</th>
              <th className="num">{t('avgService')}</th>
              <th className="num">{t('rating')}</th>
              <th className="num">{t('ratings')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => row(g))}
            {total && row(total, true)}
          </tbody>
        </table>
      )}
    </section>
  );
}
