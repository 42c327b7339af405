/**
 * Voice packs: a folder of recorded clips plus a `manifest.json` that maps each spoken word or
 * phrase to its clip, so a centre can drop in a professional recording in place of the default
 * pack. `planAnnouncement` turns a call into what to play: the chime, then per language either
 * the pack's clips (every word recorded) or, when a word is missing or there is no pack, the
 * sentence for speech synthesis.
 *
 * manifest.json:
 * ```json
 * { "format": 1, "id": "vi-studio", "name": "…", "lang": "vi", "chime": "chime.wav",
 *   "gapMs": 30, "numberStyle": { "thousand": "ngàn" },
 *   "clips": { "mời công dân có số thứ tự": "intro.wav", "một": "mot.wav", "mốt": "mot-sac.wav", … } }
 * ```
 */
import { z } from 'zod';
import { announcementSentence, requiredVoicePackWords, type AnnouncementLang, type CallToAnnounce, type SpokenSentence } from './announcement';

export const VOICE_PACK_FORMAT = 1;

/** A clip path inside the pack's folder: no absolute paths, no "..", a known audio type. */
export const VoicePackClipPath = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*\.(wav|ogg|oga|opus|mp3|m4a|webm|flac)$/i, 'đường dẫn tệp âm thanh trong thư mục gói (a clip file inside the pack folder)');

export const VoicePackManifest = z.object({
  format: z.literal(VOICE_PACK_FORMAT),
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().min(1).max(200),
  lang: z.enum(['vi', 'en']),
  /** Who or what made the recordings, and under which licence. */
  source: z.string().max(500).optional(),
  license: z.string().max(200).optional(),
  /** Played before an announcement (the first language's pack that has one). */
  chime: VoicePackClipPath.optional(),
  /** The fixed phrases as this pack recorded them, when they differ from the default wording. */
  phrases: z.object({ intro: z.string().min(1).max(200), toCounter: z.string().min(1).max(200) }).optional(),
  /** How the recording reads numbers (Vietnamese): nghìn/ngàn, lẻ/linh, bốn/tư. */
  numberStyle: z
    .object({ thousand: z.enum(['nghìn', 'ngàn']), zeroTens: z.enum(['lẻ', 'linh']), fourAfterTens: z.enum(['bốn', 'tư']) })
    .partial()
    .optional(),
  /** Silence between clips, in milliseconds. */
  gapMs: z.number().int().min(0).max(1000).default(0),
  /** Spoken word or phrase (lower case) → clip file. */
  clips: z.record(z.string().min(1).max(200), VoicePackClipPath),
});
export type VoicePackManifest = z.infer<typeof VoicePackManifest>;

/** A manifest and the URL (or folder) its clip paths are relative to. */
export interface VoicePack {
  manifest: VoicePackManifest;
  /** Ends with "/". */
  baseUrl: string;
}

function normalizeWord(w: string): string {
  return w.normalize('NFC').trim().toLocaleLowerCase('vi');
}

function joinUrl(base: string, path: string): string {
  return base.endsWith('/') ? base + path : `${base}/${path}`;
}

/** The clip URL for each word, or the words the pack has no clip for. */
export function resolveClips(pack: VoicePack, words: readonly string[]): { ok: true; urls: string[] } | { ok: false; missing: string[] } {
  const byWord = new Map(Object.entries(pack.manifest.clips).map(([w, f]) => [normalizeWord(w), f]));
  const urls: string[] = [];
  const missing: string[] = [];
  for (const w of words) {
    const file = byWord.get(normalizeWord(w));
    if (file) urls.push(joinUrl(pack.baseUrl, file));
    else missing.push(w);
  }
  return missing.length ? { ok: false, missing: [...new Set(missing)] } : { ok: true, urls };
}

/** Words a pack lacks to announce every ticket at every counter (empty = complete). */
export function missingVoicePackWords(manifest: VoicePackManifest): string[] {
  const words = requiredVoicePackWords(manifest.lang, { phrases: manifest.phrases, numberStyle: manifest.numberStyle });
  const have = new Set(Object.keys(manifest.clips).map(normalizeWord));
  return words.filter((w) => !have.has(normalizeWord(w)));
}

export type PlayStep =
  | { kind: 'chime'; url: string }
  /** No chime clip anywhere: the player makes a two-tone chime itself. */
  | { kind: 'tone' }
  | { kind: 'clips'; lang: AnnouncementLang; urls: string[]; gapMs: number }
  | { kind: 'speech'; lang: AnnouncementLang; text: string; /** Why it is not played from clips. */ missing: string[] };

export interface AnnouncementPlan {
  sentences: SpokenSentence[];
  steps: PlayStep[];
}

export interface PlanOptions {
  /** Languages in the order they are announced; Vietnamese first. */
  languages: readonly AnnouncementLang[];
  packs: Partial<Record<AnnouncementLang, VoicePack>>;
  chime?: boolean;
}

/** What to play for one call (or recall): chime, then each language from its pack or by speech. */
export function planAnnouncement(call: CallToAnnounce, options: PlanOptions): AnnouncementPlan {
  const steps: PlayStep[] = [];
  const sentences: SpokenSentence[] = [];
  if (options.chime !== false) {
    const withChime = options.languages.map((l) => options.packs[l]).find((p) => p?.manifest.chime);
    steps.push(withChime?.manifest.chime ? { kind: 'chime', url: joinUrl(withChime.baseUrl, withChime.manifest.chime) } : { kind: 'tone' });
  }
  for (const lang of options.languages) {
    const pack = options.packs[lang];
    const sentence = announcementSentence(call, lang, pack ? { phrases: pack.manifest.phrases, numberStyle: pack.manifest.numberStyle } : {});
    sentences.push(sentence);
    const resolved = pack ? resolveClips(pack, sentence.words) : null;
    if (pack && resolved?.ok) steps.push({ kind: 'clips', lang, urls: resolved.urls, gapMs: pack.manifest.gapMs });
    else steps.push({ kind: 'speech', lang, text: sentence.text, missing: resolved && !resolved.ok ? resolved.missing : [] });
  }
  return { sentences, steps };
}
