/**
 * The city dashboard, server-rendered (Vietnamese first, `?lang=en` for English). The page
 * works without JavaScript; with it, a socket.io nudge ("wards:update") makes the page fetch its
 * fragment again, so the rendering lives in one place: here.
 */
import { formatClock, formatDate, formatDateTime, formatDuration, formatNumber, formatPercent } from '@motcua/shared';
import type { Alarm, DayTotals, DeviceProblem, Forecast, WardDetail, WardSummary, WeekTrend } from '../live';
import type { WeeklyReport } from '../reports/weekly';
import { weekLabel } from '../reports/period';
import { t, type Lang } from '../i18n';

export type { Lang };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Shares and decimals as the ward writes them (decimal comma in Vietnamese: shared i18n/format). */
const pct = (lang: Lang, x: number | null): string => formatPercent(x, lang, 0);
/** A wait: never "0 phút" for someone waiting (under a minute says so). */
const wait = (lang: Lang, x: number | null): string => (x === null ? '—' : x < 1 ? t(lang, 'underMinute') : formatDuration(x, lang, 0));
const mins = (lang: Lang, x: number | null): string => formatDuration(x, lang);
const num = (lang: Lang, x: number | null): string => formatNumber(x, lang);
const level = (share: number, waiting: number): string => (waiting === 0 ? 'ok' : share >= 0.3 ? 'bad' : share > 0 ? 'warn' : 'ok');
const rating = (lang: Lang, d: DayTotals): string => (d.avgRating === null ? '—' : `${num(lang, d.avgRating)} (${d.ratingN})`);

function syncCell(lang: Lang, w: WardSummary, now: number): string {
  if (w.lastSeenAt === null) return `<span class="muted">${t(lang, 'never')}</span>`;
  const ago = Math.max(0, Math.round((now - w.lastSeenAt) / 60_000));
  const when = ago === 0 ? t(lang, 'justNow') : t(lang, 'minutesAgo', { n: ago });
  const state = w.behind > 0 ? `<span class="warn">${t(lang, 'behind', { n: w.behind })}</span>` : t(lang, 'upToDate');
  return `${state}<br><span class="muted">${when}</span>`;
}

type ThingKey = `thing_${'printer' | 'scanner' | 'led' | 'keypad' | 'rating_pad' | 'kiosk' | 'display' | 'agent'}`;
type HealthKey = `health_${'paper_out' | 'paper_near_end' | 'cover_open' | 'offline' | 'error'}`;
const THINGS = new Set(['printer', 'scanner', 'led', 'keypad', 'rating_pad', 'kiosk', 'display', 'agent']);
const HEALTHS = new Set(['paper_out', 'paper_near_end', 'cover_open', 'offline', 'error']);

/** "Máy in agent-1/printer: hết giấy" — the device's id and its peripheral's name from the ward's config, never its display name (that stays at the ward). */
export function problemText(lang: Lang, p: DeviceProblem): string {
  const kind = p.peripheralKind ?? p.deviceKind;
  const thing = THINGS.has(kind) ? t(lang, `thing_${kind}` as ThingKey) : kind;
  const health = HEALTHS.has(p.health) ? t(lang, `health_${p.health}` as HealthKey) : p.health;
  const text = t(lang, 'alarmDevice', { thing, id: p.peripheral ? `${p.deviceId}/${p.peripheral}` : p.deviceId, health });
  return p.offHours ? `${text} (${t(lang, 'deviceOffHours')})` : text;
}

export function alarmText(lang: Lang, a: Alarm, lateMin: number): string {
  switch (a.kind) {
    case 'over_now':
      return t(lang, 'alarmOver', { n: lateMin, count: a.waitingLate, wait: wait(lang, a.oldestWaitMin) });
    case 'forecast_over':
      return a.projectedWaitMin === null
        ? t(lang, 'alarmForecastNoPace', { n: lateMin, count: a.projectedWaiting })
        : t(lang, 'alarmForecast', { n: lateMin, count: a.projectedWaiting, wait: wait(lang, a.projectedWaitMin) });
    case 'sync_stale':
      return a.minutes === null ? t(lang, 'alarmNeverSynced') : t(lang, 'alarmStale', { count: a.minutes });
    case 'device_problem':
      return problemText(lang, a.problem);
    case 'clock_off':
      return t(lang, 'alarmClock', { n: formatNumber(a.offsetMs / 1000, lang, 0) });
    case 'storage_outage':
      return t(lang, 'alarmStorage', { from: formatDateTime(a.since, undefined, false), to: formatClock(a.until), count: a.refused });
  }
}

const ALARM_CLASS: Record<Alarm['kind'], string> = { over_now: 'bad', forecast_over: 'warn', device_problem: 'device', sync_stale: 'stale', clock_off: 'stale', storage_outage: 'stale' };

function alarmList(lang: Lang, alarms: Alarm[], lateMin: number): string {
  if (alarms.length === 0) return `<span class="muted">${t(lang, 'noAlarms')}</span>`;
  return `<ul class="alarms">${alarms.map((a) => `<li class="alarm ${ALARM_CLASS[a.kind]}" data-alarm="${a.kind}">${esc(alarmText(lang, a, lateMin))}</li>`).join('')}</ul>`;
}

function forecastCell(lang: Lang, f: Forecast | null): string {
  if (!f) return `<span class="muted">${t(lang, 'forecastNone')}</span>`;
  return `${esc(t(lang, 'forecastCell', { count: f.projectedWaiting, wait: f.projectedWaitMin === null ? '—' : wait(lang, f.projectedWaitMin) }))}`;
}

/** The overview table (the live fragment of the overview): every ward, most at risk first. */
export function wardTable(lang: Lang, wards: WardSummary[], lateMin: number, now: number): string {
  if (wards.length === 0) return `<p class="muted">${t(lang, 'none')}</p>`;
  const sum = (f: (w: WardSummary) => number): number => wards.reduce((a, w) => a + f(w), 0);
  const waiting = sum((w) => w.waiting);
  const late = sum((w) => w.waitingLate);
  const issued = sum((w) => w.today.issued);
  const served = sum((w) => w.today.served);
  const count = (r: WardSummary['risk']): number => wards.filter((w) => w.risk === r).length;
  const rows = wards
    .map((w) => {
      const name = w.name[lang];
      return `<tr data-hub="${esc(w.hubId)}" data-risk="${w.risk}" class="risk-${w.risk}">
  <td><a href="/ward/${encodeURIComponent(w.hubId)}${lang === 'en' ? '?lang=en' : ''}">${esc(name)}</a>${w.district ? `<br><span class="muted">${esc(w.district)}</span>` : ''}</td>
  <td>${alarmList(lang, w.alarms, lateMin)}</td>
  <td class="num big">${w.waiting}</td>
  <td class="num"><span class="pill ${level(w.lateShareNow, w.waiting)}">${pct(lang, w.waiting ? w.lateShareNow : null)}</span> <span class="muted">(${w.waitingLate})</span></td>
  <td class="num">${w.waiting ? wait(lang, w.oldestWaitMin) : '—'}</td>
  <td class="num">${forecastCell(lang, w.forecast)}</td>
  <td class="num">${w.serving}</td>
  <td class="num">${w.openCounters}</td>
  <td class="num">${w.today.issued}</td>
  <td class="num">${w.today.served}</td>
  <td class="num">${mins(lang, w.today.avgWaitMin)}</td>
  <td class="num">${pct(lang, w.today.lateShare)}</td>
  <td class="num">${rating(lang, w.today)}</td>
  <td>${syncCell(lang, w, now)}</td>
</tr>`;
    })
    .join('\n');
  return `<p class="summary" data-summary>${esc(t(lang, 'riskSummary', { over: count('over'), forecast: count('forecast'), stale: count('health'), n: lateMin }))}</p>
<div class="cards">
  <div class="card"><div class="label">${t(lang, 'waiting')}</div><div class="value">${waiting}</div></div>
  <div class="card"><div class="label">${t(lang, 'lateNow', { n: lateMin })}</div><div class="value">${pct(lang, waiting ? late / waiting : null)}</div></div>
  <div class="card"><div class="label">${t(lang, 'issued')}</div><div class="value">${issued}</div></div>
  <div class="card"><div class="label">${t(lang, 'served')}</div><div class="value">${served}</div></div>
</div>
<div class="scroll"><table>
<thead><tr><th>${t(lang, 'ward')}</th><th>${t(lang, 'alarms')}</th><th>${t(lang, 'waiting')}</th><th>${t(lang, 'lateNow', { n: lateMin })}</th><th>${t(lang, 'oldest')}</th><th>${t(lang, 'forecast')}</th><th>${t(lang, 'serving')}</th><th>${t(lang, 'counters')}</th><th>${t(lang, 'issued')}</th><th>${t(lang, 'served')}</th><th>${t(lang, 'avgWait')}</th><th>${t(lang, 'lateToday', { n: lateMin })}</th><th>${t(lang, 'rating')}</th><th>${t(lang, 'sync')}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`;
}

/**
 * A bar chart as inline SVG, rendered here (no JavaScript needed; the page works without it).
 * Simple bars are all the trends need: the charting libraries that render SVG without a browser
 * (vega and the like) weigh megabytes for these two charts.
 */
export function barChart(o: { title: string; bars: { label: string; value: number | null; text: string }[]; max: number; cls: string; limit?: { value: number; text: string } }): string {
  const W = 640;
  const H = 180;
  const top = 18;
  const bottom = 34;
  const n = Math.max(1, o.bars.length);
  const slot = W / n;
  const bw = Math.min(56, slot * 0.6);
  const scale = (v: number): number => ((H - top - bottom) * Math.min(v, o.max)) / (o.max || 1);
  const bars = o.bars
    .map((b, i) => {
      const x = i * slot + (slot - bw) / 2;
      const h = b.value === null ? 0 : scale(b.value);
      const y = H - bottom - h;
      return `<g><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" class="bar ${o.cls}"><title>${esc(`${b.label}: ${b.text}`)}</title></rect>
<text x="${(x + bw / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="v">${esc(b.text)}</text>
<text x="${(x + bw / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle" class="l">${esc(b.label)}</text></g>`;
    })
    .join('');
  const limit = o.limit ? `<line x1="0" x2="${W}" y1="${(H - bottom - scale(o.limit.value)).toFixed(1)}" y2="${(H - bottom - scale(o.limit.value)).toFixed(1)}" class="limit"/><text x="${W - 4}" y="${(H - bottom - scale(o.limit.value) - 4).toFixed(1)}" text-anchor="end" class="l">${esc(o.limit.text)}</text>` : '';
  const summary = o.bars.map((b) => `${b.label}: ${b.text}`).join('; ');
  return `<figure class="chart"><figcaption>${esc(o.title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(`${o.title} — ${summary}`)}"><line x1="0" x2="${W}" y1="${H - bottom}" y2="${H - bottom}" class="axis"/>${bars}${limit}</svg></figure>`;
}

function trendCharts(lang: Lang, weeks: WeekTrend[], lateMin: number): string {
  const label = (w: WeekTrend): string => w.week.slice(5); // "W48"
  const maxIssued = Math.max(1, ...weeks.map((w) => w.totals.issued));
  const issued = barChart({ title: t(lang, 'weekIssued'), cls: 'issued', max: maxIssued, bars: weeks.map((w) => ({ label: label(w), value: w.hasData ? w.totals.issued : null, text: w.hasData ? formatNumber(w.totals.issued, lang, 0) : '—' })) });
  const late = barChart({
    title: t(lang, 'weekLate', { n: lateMin }),
    cls: 'late',
    max: 1,
    bars: weeks.map((w) => ({ label: label(w), value: w.totals.lateShare, text: pct(lang, w.totals.lateShare) })),
  });
  const codes = [...new Set(weeks.flatMap((w) => w.fields.map((f) => f.fieldCode)))].sort();
  const fieldRows = codes
    .map((c) => `<tr><td>${esc(c)}</td>${weeks.map((w) => `<td class="num">${pct(lang, w.fields.find((f) => f.fieldCode === c)?.totals.lateShare ?? null)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="charts">${issued}${late}</div>
<div class="scroll"><table class="weeks"><thead><tr><th>${t(lang, 'field')} · ${t(lang, 'lateShare', { n: lateMin })}</th>${weeks.map((w) => `<th title="${esc(`${formatDate(w.from)} – ${formatDate(w.to)}`)}">${esc(w.week)}</th>`).join('')}</tr></thead><tbody>${fieldRows}</tbody></table></div>`;
}

/** The hub's and its devices' health: last sync, clock offset, storage outage, devices and their problems. */
function healthSection(lang: Lang, w: WardSummary, now: number): string {
  const h = w.health;
  const problems = h.problems.length
    ? `<ul class="devices">${h.problems.map((p) => `<li class="device ${p.health}${p.offHours ? ' off-hours' : ''}" data-device="${esc(p.deviceId)}" data-peripheral="${esc(p.peripheral ?? '')}">${esc(problemText(lang, p))} <span class="muted">${esc(formatDateTime(p.since, undefined, false))}</span></li>`).join('')}</ul>`
    : `<p class="muted">${t(lang, 'noProblems')}</p>`;
  return `<section class="health"><h2>${t(lang, 'hubHealth')}</h2>
<div class="cards">
  <div class="card"><div class="label">${t(lang, 'sync')}</div><div class="value small">${syncCell(lang, w, now)}</div></div>
  <div class="card"><div class="label">${t(lang, 'clockOffset')}</div><div class="value small">${h.clockOffsetMs === null ? '—' : esc(t(lang, 'seconds', { n: formatNumber(h.clockOffsetMs / 1000, lang, 1) }))}</div></div>
  <div class="card"><div class="label">${t(lang, 'hubHealth')}</div><div class="value small">${esc(t(lang, 'devicesLine', { total: h.devices, offline: h.devicesOffline }))}</div></div>
</div>
${problems}</section>`;
}

/** The detail of one ward (the live fragment of the ward page). */
export function wardDetail(lang: Lang, d: WardDetail, lateMin: number, now: number, teams = ''): string {
  const w = d.ward;
  const fieldRows = d.fields
    .map(
      (f) =>
        `<tr data-field="${esc(f.fieldCode)}"><td>${esc(f.name[lang])} <span class="muted">${esc(f.fieldCode)}</span></td><td class="num big">${f.waiting}</td><td class="num"><span class="pill ${level(f.waiting ? f.waitingLate / f.waiting : 0, f.waiting)}">${pct(lang, f.waiting ? f.waitingLate / f.waiting : null)}</span> <span class="muted">(${f.waitingLate})</span></td><td class="num">${f.waiting ? wait(lang, f.oldestWaitMin) : '—'}</td><td class="num">${f.serving}</td><td class="num">${f.today.issued}</td><td class="num">${f.today.served}</td><td class="num">${f.today.noShow}</td><td class="num">${mins(lang, f.today.avgWaitMin)}</td><td class="num">${pct(lang, f.today.lateShare)}</td><td class="num">${rating(lang, f.today)}</td></tr>`,
    )
    .join('\n');
  const dayRows = d.days
    .map((x) => `<tr><td>${esc(formatDate(x.day))}</td><td class="num">${x.issued}</td><td class="num">${x.served}</td><td class="num">${x.noShow}</td><td class="num">${mins(lang, x.avgWaitMin)}</td><td class="num">${pct(lang, x.lateShare)}</td><td class="num">${rating(lang, x)}</td></tr>`)
    .join('\n');
  const f = w.forecast;
  return `<section class="alarm-box risk-${w.risk}"><h2>${t(lang, 'alarms')}</h2>${alarmList(lang, w.alarms, lateMin)}</section>
<div class="cards">
  <div class="card"><div class="label">${t(lang, 'waiting')}</div><div class="value">${w.waiting}</div></div>
  <div class="card"><div class="label">${t(lang, 'lateNow', { n: lateMin })}</div><div class="value">${pct(lang, w.waiting ? w.lateShareNow : null)}</div></div>
  <div class="card"><div class="label">${t(lang, 'oldest')}</div><div class="value">${w.waiting ? wait(lang, w.oldestWaitMin) : '—'}</div></div>
  <div class="card"><div class="label">${t(lang, 'forecast')}</div><div class="value small">${forecastCell(lang, f)}${f ? `<br><span class="muted">${esc(t(lang, 'forecastBasis', { days: f.basisDays, arrivals: formatNumber(f.arrivalsNextHour, lang), calls: f.callsLastHour }))}</span>` : ''}</div></div>
  <div class="card"><div class="label">${t(lang, 'counters')}</div><div class="value">${w.openCounters}</div></div>
  <div class="card"><div class="label">${t(lang, 'issued')}</div><div class="value">${w.today.issued}</div></div>
</div>
${healthSection(lang, w, now)}
${teams}
<h2>${t(lang, 'byField')}</h2>
<div class="scroll"><table>
<thead><tr><th>${t(lang, 'field')}</th><th>${t(lang, 'waiting')}</th><th>${t(lang, 'lateNow', { n: lateMin })}</th><th>${t(lang, 'oldest')}</th><th>${t(lang, 'serving')}</th><th>${t(lang, 'issued')}</th><th>${t(lang, 'served')}</th><th>${t(lang, 'noShow')}</th><th>${t(lang, 'avgWait')}</th><th>${t(lang, 'lateToday', { n: lateMin })}</th><th>${t(lang, 'rating')}</th></tr></thead>
<tbody>${fieldRows}</tbody>
</table></div>
<h2>${t(lang, 'trends')}</h2>
${trendCharts(lang, d.weeks, lateMin)}
<h2>${t(lang, 'last7')}</h2>
<div class="scroll"><table>
<thead><tr><th>${t(lang, 'day')}</th><th>${t(lang, 'received')}</th><th>${t(lang, 'served')}</th><th>${t(lang, 'noShow')}</th><th>${t(lang, 'avgWait')}</th><th>${t(lang, 'lateShare', { n: lateMin })}</th><th>${t(lang, 'rating')}</th></tr></thead>
<tbody>${dayRows}</tbody>
</table></div>`;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font-family:"Be Vietnam Pro","Noto Sans",system-ui,sans-serif;background:#f4f6f9;color:#1c2733}
header{background:#a4161a;color:#fff;padding:14px 24px;display:flex;align-items:center;gap:16px;flex-wrap:wrap}
header h1{font-size:20px;margin:0;font-weight:600}header .sub{opacity:.85;font-size:14px}header nav{margin-left:auto;font-size:14px}
header a{color:#fff}main{padding:16px 24px}h2{font-size:16px;margin:24px 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}.card{background:#fff;border-radius:8px;padding:10px 16px;min-width:170px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card .label{font-size:12px;color:#5b6b7b}.card .value{font-size:26px;font-weight:700}.card .value.small{font-size:14px;font-weight:400}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08);font-size:14px}
th{background:#eef1f5;text-align:left;font-weight:600;font-size:12px;padding:8px;vertical-align:bottom}td{padding:7px 8px;border-top:1px solid #e6e9ee;vertical-align:top}
td.num{text-align:right;white-space:nowrap}td.big{font-size:18px;font-weight:700}.muted{color:#7a8896;font-size:12px}
.pill{display:inline-block;border-radius:10px;padding:1px 8px;font-weight:600}.pill.ok{background:#e3f4e8;color:#17663a}.pill.warn{background:#fff1d6;color:#8a5a00}.pill.bad{background:#fde2e1;color:#a4161a}
.user{display:flex;gap:8px;align-items:center;font-size:14px}.user .role{opacity:.8}.user button{font:inherit;font-size:13px;padding:3px 10px;border-radius:6px;border:1px solid #fff;background:transparent;color:#fff;cursor:pointer}
form.login{max-width:360px;margin:40px auto;background:#fff;padding:20px 24px;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08);display:flex;flex-direction:column;gap:12px}
form.login label{display:flex;flex-direction:column;gap:4px;font-size:14px}form.login input{font:inherit;padding:8px;border:1px solid #c6ced8;border-radius:6px}
form.login button{font:inherit;padding:10px;border:0;border-radius:6px;background:#a4161a;color:#fff;font-weight:600;cursor:pointer}.error{color:#a4161a;background:#fde2e1;padding:8px;border-radius:6px;margin:0}
.summary{margin:0 0 12px;font-weight:600}td.note{white-space:pre-wrap;min-width:280px;max-width:560px}tr.total td{font-weight:700}.alarms{min-width:150px}.scroll{overflow-x:auto}
.alarms{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:3px}.alarm{font-size:12px;border-radius:6px;padding:2px 6px}
.alarm.bad{background:#fde2e1;color:#a4161a;font-weight:600}.alarm.warn{background:#fff1d6;color:#8a5a00}.alarm.stale{background:#e9ecf1;color:#3d4a57}.alarm.device{background:#efe3fb;color:#5b2a86;font-weight:600}
.devices{margin:0 0 12px;padding-left:18px}.device{margin:2px 0}.health h2{margin-top:4px}
tr.risk-over td:first-child{box-shadow:inset 4px 0 #a4161a}tr.risk-forecast td:first-child{box-shadow:inset 4px 0 #e0a100}tr.risk-health td:first-child{box-shadow:inset 4px 0 #7b3fb2}
.alarm-box{background:#fff;border-radius:8px;padding:4px 16px 12px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}.alarm-box h2{margin:8px 0}
.charts{display:flex;gap:12px;flex-wrap:wrap}.chart{background:#fff;margin:0 0 12px;padding:8px 12px;border-radius:8px;flex:1 1 320px;box-shadow:0 1px 2px rgba(0,0,0,.08)}.chart figcaption{font-size:13px;font-weight:600}
.chart svg{width:100%;height:auto}.bar.issued{fill:#2d6cdf}.bar.late{fill:#c9302c}.chart .v{font-size:12px;fill:#1c2733}.chart .l{font-size:12px;fill:#5b6b7b}.axis{stroke:#c6ced8}.limit{stroke:#a4161a;stroke-dasharray:4 3}
@media (max-width:700px){main{padding:10px}header{padding:10px 12px}.card{min-width:140px;flex:1 1 40%}th,td{padding:5px}}
.warn{color:#8a5a00}#live{font-size:12px;background:rgba(255,255,255,.15);padding:2px 8px;border-radius:10px}#live.off{background:#ffd166;color:#222}
`;

/** Who is signed in, for the header. */
export interface PageUser {
  displayName: string;
  role: 'admin' | 'viewer';
}

function userBox(lang: Lang, user: PageUser): string {
  return `<form method="post" action="/logout" class="user"><span>${esc(user.displayName)} <span class="role">(${t(lang, user.role === 'admin' ? 'roleAdmin' : 'roleViewer')})</span></span> <button type="submit">${t(lang, 'signOut')}</button></form>`;
}

/** The sign-in form (works without JavaScript). */
export function loginPage(lang: Lang, o: { next: string; error: string | null }): string {
  const other = lang === 'vi' ? 'en' : 'vi';
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(t(lang, 'loginTitle'))}</title><style>${CSS}</style></head>
<body>
<header><div><h1>${esc(t(lang, 'title'))}</h1></div><nav><a href="/login?lang=${other}&amp;next=${encodeURIComponent(o.next)}">${t(lang, 'otherLanguage')}</a></nav></header>
<main><form method="post" action="/login" class="login">
<h2>${esc(t(lang, 'signIn'))}</h2>
${o.error ? `<p class="error" role="alert">${esc(o.error)}</p>` : ''}
<label>${t(lang, 'username')}<input name="username" autocomplete="username" required autofocus></label>
<label>${t(lang, 'password')}<input name="password" type="password" autocomplete="current-password" required></label>
<input type="hidden" name="next" value="${esc(o.next)}"><input type="hidden" name="lang" value="${lang}">
<button type="submit">${t(lang, 'signIn')}</button>
</form></main>
</body>
</html>`;
}

/** `target`: the element whose content the live fragment replaces (default the whole `main`). */
export function page(lang: Lang, o: { title: string; heading: string; sub: string; body: string; fragmentUrl: string; nav: string; user: PageUser; target?: string }): string {
  const other = lang === 'vi' ? 'en' : 'vi';
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(o.title)}</title><style>${CSS}</style></head>
<body>
<header><div><h1>${esc(o.heading)}</h1><div class="sub">${esc(o.sub)}</div></div><span id="live">${t(lang, 'live')}</span>
<nav>${o.nav} · <a href="?lang=${other}">${t(lang, 'otherLanguage')}</a></nav>${userBox(lang, o.user)}</header>
<main id="content">${o.body}</main>
<script src="/socket.io/socket.io.min.js"></script>
<script>
(function () {
  var url = ${JSON.stringify(o.fragmentUrl)}, target = ${JSON.stringify(o.target ?? 'content')}, pending = false, last = 0, live = document.getElementById('live');
  function toLogin() { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); }
  function refresh() {
    if (pending) return;
    var wait = Math.max(0, 1000 - (Date.now() - last));
    pending = true;
    setTimeout(function () {
      last = Date.now();
      fetch(url, { cache: 'no-store' }).then(function (r) { if (r.status === 401) toLogin(); return r.ok ? r.text() : null; }).then(function (html) {
        pending = false;
        if (html !== null) document.getElementById(target).innerHTML = html;
      }, function () { pending = false; });
    }, wait);
  }
  if (typeof io !== 'function') return;
  var socket = io({ transports: ['websocket'] });
  socket.on('connect', function () { live.className = ''; live.textContent = ${JSON.stringify(t(lang, 'live'))}; refresh(); });
  socket.on('disconnect', function () { live.className = 'off'; live.textContent = ${JSON.stringify(t(lang, 'offline'))}; });
  socket.on('wards:update', refresh);
  // The session ended (sign-out elsewhere, account disabled, expiry): the server closes this
  // socket; the page goes to the sign-in form instead of showing stale figures.
  socket.on('session:ended', function () { live.className = 'off'; live.textContent = ${JSON.stringify(t(lang, 'sessionEnded'))}; setTimeout(toLogin, 1500); });
  socket.on('connect_error', function (e) { if (e && e.message === 'unauthenticated') toLogin(); });
  setInterval(refresh, 30000);
})();
</script>
</body>
</html>`;
}

export function overviewPage(lang: Lang, wards: WardSummary[], lateMin: number, now: number, user: PageUser): string {
  const suffix = lang === 'en' ? '?lang=en' : '';
  return page(lang, {
    title: t(lang, 'title'),
    heading: t(lang, 'title'),
    sub: t(lang, 'subtitle'),
    body: wardTable(lang, wards, lateMin, now),
    fragmentUrl: `/fragment/wards${suffix}`,
    nav: `<a href="/teams${suffix}">${t(lang, 'teamsNav')}</a> · <a href="/reports/weekly${suffix}">${t(lang, 'reportPage')}</a> · <a href="/api/reports/weekly?format=xlsx">${t(lang, 'report')}</a> · <a href="/api/reports/weekly?format=csv">${t(lang, 'reportCsv')}</a>`,
    user,
  });
}

/** `teams`: the ward's mobile-team section (http/teams.ts `wardTeamSection`). */
export function wardPage(lang: Lang, d: WardDetail, lateMin: number, now: number, user: PageUser, teams = ''): string {
  const suffix = lang === 'en' ? '?lang=en' : '';
  return page(lang, {
    title: `${d.ward.name[lang]} — ${t(lang, 'title')}`,
    heading: d.ward.name[lang],
    sub: d.ward.address,
    body: wardDetail(lang, d, lateMin, now, teams),
    fragmentUrl: `/fragment/ward/${encodeURIComponent(d.ward.hubId)}${suffix}`,
    nav: `<a href="/${suffix}">${t(lang, 'back')}</a>`,
    user,
  });
}

/** The weekly report's table (the live fragment of the report page): figures and each manager's note. */
export function reportTable(lang: Lang, r: WeeklyReport): string {
  const q = `from=${r.period.from}&amp;to=${r.period.to}`;
  const rows = [...r.wards, { ...r.city, hubId: null, note: '', teams: '' }]
    .map(
      (w) =>
        `<tr${w.hubId ? ` data-hub="${esc(w.hubId)}"` : ' class="total"'}><td>${esc(w.name)}</td><td class="num">${w.received}</td><td class="num">${w.served}</td><td class="num">${w.noShows}</td><td class="num">${mins(lang, w.avgWaitMin)}</td><td class="num">${mins(lang, w.p90WaitMin)}</td><td class="num">${formatPercent(w.lateShare, lang)}</td><td class="num">${w.avgRating === null ? '—' : `${formatNumber(w.avgRating, lang, 2)} (${w.ratings})`}</td><td class="num">${w.dossiers ?? '—'}</td><td class="note" data-teams>${esc(w.teams)}</td><td class="note">${esc(w.note)}</td></tr>`,
    )
    .join('\n');
  return `<p><a href="/api/reports/weekly?format=xlsx&amp;${q}">XLSX</a> · <a href="/api/reports/weekly?format=csv&amp;${q}">CSV</a></p>
<div class="scroll"><table>
<thead><tr><th>${t(lang, 'ward')}</th><th>${t(lang, 'received')}</th><th>${t(lang, 'served')}</th><th>${t(lang, 'noShow')}</th><th>${t(lang, 'avgWait')}</th><th>P90</th><th>${t(lang, 'lateShare', { n: r.lateThresholdMin })}</th><th>${t(lang, 'rating')}</th><th>${t(lang, 'reportDossiers')}</th><th>${t(lang, 'teamsTitle')}</th><th>${t(lang, 'reportNote')}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

export function reportPage(lang: Lang, r: WeeklyReport, user: PageUser): string {
  const label = weekLabel(r.period);
  const title = `${t(lang, 'reportTitle', { from: formatDate(r.period.from), to: formatDate(r.period.to) })}${label ? ` (${label})` : ''}`;
  return page(lang, {
    title,
    heading: title,
    sub: t(lang, 'reportGeneratedAt', { at: formatDateTime(r.generatedAt) }),
    body: reportTable(lang, r),
    fragmentUrl: `/fragment/reports/weekly?from=${r.period.from}&to=${r.period.to}${lang === 'en' ? '&lang=en' : ''}`,
    nav: `<a href="/${lang === 'en' ? '?lang=en' : ''}">${t(lang, 'back')}</a>`,
    user,
  });
}
