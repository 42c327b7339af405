/**
 * What one board shows and says, from its URL, so a centre runs several boards from the same
 * build: /display/?zone=A, /display/?fields=f-ho-tich,f-dat-dai&lang=vi,en, …
 *
 * | param     | meaning                                                        | default        |
 * |-----------|----------------------------------------------------------------|----------------|
 * | fields    | field ids or codes to show (comma separated)                   | all            |
 * | zone      | only counters of this zone (and the fields they serve)         | all            |
 * | counters  | only these counter numbers (comma separated)                   | all            |
 * | recent    | how many recent calls to list (3–12)                           | 8              |
 * | lang      | announcement languages in order: vi, en                        | vi             |
 * | sound     | 0/off to keep the board silent                                 | on             |
 * | voice     | folder of the Vietnamese voice pack (with manifest.json)       | voice/vi/      |
 * | voiceEn   | folder of the English voice pack                               | voice/en/      |
 * | ticker    | ticker messages, separated by "|"                              | built-in       |
 * | title     | a line under the centre's name ("Khu A – Hộ tịch")             | none           |
 * | stale     | seconds after which a call is no longer "now calling" (15–1800) | 120           |
 * | flash     | seconds a new call flashes (0–60)                              | 10             |
 * | announceWithin | seconds: calls older than this when first seen are not announced (5–300) | 30 |
 *
 * The device token from pairing goes in the fragment, never the query: `/display/?zone=A#token=…`.
 * A fragment is not sent to the server, so the token is neither in the hub's request log nor in
 * the Referer of the page's asset requests (issue 14, item 7); the board stores it and removes it
 * from the address bar. A `?token=` in the query is ignored.
 */
import type { AnnouncementLang } from '@motcua/shared';
import { t } from './i18n';

export interface BoardConfig {
  fields: string[] | null;
  zone: string | null;
  counters: number[] | null;
  recent: number;
  languages: AnnouncementLang[];
  sound: boolean;
  voiceVi: string;
  voiceEn: string;
  ticker: string[];
  title: string | null;
  staleMs: number;
  flashMs: number;
  announceWithinMs: number;
  token: string | null;
}

export const DEFAULT_TICKER: readonly string[] = (['tickerKeepTicket', 'tickerFollow', 'tickerPriority', 'tickerAnywhere'] as const).map(
  (key) => `${t('vi', key)} — ${t('en', key)}`,
);

function list(v: string | null): string[] | null {
  if (v === null) return null;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : null;
}

function int(v: string | null, def: number, min: number, max: number): number {
  const n = v === null ? Number.NaN : Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : def;
}

function folder(v: string | null, def: string): string {
  const s = v?.trim() || def;
  return s.endsWith('/') ? s : `${s}/`;
}

/** The device token in a URL fragment (`#token=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim() || null;
}

/** Reads the board's URL query (and the token from the fragment); unknown or malformed values fall back to the defaults. */
export function parseBoardConfig(search: string, base = '/display/', hash = ''): BoardConfig {
  const q = new URLSearchParams(search);
  const langs = (list(q.get('lang')) ?? ['vi']).map((l) => l.toLowerCase()).filter((l): l is AnnouncementLang => l === 'vi' || l === 'en');
  const counters = list(q.get('counters'))
    ?.map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const ticker = q
    .get('ticker')
    ?.split('|')
    .map((s) => s.trim())
    .filter(Boolean);
  const sound = q.get('sound')?.toLowerCase();
  return {
    fields: list(q.get('fields')),
    zone: q.get('zone')?.trim() || null,
    counters: counters?.length ? counters : null,
    recent: int(q.get('recent'), 8, 3, 12),
    languages: langs.length ? [...new Set(langs)] : ['vi'],
    sound: !(sound === '0' || sound === 'off' || sound === 'false' || sound === 'no'),
    voiceVi: folder(q.get('voice'), `${base}voice/vi/`),
    voiceEn: folder(q.get('voiceEn'), `${base}voice/en/`),
    ticker: ticker?.length ? ticker : [...DEFAULT_TICKER],
    title: q.get('title')?.trim() || null,
    staleMs: int(q.get('stale'), 120, 15, 1800) * 1000,
    flashMs: int(q.get('flash'), 10, 0, 60) * 1000,
    announceWithinMs: int(q.get('announceWithin'), 30, 5, 300) * 1000,
    token: tokenFromHash(hash),
  };
}
