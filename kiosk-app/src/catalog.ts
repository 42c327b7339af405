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
 * Search by name (Vietnamese or English, accents optional, every word must appear, the field's
 * name counts) or by national code ("1.001193", "1001193" or a prefix of either). Code matches
 * come first.
 */
export function searchChoices(s: CatalogView, query: string): Choice[] {
  const q = fold(query);
  if (!q) return [];
  const choices = availableChoices(s);
  const digits = q.replace(/[^0-9]/g, '');
  const looksLikeCode = /^[0-9.\s]+$/.test(q) && digits.length >= 2;
  const byCode = looksLikeCode ? choices.filter((c) => c.nationalCode !== null && (c.nationalCode.startsWith(q.replace(/\s/g, '')) || c.nationalCode.replace(/\D/g, '').startsWith(digits))) : [];
  const words = q.split(' ').filter(Boolean);
  const fieldName = new Map(s.fields.map((f) => [f.id, `${fold(f.name.vi)} ${fold(f.name.en)}`]));
  const byName = choices.filter((c) => {
    if (byCode.includes(c)) return false;
    const hay = `${fold(c.name.vi)} ${fold(c.name.en)} ${fieldName.get(c.fieldId) ?? ''} ${c.nationalCode ?? ''}`;
    return words.every((w) => hay.includes(w));
  });
  return [...byCode, ...byName];
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
