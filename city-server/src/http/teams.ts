/**
 * The mobile support team's page (`/teams`, server-rendered like the dashboard, Vietnamese first,
 * `?lang=en`): the recommended moves with one "send" button each, today's assignments with what
 * the wards answered, and the roster. Everyone signed in reads it; only a city admin writes
 * (add or edit a member, send, withdraw): form POSTs from this site (Origin checked, the session
 * cookie is SameSite=Strict), or JSON with the same routes. `/fragment/teams` is the live part
 * (recommendations and assignments) the page fetches again on each nudge; the roster's forms are
 * outside it, so a refresh never wipes what an admin is typing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatDate, formatNumber, formatPercent } from '@motcua/shared';
import { SESSION_COOKIE, type SessionUser } from '../auth/auth';
import type { CityServer } from '../server';
import { t, type Lang } from '../i18n';
import { esc, page } from './dashboard';
import { isPage, sameOrigin } from './login';
import type { Recommendation } from '../teams/recommend';
import { ACTIVE_STATUSES, TeamError, type TeamActor, type TeamAssignmentRecord, type TeamMember } from '../teams/teams';

const langOf = (req: FastifyRequest): Lang => ((req.query as { lang?: string }).lang === 'en' ? 'en' : 'vi');
const suffixOf = (lang: Lang): string => (lang === 'en' ? '?lang=en' : '');
const pct = (lang: Lang, x: number): string => formatPercent(x, lang, 1);

/** Today's assignments as a table (the /teams page and a ward's page). */
export function assignmentTable(lang: Lang, rows: readonly TeamAssignmentRecord[], o: { admin: boolean; showWard: boolean; back: string }): string {
  const body = rows
    .map((a) => {
      const withdraw =
        o.admin && ACTIVE_STATUSES.includes(a.status)
          ? `<form method="post" action="/teams/assignments/${encodeURIComponent(a.assignmentId)}/withdraw${o.back}" class="inline"><button type="submit" class="secondary">${t(lang, 'teamsWithdraw')}</button></form>`
          : '';
      return `<tr data-assignment="${esc(a.assignmentId)}" data-status="${a.status}"><td>${esc(a.memberName)}</td>${o.showWard ? `<td><a href="/ward/${encodeURIComponent(a.hubId)}${suffixOf(lang)}">${esc(a.hubName[lang])}</a></td>` : ''}<td>${esc(a.fieldCodes.join(', '))}</td><td class="num">${esc(`${a.from}–${a.to}`)}</td><td><span class="status ${a.status}">${esc(t(lang, `status_${a.status}`))}</span>${a.detail && (a.status === 'skipped' || a.status === 'withdrawn') ? `<br><span class="muted">${esc(a.detail)}</span>` : ''}</td><td class="muted">${esc(a.createdBy)}</td><td>${withdraw}</td></tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="assignments"><thead><tr><th>${t(lang, 'teamsMember')}</th>${o.showWard ? `<th>${t(lang, 'ward')}</th>` : ''}<th>${t(lang, 'teamsFields')}</th><th>${t(lang, 'teamsHours')}</th><th>${t(lang, 'teamsStatus')}</th><th>${t(lang, 'teamsSentBy')}</th><th></th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The section of a ward's page: who of the team is sent there today, and what the ward answered. */
export function wardTeamSection(lang: Lang, rows: readonly TeamAssignmentRecord[]): string {
  return `<section class="teams" data-section="teams"><h2>${t(lang, 'teamsWardSection')}</h2>${rows.length ? assignmentTable(lang, rows, { admin: false, showWard: false, back: '' }) : `<p class="muted">${t(lang, 'teamsWardNone')}</p>`}</section>`;
}

/** The live part of /teams: the recommended moves and today's assignments. */
export function teamsLive(lang: Lang, r: Recommendation, assignments: readonly TeamAssignmentRecord[], o: { admin: boolean; lateMin: number }): string {
  const back = suffixOf(lang);
  const moves = r.moves
    .map((m) => {
      const hidden = (name: string, value: string | number | null): string => (value === null ? '' : `<input type="hidden" name="${name}" value="${esc(String(value))}">`);
      const send = o.admin
        ? `<form method="post" action="/teams/assign${back}" class="inline">${hidden('memberId', m.memberId)}${hidden('hubId', m.hubId)}${hidden('fieldCodes', m.fieldCodes.join(','))}${hidden('day', m.day)}${hidden('from', m.from)}${hidden('to', m.to)}${hidden('replaces', m.replaces)}${hidden('lateWithout', m.lateWithout)}${hidden('lateWith', m.lateWith)}<button type="submit">${t(lang, 'teamsSend')}</button></form>`
        : '';
      return `<tr data-move="${m.memberId}" data-hub="${esc(m.hubId)}"><td>${esc(m.memberName)}</td><td>${m.fromHubName === null ? t(lang, 'teamsBase') : esc(m.fromHubName)}</td><td><a href="/ward/${encodeURIComponent(m.hubId)}${back}">${esc(m.hubName[lang])}</a></td><td>${esc(m.fieldCodes.join(', '))}</td><td class="num">${esc(`${m.from}–${m.to}`)}</td><td class="num" data-effect>${pct(lang, m.lateWithout)} → ${pct(lang, m.lateWith)}</td><td class="num">${formatNumber(m.gain, lang, 1)}</td><td>${send}</td></tr>`;
    })
    .join('\n');
  const advice = r.moves.length
    ? `<div class="scroll"><table class="moves"><thead><tr><th>${t(lang, 'teamsMember')}</th><th>${t(lang, 'teamsFrom')}</th><th>${t(lang, 'teamsTo')}</th><th>${t(lang, 'teamsFields')}</th><th>${t(lang, 'teamsHours')}</th><th>${t(lang, 'teamsEffect', { n: o.lateMin })}</th><th>${t(lang, 'teamsGain', { n: o.lateMin })}</th><th></th></tr></thead><tbody>${moves}</tbody></table></div>`
    : `<p class="muted" data-no-advice>${t(lang, 'teamsNoAdvice', { n: o.lateMin })}</p>`;
  const modelled = r.wards
    .filter((w) => w.lateWithout > 0 || w.lateWith !== w.lateWithout)
    .sort((a, b) => b.lateWithout - a.lateWithout)
    .slice(0, 20)
    .map((w) => `<tr data-modelled="${esc(w.hubId)}"><td>${esc(w.name[lang])}</td><td class="num">${pct(lang, w.lateWithout)} → ${pct(lang, w.lateWith)}</td><td class="num">${formatNumber(w.visitors, lang, 0)}</td><td class="num">${esc(t(lang, 'teamsBasis', { days: w.basisDays }))}</td></tr>`)
    .join('\n');
  const leftOut = r.leftOut.length ? `<p class="muted" data-left-out>${esc(t(lang, 'teamsLeftOut', { wards: r.leftOut.map((w) => `${w.name[lang]} (${t(lang, `leftOut_${w.reason}`)})`).join('; ') }))}</p>` : '';
  return `<h2>${t(lang, 'teamsAdvice')}</h2>
<p class="muted">${esc(t(lang, 'teamsAdviceNote', { travel: r.travelMin }))}</p>
${advice}
${modelled ? `<details><summary>${t(lang, 'teamsModelledWards')}</summary><div class="scroll"><table><thead><tr><th>${t(lang, 'ward')}</th><th>${t(lang, 'teamsEffect', { n: o.lateMin })}</th><th>${t(lang, 'received')}</th><th>${t(lang, 'forecast')}</th></tr></thead><tbody>${modelled}</tbody></table></div></details>` : ''}
${leftOut}
<h2>${t(lang, 'teamsAssignments')}</h2>
${assignments.length ? assignmentTable(lang, assignments, { admin: o.admin, showWard: true, back }) : `<p class="muted">${t(lang, 'teamsNoAssignments')}</p>`}`;
}

/** The roster with its forms (admin) or read-only (viewer). */
export function rosterSection(lang: Lang, members: readonly TeamMember[], r: Recommendation, admin: boolean): string {
  const back = suffixOf(lang);
  const where = new Map(r.members.map((s) => [s.member.memberId, s.at]));
  const rows = members
    .map((m) => {
      const at = where.get(m.memberId);
      const now = !m.active ? t(lang, 'teamsInactive') : at ? t(lang, 'teamsAtWard', { ward: at.hubName[lang], from: at.from, to: at.to }) : t(lang, 'teamsFree');
      // A viewer does not see the members' phone numbers (Decree 13/2023: only those who assign need them).
      if (!admin) return `<tr data-member="${m.memberId}"><td>${esc(m.name)}</td><td>${esc(m.fieldCodes.join(', '))}</td><td>${m.active ? t(lang, 'teamsActive') : t(lang, 'teamsInactive')}</td><td>${esc(now)}</td><td></td></tr>`;
      const f = `member-${m.memberId}`;
      return `<tr data-member="${m.memberId}"><td><input form="${f}" name="name" value="${esc(m.name)}" required maxlength="80" aria-label="${t(lang, 'teamsName')}"></td><td><input form="${f}" name="phone" value="${esc(m.phone ?? '')}" maxlength="20" aria-label="${t(lang, 'teamsPhone')}"></td><td><input form="${f}" name="fieldCodes" value="${esc(m.fieldCodes.join(', '))}" required aria-label="${t(lang, 'teamsFields')}"></td><td><label><input form="${f}" type="checkbox" name="active"${m.active ? ' checked' : ''}> ${t(lang, 'teamsActive')}</label></td><td>${esc(now)}</td><td><form id="${f}" method="post" action="/teams/members/${m.memberId}${back}"><button type="submit">${t(lang, 'teamsSave')}</button></form></td></tr>`;
    })
    .join('\n');
  const add = admin
    ? `<form method="post" action="/teams/members${back}" class="add-member"><h3>${t(lang, 'teamsAdd')}</h3><label>${t(lang, 'teamsName')} <input name="name" required maxlength="80"></label> <label>${t(lang, 'teamsPhone')} <input name="phone" maxlength="20"></label> <label>${t(lang, 'teamsFields')} <input name="fieldCodes" required placeholder="HT, CT" title="${esc(t(lang, 'teamsFieldsHint'))}"></label><input type="hidden" name="active" value="on"> <button type="submit">${t(lang, 'teamsAdd')}</button></form>`
    : `<p class="muted" data-viewer-note>${t(lang, 'teamsViewerNote')}</p>`;
  return `<h2>${t(lang, 'teamsRoster')}</h2>
${members.length ? `<div class="scroll"><table class="roster"><thead><tr><th>${t(lang, 'teamsName')}</th>${admin ? `<th>${t(lang, 'teamsPhone')}</th>` : ''}<th>${t(lang, 'teamsFields')}</th><th>${t(lang, 'teamsActive')}</th><th>${t(lang, 'teamsNow')}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>` : `<p class="muted">${t(lang, 'teamsNoMembers')}</p>`}
${add}`;
}

const TEAM_CSS = `<style>form.inline{display:inline;margin:0}.teams-page button{font:inherit;font-size:13px;padding:4px 10px;border-radius:6px;border:0;background:#a4161a;color:#fff;cursor:pointer}
.teams-page button.secondary{background:#5b6b7b}.teams-page input{font:inherit;font-size:13px;padding:4px 6px;border:1px solid #c6ced8;border-radius:6px;max-width:100%}
.add-member{background:#fff;padding:8px 16px 12px;border-radius:8px;margin-top:12px;display:flex;gap:8px;flex-wrap:wrap;align-items:flex-end}.add-member h3{width:100%;margin:4px 0;font-size:14px}
.status{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;background:#e9ecf1}.status.accepted{background:#e3f4e8;color:#17663a}.status.delivered,.status.sent{background:#fff1d6;color:#8a5a00}.status.declined,.status.skipped{background:#fde2e1;color:#a4161a}
details{margin:8px 0}</style>`;

export function teamsPage(lang: Lang, o: { r: Recommendation; assignments: readonly TeamAssignmentRecord[]; members: readonly TeamMember[]; user: SessionUser; lateMin: number; error: string | null; notice: string | null }): string {
  const admin = o.user.role === 'admin';
  const alert = o.error ? `<p class="error" role="alert">${esc(o.error)}</p>` : o.notice ? `<p class="summary" role="status">${esc(o.notice)}</p>` : '';
  return page(lang, {
    title: `${t(lang, 'teamsTitle')} — ${t(lang, 'title')}`,
    heading: t(lang, 'teamsTitle'),
    sub: t(lang, 'teamsSub', { day: formatDate(o.r.day) }),
    body: `${TEAM_CSS}<div class="teams-page">${alert}<div id="teams-live">${teamsLive(lang, o.r, o.assignments, { admin, lateMin: o.lateMin })}</div>${rosterSection(lang, o.members, o.r, admin)}</div>`,
    fragmentUrl: `/fragment/teams${suffixOf(lang)}`,
    target: 'teams-live',
    nav: `<a href="/${suffixOf(lang)}">${t(lang, 'back')}</a>`,
    user: { displayName: o.user.displayName, role: o.user.role },
  });
}

/** A form's or a JSON body's fields as the services take them. */
function formOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}
const splitCodes = (v: unknown): unknown => (typeof v === 'string' ? v.split(/[,;\s]+/).filter(Boolean) : v);
const num = (v: unknown): unknown => (typeof v === 'string' && v !== '' ? Number(v) : v === '' ? null : v);
const wantsJson = (req: FastifyRequest): boolean => (req.headers['content-type'] ?? '').includes('application/json');

export function registerTeamRoutes(app: FastifyInstance, city: CityServer): void {
  const lateMin = city.options.lateThresholdMin;
  const render = async (req: FastifyRequest, reply: FastifyReply, user: SessionUser, status: number, error: string | null, notice: string | null): Promise<FastifyReply> => {
    const [r, members] = await Promise.all([city.recommender.current(), city.teams.members()]);
    const today = city.teams.today();
    const assignments = await city.teams.assignments({ from: today, to: today });
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(teamsPage(langOf(req), { r, assignments, members, user, lateMin, error, notice }));
  };

  void app.register((teams, _opts, done) => {
    teams.addHook('onRequest', async (req, reply) => {
      const user = await city.auth.session(req.cookies[SESSION_COOKIE]);
      if (!user) {
        if (isPage(req.url) && req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
        return reply.code(401).send({ ok: false, error: { code: 'unauthenticated', message: `${t('vi', 'signInFirst')} / ${t('en', 'signInFirst')}` } });
      }
      req.cityUser = user;
      if (req.method === 'GET') return;
      // Writes: a city admin, from this site only (the cookie is SameSite=Strict as well).
      if (user.role !== 'admin') return reply.code(403).send({ ok: false, error: { code: 'forbidden', message: `${t('vi', 'viewerCannot')} / ${t('en', 'viewerCannot')}` } });
      if (!sameOrigin(req)) return reply.code(403).send({ ok: false, error: { code: 'forbidden', message: 'cross-origin request refused' } });
    });
    const userOf = (req: FastifyRequest): SessionUser => {
      if (!req.cityUser) throw new Error('team route without a session');
      return req.cityUser;
    };
    const actorOf = (req: FastifyRequest): TeamActor => ({ username: userOf(req).username, address: req.ip });

    teams.get('/teams', async (req, reply) => render(req, reply, userOf(req), 200, null, null));
    teams.get('/fragment/teams', async (req, reply) => {
      const r = await city.recommender.current();
      const today = city.teams.today();
      const assignments = await city.teams.assignments({ from: today, to: today });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(teamsLive(langOf(req), r, assignments, { admin: userOf(req).role === 'admin', lateMin }));
    });
    teams.get('/api/teams', async (req) => {
      const today = city.teams.today();
      const [recommendation, members, assignments] = await Promise.all([city.recommender.current(), city.teams.members(), city.teams.assignments({ from: today, to: today })]);
      if (userOf(req).role === 'admin') return { ok: true, data: { recommendation, members, assignments } };
      // A viewer gets no phone numbers (as on the page).
      const hide = (m: TeamMember): TeamMember => ({ ...m, phone: null });
      return { ok: true, data: { recommendation: { ...recommendation, members: recommendation.members.map((s) => ({ ...s, member: hide(s.member) })) }, members: members.map(hide), assignments } };
    });

    /** Runs a write; a form gets the page back (303 to it, or the page with the refusal), JSON gets `{ ok }`. */
    const write = async (req: FastifyRequest, reply: FastifyReply, fn: () => Promise<unknown>): Promise<FastifyReply> => {
      const lang = langOf(req);
      try {
        const data = await fn();
        city.recommender.invalidate();
        if (wantsJson(req)) return reply.send({ ok: true, data });
        return reply.redirect(`/teams${suffixOf(lang)}`, 303);
      } catch (e) {
        if (!(e instanceof TeamError)) throw e;
        if (wantsJson(req)) return reply.code(e.status).send({ ok: false, error: { code: e.code, message: e.message } });
        return render(req, reply, userOf(req), e.status, lang === 'en' ? e.en : `${e.vi} / ${e.en}`, null);
      }
    };
    const memberInput = (req: FastifyRequest): Record<string, unknown> => {
      const f = formOf(req.body);
      // A form's unchecked box sends nothing (inactive); JSON says true or false, or leaves it out (active).
      const active = wantsJson(req) ? f.active : f.active === 'on';
      return { name: f.name, phone: f.phone ?? null, fieldCodes: splitCodes(f.fieldCodes), active };
    };
    teams.post('/teams/members', async (req, reply) => write(req, reply, () => city.teams.createMember(memberInput(req), actorOf(req))));
    teams.post<{ Params: { id: string } }>('/teams/members/:id', async (req, reply) => write(req, reply, () => city.teams.updateMember(Number(req.params.id), memberInput(req), actorOf(req))));
    teams.post('/teams/assign', async (req, reply) => {
      const f = formOf(req.body);
      const input = { ...f, fieldCodes: splitCodes(f.fieldCodes), memberId: num(f.memberId), lateWithout: num(f.lateWithout) ?? null, lateWith: num(f.lateWith) ?? null, replaces: f.replaces === '' ? null : (f.replaces ?? null) };
      return write(req, reply, () => city.teams.assign(input, actorOf(req)));
    });
    teams.post<{ Params: { id: string } }>('/teams/assignments/:id/withdraw', async (req, reply) => write(req, reply, () => city.teams.withdraw(req.params.id, actorOf(req))));
    done();
  });
}
