/**
 * What the kiosk derives from the hub's snapshot, as pure functions: which fields and procedures
 * a citizen can choose, procedure search by name (with or without diacritics) or by national code,
 * which counters serve a service, and its current wait.
 */
import { servesService, skillLevel, spanOf, type Counter, type PlaceSpan, type Field, type Lang, type LocalizedText, type Service, type ServiceLoad, type Snapshot } from '@motcua/shared';

/** Lower-case, without Vietnamese diacritics (đ → d), single spaces. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

type CatalogView = Pick<Snapshot, 'fields' | 'services' | 'procedures' | 'counters'>;

/**
 * One thing a citizen can take a ticket for: a procedure (thủ tục), or a service that has no
 * procedures listed (e.g. "Nhận kết quả hồ sơ"), which is then chosen by itself.
 */
export interface Choice {
  key: string;
  procedureId: string | null;
  serviceId: string;
  fieldId: string;
  name: LocalizedText;
  nationalCode: string | null;
}

function servable(s: CatalogView, serviceId: string): boolean {
  const service = s.services.find((x) => x.id === serviceId);
  if (!service?.active) return false;
  return s.counters.some((c) => servesService(c, serviceId));
}

/** Everything a ticket can be taken for: the service is active and some counter serves it. */
export function availableChoices(s: CatalogView): Choice[] {
  const procs: Choice[] = s.procedures.filter((p) => servable(s, p.serviceId)).map((p) => ({ key: p.id, procedureId: p.id, serviceId: p.serviceId, fieldId: p.fieldId, name: p.name, nationalCode: p.nationalCode }));
  const bare: Choice[] = s.services
    .filter((sv) => servable(s, sv.id) && !s.procedures.some((p) => p.serviceId === sv.id))
    .map((sv) => ({ key: `service:${sv.id}`, procedureId: null, serviceId: sv.id, fieldId: sv.fieldId, name: sv.name, nationalCode: null }));
  return [...procs, ...bare];
}

/** Fields that have something to choose, in the centre's order. */
export function availableFields(s: CatalogView): Field[] {
  const choices = availableChoices(s);
  return [...s.fields].filter((f) => choices.some((c) => c.fieldId === f.id)).sort((a, b) => a.sortOrder - b.sortOrder || a.name.vi.localeCompare(b.name.vi, 'vi'));
}

export function choicesOfField(s: CatalogView, fieldId: string): Choice[] {
  return availableChoices(s).filter((c) => c.fieldId === fieldId);
}

/**
 * What citizens call things, folded, and the catalogue words they mean ("sổ đỏ" is the land-use
 * certificate: Đất đai). A query containing the phrase is also searched as those words, ranked first.
 */
export const SEARCH_SYNONYMS: readonly (readonly [string, string])[] = [
  ['so do', 'dat dai'],
  ['so hong', 'dat dai'],
  ['nha dat', 'dat dai'],
  ['quyen su dung dat', 'dat dai'],
  ['sang ten', 'dat dai'],
  ['giay khai sinh', 'khai sinh'],
  ['lam khai sinh', 'khai sinh'],
  ['dang ky ket hon', 'ket hon'],
  ['sao y', 'chung thuc'],
  ['cong chung', 'chung thuc'],
  ['photo', 'chung thuc'],
  ['giay phep kinh doanh', 'kinh doanh'],
  ['mo cua hang', 'kinh doanh'],
  ['bhxh', 'bao hiem xa hoi'],
  ['lay ket qua', 'ket qua'],
];

/** How well one set of query words matches a choice (0: some word is not there). */
function matchScore(words: readonly string[], phrase: string, hay: { name: string; field: string; en: string; code: string }): number {
  const tokens = { name: hay.name.split(' '), field: hay.field.split(' '), en: hay.en.split(' '), code: [hay.code] };
  let score = 0;
  for (const w of words) {
    const inName = tokens.name.includes(w) ? 4 : tokens.name.some((t) => t.startsWith(w)) ? 3 : 0;
    const inField = tokens.field.includes(w) ? 3 : tokens.field.some((t) => t.startsWith(w)) ? 2 : 0;
    const inEn = tokens.en.includes(w) ? 2 : tokens.en.some((t) => t.startsWith(w)) ? 1 : 0;
    const inCode = tokens.code.some((t) => t !== '' && t.startsWith(w)) ? 1 : 0;
    const best = Math.max(inName, inField, inEn, inCode);
    if (best === 0) return 0;
    score += best;
  }
  // The whole phrase as the citizen typed it, in the Vietnamese name or the field's: the obvious match.
  if (words.length > 1 && (` ${hay.name} `.includes(` ${phrase} `) || ` ${hay.field} `.includes(` ${phrase} `))) score += 5;
  return score;
}

/**
 * Search by name (Vietnamese or English, accents optional, every word must begin a word of the
 * procedure's name, its field's name or its English name) or by national code ("1.001193",
 * "1001193" or a prefix of either), and by the synonyms above. Code matches come first; then the
 * best match first: a synonym's field, whole words over word beginnings, the Vietnamese name over
 * the field over the English name, the whole phrase as typed.
 */
export function searchChoices(s: CatalogView, query: string): Choice[] {
  const q = fold(query);
  if (!q) return [];
  const choices = availableChoices(s);
  const digits = q.replace(/[^0-9]/g, '');
  const looksLikeCode = /^[0-9.\s]+$/.test(q) && digits.length >= 2;
  const byCode = looksLikeCode ? choices.filter((c) => c.nationalCode !== null && (c.nationalCode.startsWith(q.replace(/\s/g, '')) || c.nationalCode.replace(/\D/g, '').startsWith(digits))) : [];
  const words = q.split(' ').filter(Boolean);
  const meant = SEARCH_SYNONYMS.filter(([phrase]) => ` ${q} `.includes(` ${phrase} `)).map(([, target]) => target);
  const fields = new Map(s.fields.map((f) => [f.id, { vi: fold(f.name.vi), en: fold(f.name.en) }]));
  const scored = choices
    .filter((c) => !byCode.includes(c))
    .map((c, i) => {
      const f = fields.get(c.fieldId);
      const hay = { name: fold(c.name.vi), field: f?.vi ?? '', en: `${fold(c.name.en)} ${f?.en ?? ''}`, code: c.nationalCode ?? '' };
      const direct = matchScore(words, q, hay);
      const viaSynonym = Math.max(0, ...meant.map((target) => {
        const m = matchScore(target.split(' '), target, hay);
        return m > 0 ? m + 100 : 0;
      }));
      return { c, i, score: Math.max(direct, viaSynonym) };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  return [...byCode, ...scored.map((x) => x.c)];
}

/** Counters that may call this service, primary ones first, by number. */
export function countersFor(counters: readonly Counter[], serviceId: string): Counter[] {
  const primary = counters.filter((c) => skillLevel(c, serviceId) === 'primary').sort((a, b) => a.number - b.number);
  const secondary = counters.filter((c) => skillLevel(c, serviceId) === 'secondary').sort((a, b) => a.number - b.number);
  return [...primary, ...secondary];
}

export function loadOf(loads: readonly ServiceLoad[], serviceId: string): ServiceLoad | null {
  return loads.find((l) => l.serviceId === serviceId) ?? null;
}

/**
 * A field's tile: what a new ticket of its services would be told now (shared place-and-wait.ts),
 * as a span over those services, and how many wait in the field.
 */
export function fieldPlace(s: CatalogView & Pick<Snapshot, 'loads'>, fieldId: string): (PlaceSpan & { waiting: number }) | null {
  const serviceIds = [...new Set(choicesOfField(s, fieldId).map((c) => c.serviceId))];
  const loads = serviceIds.map((id) => loadOf(s.loads, id)).filter((l): l is ServiceLoad => l !== null);
  const span = spanOf(loads.map((l) => l.next));
  return span && { ...span, waiting: loads.reduce((n, l) => n + l.waiting, 0) };
}

export function name(x: { name: { vi: string; en: string } }, lang: Lang): string {
  return x.name[lang];
}

export function serviceOf(s: Pick<Snapshot, 'services'>, id: string): Service | null {
  return s.services.find((x) => x.id === id) ?? null;
}
