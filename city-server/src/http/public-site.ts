/**
 * The citizen booking site (issue 18 items 3 and 6), served by the city at /dat-lich: plain
 * server-rendered HTML forms (work without JavaScript; a few lines filter the ward list as one
 * types), mobile-first, Vietnamese first and `?lang=en` for English. Every ward's live wait, the
 * ward's services and procedures, a day's free times, the booking with its code and QR (the
 * `qrcode` library, as the drivers use), view, move and cancel by code. The same BookingService as
 * the public API, so both give the same answers and errors.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { createTranslator, formatClock, formatDate, type Clock, type Lang } from '@motcua/shared';
import { BookingError, type BookingService, type BookingView, type WardBooking } from '../booking/bookings';
import type { LiveQueries } from '../live';
import { SITE_EN } from '../i18n/site-en';
import { SITE_VI } from '../i18n/site-vi';
import { esc } from './dashboard';
import type { PublicThrottle } from './public-api';
import { publicWards, type PublicWard } from './public-wards';

export const ts = createTranslator(SITE_VI, SITE_EN);
const BASE = '/dat-lich';

type Query = Record<string, string | undefined>;
const langOf = (q: Query): Lang => (q.lang === 'en' ? 'en' : 'vi');
const withLang = (lang: Lang, url: string): string => (lang === 'en' ? `${url}${url.includes('?') ? '&' : '?'}lang=en` : url);
const hidden = (lang: Lang): string => (lang === 'en' ? '<input type="hidden" name="lang" value="en">' : '');

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#f6f7f9}
header{background:#a3161a;color:#fff;padding:12px 16px}header a{color:#fff}h1{font-size:1.25rem;margin:0}h2{font-size:1.1rem;margin:18px 0 8px}
main{padding:12px 16px;max-width:720px;margin:auto}.card{background:#fff;border:1px solid #d9dce1;border-radius:8px;padding:12px;margin:10px 0}
.muted{color:#555}.row{display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap}.err{background:#fde8e8;border:1px solid #c62828;padding:10px;border-radius:6px}
.okmsg{background:#e7f5ea;border:1px solid #2e7d32;padding:10px;border-radius:6px}label{display:block;font-weight:600;margin:10px 0 4px}
input,select,button{font:inherit;width:100%;padding:10px;border:1px solid #888;border-radius:6px;min-height:44px}button,.btn{background:#a3161a;color:#fff;border:0;font-weight:600;cursor:pointer;text-align:center;display:block;text-decoration:none;padding:10px;border-radius:6px}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(96px,1fr));gap:8px}.slots label{font-weight:400;border:1px solid #888;border-radius:6px;padding:8px;margin:0;background:#fff}
.slots input{width:auto;min-height:0;margin-right:6px}.code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:2px}.qr svg{width:220px;height:220px}
ul.fields{margin:6px 0 0;padding-left:18px}.secondary{background:#fff;color:#a3161a;border:1px solid #a3161a}:focus-visible{outline:3px solid #1565c0;outline-offset:2px}`;

function page(lang: Lang, title: string, body: string, path: string): string {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const switchUrl = other === 'en' ? withLang('en', path) : path.replace(/[?&]lang=en/, '').replace(/&$/, '');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head><body>
<header><div class="row"><h1><a href="${withLang(lang, BASE)}" style="text-decoration:none">${esc(ts(lang, 'siteTitle'))}</a></h1><a href="${esc(switchUrl)}" lang="${other}" hreflang="${other}">${ts(lang, 'language')}</a></div></header>
<main>${body}</main></body></html>`;
}

const REASONS = ['centre_closed', 'service_unavailable', 'slot_full', 'unknown_service', 'past', 'duplicate', 'hub'] as const;
/** The ward's reason in the citizen's words (its own detail after a colon, as the hub wrote it). */
function reasonText(lang: Lang, reason: string): string {
  const [code = '', ...rest] = reason.split(': ');
  const known = REASONS.find((r) => r === code);
  const detail = rest.join(': ');
  return known ? `${ts(lang, `reason_${known}`)}${detail ? ` (${detail})` : ''}` : reason;
}

function errorBox(lang: Lang, e: BookingError): string {
  return `<p class="err" role="alert">${esc(lang === 'en' ? e.en : e.vi)}</p>`;
}

function wardCard(lang: Lang, w: PublicWard): string {
  const fields = w.fields
    .map((f) => `<li>${esc(f.name[lang])}: ${f.waiting === 0 ? ts(lang, 'noWait') : `${ts(lang, 'waitingNow', { n: f.waiting })}${f.estimatedWaitMin === null ? '' : ` · ${ts(lang, 'waitAbout', { n: f.estimatedWaitMin })}`}`}</li>`)
    .join('');
  const action = w.bookable ? `<a class="btn" href="${withLang(lang, `${BASE}/p/${encodeURIComponent(w.hubId)}`)}">${ts(lang, 'book')} — ${esc(w.name[lang])}</a>` : `<p class="muted">${ts(lang, 'notBookable')}</p>`;
  return `<section class="card ward" data-name="${esc(`${w.name.vi} ${w.name.en} ${w.address}`.toLowerCase())}">
<h2>${esc(w.name[lang])}</h2><p class="muted">${esc(w.address)}</p>
<p>${w.waiting === 0 ? ts(lang, 'noWait') : ts(lang, 'waitingNow', { n: w.waiting })} · ${w.forecastToday === null ? ts(lang, 'noForecast') : ts(lang, 'forecastToday', { n: w.forecastToday })}</p>
${fields ? `<ul class="fields">${fields}</ul>` : ''}${action}</section>`;
}

function homePage(lang: Lang, wards: PublicWard[], q: string, now: number, err: BookingError | null): string {
  const needle = q.trim().toLowerCase();
  const shown = needle ? wards.filter((w) => `${w.name.vi} ${w.name.en} ${w.address}`.toLowerCase().includes(needle)) : wards;
  const body = `<p>${esc(ts(lang, 'siteSub'))}</p>
<form class="card" method="get" action="${BASE}/ma">${hidden(lang)}<label for="code">${ts(lang, 'lookup')}</label><input id="code" name="code" autocomplete="off" autocapitalize="characters" maxlength="16" placeholder="${ts(lang, 'codeLabel')}"><button class="secondary" type="submit" style="margin-top:8px">${ts(lang, 'lookupButton')}</button></form>
${err ? errorBox(lang, err) : ''}
<h2>${ts(lang, 'wardsLive')}</h2><p class="muted">${ts(lang, 'updated', { t: formatClock(now) })}</p>
<form method="get" action="${BASE}" role="search">${hidden(lang)}<label for="q">${ts(lang, 'search')}</label><input id="q" name="q" type="search" value="${esc(q)}"><button type="submit" style="margin-top:8px">${ts(lang, 'searchButton')}</button></form>
<div id="wards">${shown.map((w) => wardCard(lang, w)).join('') || `<p>${ts(lang, 'noWards')}</p>`}</div>
<script>document.getElementById('q').addEventListener('input',function(e){var v=e.target.value.trim().toLowerCase();document.querySelectorAll('.ward').forEach(function(c){c.hidden=v!==''&&c.dataset.name.indexOf(v)<0})})</script>`;
  return page(lang, ts(lang, 'siteTitle'), body, BASE);
}

function daysOf(w: WardBooking): string[] {
  if (!w.days) return [];
  const out: string[] = [];
  for (let d = w.days.first; d <= w.days.last; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d);
  return out;
}

function dayLabel(lang: Lang, day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { weekday: 'long', day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(d);
}

interface WardForm {
  serviceId?: string;
  day?: string;
  procedureCode?: string;
  name?: string;
  phone?: string;
  slotStart?: string;
}

async function wardPage(lang: Lang, bookings: BookingService, w: WardBooking, f: WardForm, err: BookingError | null): Promise<string> {
  const services = w.services.filter((s) => s.counters > 0);
  const byField = new Map<string, typeof services>();
  for (const s of services) byField.set(s.fieldName[lang], [...(byField.get(s.fieldName[lang]) ?? []), s]);
  const options = [...byField]
    .map(([field, ss]) => `<optgroup label="${esc(field)}">${ss.map((s) => `<option value="${esc(s.id)}"${s.id === f.serviceId ? ' selected' : ''}>${esc(s.name[lang])}</option>`).join('')}</optgroup>`)
    .join('');
  const days = daysOf(w);
  const chosen = services.find((s) => s.id === f.serviceId);
  const procs = chosen?.procedures ?? [];
  let slotsHtml = '';
  let problem = err;
  if (chosen && f.day) {
    try {
      const { slots } = await bookings.slots(w.hubId, chosen.id, f.day);
      const free = slots.filter((s) => s.free > 0);
      slotsHtml = free.length
        ? `<form method="post" action="${BASE}/p/${encodeURIComponent(w.hubId)}">${hidden(lang)}
<input type="hidden" name="serviceId" value="${esc(chosen.id)}"><input type="hidden" name="day" value="${esc(f.day)}"><input type="hidden" name="procedureCode" value="${esc(f.procedureCode ?? '')}">
<fieldset class="card"><legend><h2>${ts(lang, 'slots')}</h2></legend><div class="slots">${free
            .map((s, i) => `<label><input type="radio" name="slotStart" value="${s.slotStart}" required${String(s.slotStart) === f.slotStart || (!f.slotStart && i === 0) ? ' checked' : ''}>${formatClock(s.slotStart)}<br><span class="muted">${ts(lang, 'freeN', { n: s.free })}</span></label>`)
            .join('')}</div></fieldset>
<div class="card"><label for="name">${ts(lang, 'name')}</label><input id="name" name="name" required maxlength="80" autocomplete="name" value="${esc(f.name ?? '')}">
<label for="phone">${ts(lang, 'phone')}</label><input id="phone" name="phone" type="tel" inputmode="tel" maxlength="20" autocomplete="tel" value="${esc(f.phone ?? '')}" aria-describedby="phoneNote"><p id="phoneNote" class="muted">${ts(lang, 'phoneNote')}</p>
<button type="submit">${ts(lang, 'confirm')}</button></div></form>`
        : `<p class="card">${ts(lang, 'noSlots')}</p>`;
    } catch (e) {
      if (!(e instanceof BookingError)) throw e;
      problem = problem ?? e;
    }
  }
  const body = `<p><a href="${withLang(lang, BASE)}">${ts(lang, 'back')}</a></p><h2>${esc(w.name[lang])}</h2><p class="muted">${esc(w.address)}</p>
${problem ? errorBox(lang, problem) : ''}
<form class="card" method="get" action="${BASE}/p/${encodeURIComponent(w.hubId)}">${hidden(lang)}
<label for="serviceId">${ts(lang, 'chooseService')}</label><select id="serviceId" name="serviceId" required>${options}</select>
${procs.length ? `<label for="procedureCode">${ts(lang, 'procedure')}</label><select id="procedureCode" name="procedureCode"><option value="">${ts(lang, 'anyProcedure')}</option>${procs.map((p) => `<option value="${esc(p.code)}"${p.code === f.procedureCode ? ' selected' : ''}>${esc(p.code)} — ${esc(p.name[lang])}</option>`).join('')}</select>` : ''}
<label for="day">${ts(lang, 'day')}</label><select id="day" name="day" required>${days.map((d) => `<option value="${d}"${d === f.day ? ' selected' : ''}>${esc(dayLabel(lang, d))}</option>`).join('')}</select>
<button type="submit" style="margin-top:12px">${ts(lang, 'showSlots')}</button></form>${slotsHtml}`;
  return page(lang, `${ts(lang, 'book')} — ${w.name[lang]}`, body, `${BASE}/p/${encodeURIComponent(w.hubId)}`);
}

async function bookingPage(lang: Lang, bookings: BookingService, b: BookingView, q: { day?: string; note?: string }, err: BookingError | null): Promise<string> {
  const qr = await QRCode.toString(b.qr, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const open = b.status === 'booked' || b.status === 'accepted';
  const url = `${BASE}/ma/${b.code}`;
  let move = '';
  if (open) {
    const w = await bookings.ward(b.hubId);
    const day = q.day ?? b.day;
    let slots = '';
    try {
      const r = await bookings.slots(b.hubId, b.serviceId, day);
      const free = r.slots.filter((s) => s.free > 0 && s.slotStart !== b.slotStart);
      slots = free.length
        ? `<form method="post" action="${url}/doi">${hidden(lang)}<div class="slots">${free.map((s, i) => `<label><input type="radio" name="slotStart" value="${s.slotStart}" required${i === 0 ? ' checked' : ''}>${formatClock(s.slotStart)}</label>`).join('')}</div><button type="submit" style="margin-top:8px">${ts(lang, 'moveTo')}</button></form>`
        : `<p>${ts(lang, 'noSlots')}</p>`;
    } catch (e) {
      if (!(e instanceof BookingError)) throw e;
      slots = errorBox(lang, e);
    }
    move = `<section class="card"><h2>${ts(lang, 'move')}</h2><form method="get" action="${url}">${hidden(lang)}<label for="day">${ts(lang, 'day')}</label><select id="day" name="day">${(w ? daysOf(w) : []).map((d) => `<option value="${d}"${d === day ? ' selected' : ''}>${esc(dayLabel(lang, d))}</option>`).join('')}</select><button class="secondary" type="submit" style="margin-top:8px">${ts(lang, 'showSlots')}</button></form>${slots}</section>
<form class="card" method="post" action="${url}/huy">${hidden(lang)}<button class="secondary" type="submit">${ts(lang, 'cancel')}</button></form>`;
  }
  const note = q.note === 'moved' ? `<p class="okmsg" role="status">${ts(lang, 'moved')}</p>` : q.note === 'cancelled' ? `<p class="okmsg" role="status">${ts(lang, 'cancelled')}</p>` : '';
  const body = `${note}${err ? errorBox(lang, err) : ''}<section class="card"><h2>${ts(lang, 'bookedTitle')}</h2>
<p>${ts(lang, 'codeLabel')}: <span class="code" id="booking-code">${esc(b.code)}</span></p><p class="muted">${ts(lang, 'keepCode')}</p>
${open ? `<div class="qr" role="img" aria-label="QR ${esc(b.code)}">${qr}</div><p>${ts(lang, 'showQr')}</p>` : ''}
<dl><dt>${ts(lang, 'ward')}</dt><dd>${esc(b.wardName[lang])}</dd><dt>${ts(lang, 'service')}</dt><dd>${esc(b.serviceName[lang])}${b.procedureCode ? ` (${esc(b.procedureCode)})` : ''}</dd>
<dt>${ts(lang, 'when')}</dt><dd>${formatClock(b.slotStart)}, ${esc(dayLabel(lang, b.day))} (${formatDate(b.day)})</dd>
${b.name ? `<dt>${ts(lang, 'name')}</dt><dd>${esc(b.name)}</dd>` : ''}<dt>${ts(lang, 'status')}</dt><dd id="booking-status">${ts(lang, `status_${b.status}`)}${b.moveRefused && b.reason ? `<br><span id="move-refused">${esc(ts(lang, 'moveRefused', { r: reasonText(lang, b.reason) }))}</span>` : b.reason && b.reason !== 'citizen' ? `<br>${esc(ts(lang, 'reason', { r: reasonText(lang, b.reason) }))}` : ''}</dd></dl></section>${move}
<p><a href="${withLang(lang, BASE)}">${ts(lang, 'back')}</a></p>`;
  return page(lang, `${ts(lang, 'bookedTitle')} ${b.code}`, body, url);
}

export function registerBookingSite(app: FastifyInstance, deps: { bookings: BookingService; live: LiveQueries; throttle: PublicThrottle; clock: Clock }): void {
  const { bookings, throttle, clock } = deps;
  void app.register((site, _opts, done) => {
    site.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_req, body, cb) => {
      cb(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    const html = (reply: FastifyReply, status: number, s: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(s);
    const q = (req: FastifyRequest): Query => ({ ...(req.query as Query), ...(typeof req.body === 'object' && req.body ? (req.body as Query) : {}) });
    site.setErrorHandler(async (err: Error & { statusCode?: number }, req, reply) => {
      const lang = langOf(q(req));
      if (err instanceof BookingError) return html(reply, err.status, page(lang, ts(lang, 'siteTitle'), `${errorBox(lang, err)}<p><a href="${withLang(lang, BASE)}">${ts(lang, 'back')}</a></p>`, BASE));
      req.log.error({ err }, 'booking site error');
      const e = new BookingError('invalid_input', 500, 'Lỗi máy chủ, mời Ông/Bà thử lại sau.', 'Server error, please try again later.');
      return html(reply, err.statusCode && err.statusCode < 500 ? err.statusCode : 500, page(lang, ts(lang, 'siteTitle'), errorBox(lang, e), BASE));
    });
    const read = async (req: FastifyRequest) => throttle.read(req.ip);
    const write = async (req: FastifyRequest) => throttle.write(req.ip);

    site.get(BASE, { onRequest: read }, async (req, reply) => {
      const query = q(req);
      return html(reply, 200, homePage(langOf(query), await publicWards(deps, clock.now()), (query.q ?? '').slice(0, 80), clock.now(), null));
    });
    site.get(`${BASE}/ma`, { onRequest: read }, async (req, reply) => {
      const query = q(req);
      const code = (query.code ?? '').trim().toUpperCase().slice(0, 16);
      return reply.redirect(withLang(langOf(query), `${BASE}/ma/${encodeURIComponent(code)}`), 303);
    });
    site.get<{ Params: { hubId: string } }>(`${BASE}/p/:hubId`, { onRequest: read }, async (req, reply) => {
      const query = q(req);
      const lang = langOf(query);
      const w = await bookings.ward(req.params.hubId);
      if (!w) throw new BookingError('unknown_ward', 404, 'Không có phường/xã này.', 'No such ward.');
      return html(reply, 200, await wardPage(lang, bookings, w, query, null));
    });
    site.post<{ Params: { hubId: string } }>(`${BASE}/p/:hubId`, { onRequest: write }, async (req, reply) => {
      const form = q(req);
      const lang = langOf(form);
      const w = await bookings.ward(req.params.hubId);
      if (!w) throw new BookingError('unknown_ward', 404, 'Không có phường/xã này.', 'No such ward.');
      try {
        await throttle.phone(form.phone);
        const b = await bookings.create({
          hubId: w.hubId,
          serviceId: form.serviceId ?? '',
          slotStart: Number(form.slotStart),
          name: form.name ?? '',
          phone: form.phone || undefined,
          procedureCode: form.procedureCode || undefined,
        });
        return reply.redirect(withLang(lang, `${BASE}/ma/${b.code}`), 303);
      } catch (e) {
        if (!(e instanceof BookingError)) throw e;
        return html(reply, e.status, await wardPage(lang, bookings, w, form, e));
      }
    });
    site.get<{ Params: { code: string } }>(`${BASE}/ma/:code`, { onRequest: read }, async (req, reply) => {
      const query = q(req);
      const lang = langOf(query);
      const b = await bookings.get(req.params.code);
      const day = query.day && /^\d{4}-\d{2}-\d{2}$/.test(query.day) ? query.day : undefined;
      return html(reply, 200, await bookingPage(lang, bookings, b, { day, note: query.note }, null));
    });
    site.post<{ Params: { code: string } }>(`${BASE}/ma/:code/huy`, { onRequest: write }, async (req, reply) => {
      const lang = langOf(q(req));
      const b = await bookings.cancel(req.params.code);
      return reply.redirect(withLang(lang, `${BASE}/ma/${b.code}?note=cancelled`), 303);
    });
    site.post<{ Params: { code: string } }>(`${BASE}/ma/:code/doi`, { onRequest: write }, async (req, reply) => {
      const form = q(req);
      const lang = langOf(form);
      try {
        const b = await bookings.move(req.params.code, Number(form.slotStart));
        return reply.redirect(withLang(lang, `${BASE}/ma/${b.code}?note=moved`), 303);
      } catch (e) {
        if (!(e instanceof BookingError) || e.code === 'not_found') throw e;
        return html(reply, e.status, await bookingPage(lang, bookings, await bookings.get(req.params.code), {}, e));
      }
    });
    done();
  });
}
