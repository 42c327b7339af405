/**
 * Daily and weekly reports per field, counter and clerk: tickets, served, no-shows, wait mean /
 * p90 / max, share over 20 minutes, service times, ratings — with charts and XLSX / CSV export.
 */
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Report, ReportGroup } from '@motcua/shared';
import type { AppContext } from './App';
import { call, errorText } from './hub';
import { fmtDateTime, fmtNum, fmtPct, useTr } from './i18n';
import { download, reportCsv, reportFileName, reportTitle, reportXlsx } from './export';

export function Reports({ ctx }: { ctx: AppContext }) {
  const { tr, lang } = useTr();
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
              {tr('Theo ngày', 'Daily')}
            </button>
            <button type="button" className={period === 'week' ? 'on' : ''} onClick={() => setPeriod('week')}>
              {tr('Theo tuần', 'Weekly')}
            </button>
          </div>
          <input type="date" aria-label={tr('Ngày', 'Day')} value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
          {report && <strong>{reportTitle(report, lang)}</strong>}
          {busy && <span className="muted">…</span>}
        </div>
        <div className="inline-form">
          <button type="button" onClick={() => setNonce((n) => n + 1)}>
            {tr('Làm mới', 'Refresh')}
          </button>
          <button type="button" onClick={() => void exportXlsx()} disabled={!report}>
            {tr('Xuất XLSX', 'Export XLSX')}
          </button>
          <button type="button" onClick={exportCsv} disabled={!report}>
            {tr('Xuất CSV', 'Export CSV')}
          </button>
        </div>
      </section>
      {error && <p className="error">{error}</p>}
      {report && report.from < report.keptFrom && (
        <p className="warn" data-testid="report-purged">
          {tr(
            `Dữ liệu trước ngày ${report.keptFrom} đã được xoá theo chính sách lưu giữ (${report.historyDays} ngày): số liệu của những ngày đó không còn trong báo cáo này.`,
            `Data before ${report.keptFrom} has been deleted under the retention policy (${report.historyDays} days): those days are missing from this report.`,
          )}
        </p>
      )}
      {report && w && (
        <>
          <section className="kpis" data-testid="report-kpis">
            <Kpi label={tr('Tiếp nhận', 'Received')} value={fmtNum(w.received, 0)} />
            <Kpi label={tr('Đã phục vụ', 'Served')} value={fmtNum(w.served, 0)} />
            <Kpi label={tr('Vắng mặt', 'No-shows')} value={fmtNum(w.noShows, 0)} />
            <Kpi label={tr('Chờ TB / P90 / tối đa', 'Wait avg / p90 / max')} value={`${fmtNum(w.avgWaitMin)} / ${fmtNum(w.p90WaitMin)} / ${fmtNum(w.maxWaitMin)} ${tr('phút', 'min')}`} />
            <Kpi label={tr(`Chờ quá ${threshold} phút`, `Waited over ${threshold} min`)} value={fmtPct(w.lateShare)} bad={(w.lateShare ?? 0) > 0.1} />
            <Kpi label={tr('Phục vụ TB / P90', 'Service avg / p90')} value={`${fmtNum(w.avgServiceMin)} / ${fmtNum(w.p90ServiceMin)} ${tr('phút', 'min')}`} />
            <Kpi label={tr('Đánh giá TB', 'Avg rating')} value={`${fmtNum(w.avgRating, 2)} / ${report.ratingScale} (${w.ratings})`} />
          </section>

          <div className="cols">
            <section className="card chart">
              <h2>{tr('Thời gian chờ theo lĩnh vực (phút)', 'Wait by field (min)')}</h2>
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={report.byField.map((g) => ({ name: g.code, avg: g.avgWaitMin, p90: g.p90WaitMin }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <ReferenceLine y={threshold} stroke="#c0392b" strokeDasharray="4 4" label={{ value: tr(`mục tiêu ${threshold}′`, `target ${threshold}′`), position: 'insideTopRight', fill: '#c0392b', fontSize: 12 }} />
                  <Bar dataKey="avg" name={tr('Trung bình', 'Average')} fill="#2e86de" isAnimationActive={false} />
                  <Bar dataKey="p90" name="P90" fill="#f39c12" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </section>
            {report.period === 'week' ? (
              <section className="card chart">
                <h2>{tr('Theo ngày', 'By day')}</h2>
                <ResponsiveContainer width="100%" height={260}>
                  <LineChart data={report.byDay.map((g) => ({ name: g.code.slice(5), received: g.received, served: g.served, p90: g.p90WaitMin }))}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" />
                    <YAxis />
                    <Tooltip />
                    <Legend />
                    <Line dataKey="received" name={tr('Tiếp nhận', 'Received')} stroke="#2e86de" isAnimationActive={false} />
                    <Line dataKey="served" name={tr('Đã phục vụ', 'Served')} stroke="#27ae60" isAnimationActive={false} />
                    <Line dataKey="p90" name={tr('Chờ P90', 'P90 wait')} stroke="#f39c12" isAnimationActive={false} />
                  </LineChart>
                </ResponsiveContainer>
              </section>
            ) : (
              <section className="card chart">
                <h2>{tr('Số lấy theo giờ', 'Tickets by hour')}</h2>
                <ResponsiveContainer width="100%" height={260}>
                  <BarChart data={report.byHour.map((n, h) => ({ h: `${h}h`, n })).slice(6, 19)}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="h" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Bar dataKey="n" name={tr('Số lấy', 'Tickets')} fill="#2e86de" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </section>
            )}
          </div>

          <GroupTable title={tr('Theo lĩnh vực', 'By field')} groups={report.byField} total={w} threshold={threshold} testId="report-fields" />
          <GroupTable title={tr('Theo quầy', 'By counter')} groups={report.byCounter} threshold={threshold} testId="report-counters" />
          <GroupTable title={tr('Theo cán bộ', 'By clerk')} groups={report.byClerk} threshold={threshold} testId="report-clerks" />
          <p className="muted">
            {tr('Lập lúc', 'Generated')} {fmtDateTime(report.generatedAt, s.centre.timeZone)}.{' '}
            {tr('Thời gian chờ tính từ lúc lấy số đến lần gọi đầu tiên.', 'Wait is from taking the ticket to its first call.')}
          </p>
        </>
      )}
    </div>
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
  const { tr, lang } = useTr();
  const row = (g: ReportGroup, bold = false) => (
    <tr key={g.key} className={bold ? 'total' : ''}>
      <td>{g.code}</td>
      <td>{g.name[lang]}</td>
      <td className="num">{g.received}</td>
      <td className="num">{g.served}</td>
      <td className="num">{g.noShows}</td>
      <td className="num">{fmtNum(g.avgWaitMin)}</td>
      <td className="num">{fmtNum(g.p90WaitMin)}</td>
      <td className="num">{fmtNum(g.maxWaitMin)}</td>
      <td className="num">{fmtPct(g.lateShare)}</td>
      <td className="num">{fmtNum(g.avgServiceMin)}</td>
      <td className="num">{fmtNum(g.avgRating, 2)}</td>
      <td className="num">{g.ratings}</td>
    </tr>
  );
  return (
    <section className="card">
      <h2>{title}</h2>
      {groups.length === 0 ? (
        <p className="muted">{tr('Chưa có số liệu.', 'No figures yet.')}</p>
      ) : (
        <table className="table" data-testid={testId}>
          <thead>
            <tr>
              <th>{tr('Mã', 'Code')}</th>
              <th>{tr('Tên', 'Name')}</th>
              <th className="num">{tr('Tiếp nhận', 'Received')}</th>
              <th className="num">{tr('Phục vụ', 'Served')}</th>
              <th className="num">{tr('Vắng', 'No-show')}</th>
              <th className="num">{tr('Chờ TB', 'Avg wait')}</th>
              <th className="num">P90</th>
              <th className="num">{tr('Tối đa', 'Max')}</th>
              <th className="num">{tr(`> ${threshold}′`, `> ${threshold}′`)}</th>
              <th className="num">{tr('Phục vụ TB', 'Avg service')}</th>
              <th className="num">{tr('Điểm TB', 'Rating')}</th>
              <th className="num">{tr('Lượt ĐG', 'Ratings')}</th>
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
