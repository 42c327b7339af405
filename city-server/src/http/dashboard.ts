/**
 * The city dashboard, server-rendered (Vietnamese first, `?lang=en` for English). The page
 * works without JavaScript; with it, a socket.io nudge ("wards:update") makes the page fetch its
 * fragment again, so the rendering lives in one place: here.
 */
import { formatDate, formatDuration, formatNumber } from '@motcua/shared';
import type { WardDetail, WardSummary } from '../live';
import { t, type Lang } from '../i18n';

export type { Lang };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);
const mins = (lang: Lang, x: number | null): string => formatDuration(x, lang);
const level = (share: number, waiting: number): string => (waiting === 0 ? 'ok' : share >= 0.3 ? 'bad' : share > 0 ? 'warn' : 'ok');

function syncCell(lang: Lang, w: WardSummary, now: number): string {
  if (w.lastSeenAt === null) return `<span class="muted">${t(lang, 'never')}</span>`;
  const ago = Math.max(0, Math.round((now - w.lastSeenAt) / 60_000));
  const when = ago === 0 ? t(lang, 'justNow') : t(lang, 'minutesAgo', { n: ago });
  const state = w.behind > 0 ? `<span class="warn">${t(lang, 'behind', { n: w.behind })}</span>` : t(lang, 'upToDate');
  return `${state}<br><span class="muted">${when}</span>`;
}

/** The ward table (the live fragment of the overview). */
export function wardTable(lang: Lang, wards: WardSummary[], lateMin: number, now: number): string {
  if (wards.length === 0) return `<p class="muted">${t(lang, 'none')}</p>`;
  const sum = (f: (w: WardSummary) => number): number => wards.reduce((a, w) => a + f(w), 0);
  const waiting = sum((w) => w.waiting);
  const late = sum((w) => w.waitingLate);
  const issued = sum((w) => w.today.issued);
  const served = sum((w) => w.today.served);
  const rows = wards
    .map((w) => {
      const name = w.name[lang];
      return `<tr data-hub="${esc(w.hubId)}">
  <td><a href="/ward/${encodeURIComponent(w.hubId)}${lang === 'en' ? '?lang=en' : ''}">${esc(name)}</a>${w.district ? `<br><span class="muted">${esc(w.district)}</span>` : ''}</td>
  <td class="num big">${w.waiting}</td>
  <td class="num"><span class="pill ${level(w.lateShareNow, w.waiting)}">${pct(w.waiting ? w.lateShareNow : null)}</span> <span class="muted">(${w.waitingLate})</span></td>
  <td class="num">${w.waiting ? mins(lang, w.oldestWaitMin) : '—'}</td>
  <td class="num">${w.serving}</td>
  <td class="num">${w.openCounters}</td>
  <td class="num">${w.today.issued}</td>
  <td class="num">${w.today.served}</td>
  <td class="num">${w.today.noShow}</td>
  <td class="num">${mins(lang, w.today.avgWaitMin)}</td>
  <td class="num">${pct(w.today.lateShare)}</td>
  <td class="num">${w.today.avgRating === null ? '—' : `${formatNumber(w.today.avgRating, lang)} (${w.today.ratingN})`}</td>
  <td>${syncCell(lang, w, now)}</td>
</tr>`;
    })
    .join('\n');
  return `<div class="cards">
  <div class="card"><div class="label">${t(lang, 'waiting')}</div><div class="value">${waiting}</div></div>
  <div class="card"><div class="label">${t(lang, 'lateNow', { n: lateMin })}</div><div class="value">${pct(waiting ? late / waiting : null)}</div></div>
  <div class="card"><div class="label">${t(lang, 'issued')}</div><div class="value">${issued}</div></div>
  <div class="card"><div class="label">${t(lang, 'served')}</div><div class="value">${served}</div></div>
</div>
<table>
<thead><tr><th>${t(lang, 'ward')}</th><th>${t(lang, 'waiting')}</th><th>${t(lang, 'lateNow', { n: lateMin })}</th><th>${t(lang, 'oldest')}</th><th>${t(lang, 'serving')}</th><th>${t(lang, 'counters')}</th><th>${t(lang, 'issued')}</th><th>${t(lang, 'served')}</th><th>${t(lang, 'noShow')}</th><th>${t(lang, 'avgWait')}</th><th>${t(lang, 'lateToday', { n: lateMin })}</th><th>${t(lang, 'rating')}</th><th>${t(lang, 'sync')}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** The detail of one ward (the live fragment of the drill-down). */
export function wardDetail(lang: Lang, d: WardDetail, lateMin: number, now: number): string {
  const w = d.ward;
  const fieldRows = d.fields
    .map(
      (f) => `<tr><td>${esc(f.name[lang])} <span class="muted">${esc(f.fieldCode)}</span></td><td class="num big">${f.waiting}</td><td class="num"><span class="pill ${level(f.waiting ? f.waitingLate / f.waiting : 0, f.waiting)}">${pct(f.waiting ? f.waitingLate / f.waiting : null)}</span></td><td class="num">${f.serving}</td><td class="num">${f.today.issued}</td><td class="num">${f.today.served}</td><td class="num">${f.today.noShow}</td><td class="num">${mins(lang, f.today.avgWaitMin)}</td><td class="num">${pct(f.today.lateShare)}</td><td class="num">${f.today.avgRating ?? '—'}</td></tr>`,
    )
    .join('\n');
  const dayRows = d.days
    .map((x) => `<tr><td>${esc(formatDate(x.day))}</td><td class="num">${x.issued}</td><td class="num">${x.served}</td><td class="num">${x.noShow}</td><td class="num">${mins(lang, x.avgWaitMin)}</td><td class="num">${pct(x.lateShare)}</td><td class="num">${x.avgRating ?? '—'}</td></tr>`)
    .join('\n');
  return `<div class="cards">
  <div class="card"><div class="label">${t(lang, 'waiting')}</div><div class="value">${w.waiting}</div></div>
  <div class="card"><div class="label">${t(lang, 'lateNow', { n: lateMin })}</div><div class="value">${pct(w.waiting ? w.lateShareNow : null)}</div></div>
  <div class="card"><div class="label">${t(lang, 'counters')}</div><div class="value">${w.openCounters}</div></div>
  <div class="card"><div class="label">${t(lang, 'issued')}</div><div class="value">${w.today.issued}</div></div>
  <div class="card"><div class="label">${t(lang, 'sync')}</div><div class="value small">${syncCell(lang, w, now)}</div></div>
</div>
<h2>${t(lang, 'byField')}</h2>
<table>
<thead><tr><th>${t(lang, 'field')}</th><th>${t(lang, 'waiting')}</th><th>${t(lang, 'lateNow', { n: lateMin })}</th><th>${t(lang, 'serving')}</th><th>${t(lang, 'issued')}</th><th>${t(lang, 'served')}</th><th>${t(lang, 'noShow')}</th><th>${t(lang, 'avgWait')}</th><th>${t(lang, 'lateToday', { n: lateMin })}</th><th>${t(lang, 'rating')}</th></tr></thead>
<tbody>${fieldRows}</tbody>
</table>
<h2>${t(lang, 'last7')}</h2>
<table>
<thead><tr><th>${t(lang, 'day')}</th><th>${t(lang, 'received')}</th><th>${t(lang, 'served')}</th><th>${t(lang, 'noShow')}</th><th>${t(lang, 'avgWait')}</th><th>${t(lang, 'lateShare', { n: lateMin })}</th><th>${t(lang, 'rating')}</th></tr></thead>
<tbody>${dayRows}</tbody>
</table>`;
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

export function page(lang: Lang, o: { title: string; heading: string; sub: string; body: string; fragmentUrl: string; nav: string; user: PageUser }): string {
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
  var url = ${JSON.stringify(o.fragmentUrl)}, pending = false, last = 0, live = document.getElementById('live');
  function toLogin() { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); }
  function refresh() {
    if (pending) return;
    var wait = Math.max(0, 1000 - (Date.now() - last));
    pending = true;
    setTimeout(function () {
      last = Date.now();
      fetch(url, { cache: 'no-store' }).then(function (r) { if (r.status === 401) toLogin(); return r.ok ? r.text() : null; }).then(function (html) {
        pending = false;
        if (html !== null) document.getElementById('content').innerHTML = html;
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
    nav: `<a href="/api/reports/weekly?format=xlsx">${t(lang, 'report')}</a> · <a href="/api/reports/weekly?format=csv">${t(lang, 'reportCsv')}</a>`,
    user,
  });
}

export function wardPage(lang: Lang, d: WardDetail, lateMin: number, now: number, user: PageUser): string {
  const suffix = lang === 'en' ? '?lang=en' : '';
  return page(lang, {
    title: `${d.ward.name[lang]} — ${t(lang, 'title')}`,
    heading: d.ward.name[lang],
    sub: d.ward.address,
    body: wardDetail(lang, d, lateMin, now),
    fragmentUrl: `/fragment/ward/${encodeURIComponent(d.ward.hubId)}${suffix}`,
    nav: `<a href="/${suffix}">${t(lang, 'back')}</a>`,
    user,
  });
}
