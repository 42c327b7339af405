/**
 * Generates the default voice packs (public/voice/vi, public/voice/en) offline with espeak-ng:
 * one WAV clip per word or phrase any announcement needs (see `requiredVoicePackWords`), trimmed
 * of silence, plus a synthesized two-tone chime and a manifest.json. The output is committed, so
 * `npm ci && npm start` works on a machine without espeak-ng; rerun this after changing the
 * wording or the number reading:
 *
 *   apt-get install -y espeak-ng && npx tsx display-board/scripts/make-voice-pack.ts
 *
 * A centre replaces a pack by dropping its own folder (clips + manifest.json in the same format)
 * next to these and pointing the board at it (?voice=/display/voice/<folder>).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingVoicePackWords, requiredVoicePackWords, VOICE_PACK_FORMAT, VoicePackManifest, type AnnouncementLang } from '@motcua/shared';

const OUT = join(import.meta.dirname, '..', 'public', 'voice');
const RATE = 22050;

const VOICES: Record<AnnouncementLang, { voice: string; speed: number; name: string }> = {
  vi: { voice: 'vi', speed: 160, name: 'espeak-ng, giọng tiếng Việt (miền Bắc)' },
  en: { voice: 'en-us', speed: 165, name: 'espeak-ng, English (US)' },
};

/** 16-bit mono PCM samples of a WAV file (espeak-ng writes 22050 Hz mono). */
function readWav(buf: Buffer): { rate: number; samples: Int16Array } {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let off = 12;
  let rate = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      const channels = buf.readUInt16LE(off + 10);
      rate = buf.readUInt32LE(off + 12);
      const bits = buf.readUInt16LE(off + 22);
      if (channels !== 1 || bits !== 16) throw new Error(`expected 16-bit mono, got ${channels} ch ${bits} bit`);
    } else if (id === 'data') {
      // espeak-ng writing to a pipe leaves the size as 0x7fffffff: take the rest of the file.
      size = Math.min(size, buf.length - off - 8);
      const copy = Buffer.from(buf.subarray(off + 8, off + 8 + size - (size % 2)));
      return { rate, samples: new Int16Array(copy.buffer, copy.byteOffset, copy.byteLength / 2) };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('WAV without data');
}

function writeWav(samples: Int16Array, rate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** Cuts leading and trailing silence, keeping a few milliseconds so words do not click. */
function trimSilence(samples: Int16Array, rate: number, threshold = 400, padMs = 12): Int16Array {
  let start = 0;
  let end = samples.length - 1;
  while (start < end && Math.abs(samples[start] ?? 0) < threshold) start++;
  while (end > start && Math.abs(samples[end] ?? 0) < threshold) end--;
  const pad = Math.round((rate * padMs) / 1000);
  return samples.slice(Math.max(0, start - pad), Math.min(samples.length, end + pad + 1));
}

/** A two-tone "ding-dong" (E5 then C5) with soft harmonics and an exponential decay. */
function chime(rate: number): Int16Array {
  const notes = [659.25, 523.25];
  const noteLen = Math.round(rate * 0.55);
  const out = new Int16Array(noteLen * notes.length + Math.round(rate * 0.1));
  notes.forEach((f, n) => {
    for (let i = 0; i < noteLen; i++) {
      const t = i / rate;
      const env = Math.min(1, t / 0.01) * Math.exp(-t * 4.5);
      const v = Math.sin(2 * Math.PI * f * t) + 0.35 * Math.sin(2 * Math.PI * 2 * f * t) + 0.12 * Math.sin(2 * Math.PI * 3 * f * t);
      out[n * noteLen + i] = Math.round(v * env * 0.45 * 32767 * 0.68);
    }
  });
  return out;
}

function slug(word: string): string {
  const ascii = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const hash = createHash('sha1').update(word.normalize('NFC')).digest('hex').slice(0, 6);
  return `${ascii.slice(0, 40) || 'w'}-${hash}`;
}

function speak(voice: string, speed: number, text: string): Int16Array {
  const wav = execFileSync('espeak-ng', ['-v', voice, '-s', String(speed), '-g', '2', '--stdout', text], { maxBuffer: 16 * 1024 * 1024 });
  const { rate, samples } = readWav(wav);
  if (rate !== RATE) throw new Error(`espeak-ng wrote ${rate} Hz, expected ${RATE}`);
  return trimSilence(samples, rate);
}

function version(): string {
  return execFileSync('espeak-ng', ['--version'], { encoding: 'utf8' }).split('  ')[0]?.trim() ?? 'espeak-ng';
}

let total = 0;
for (const lang of ['vi', 'en'] as const) {
  const dir = join(OUT, lang);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.wav') || f === 'manifest.json') rmSync(join(dir, f));
  const { voice, speed, name } = VOICES[lang];
  const clips: Record<string, string> = {};
  for (const word of requiredVoicePackWords(lang)) {
    const file = `${slug(word)}.wav`;
    const wav = writeWav(speak(voice, speed, word), RATE);
    writeFileSync(join(dir, file), wav);
    clips[word] = file;
    total += wav.length;
  }
  let chimeFile: string | undefined;
  if (lang === 'vi') {
    const wav = writeWav(chime(RATE), RATE);
    writeFileSync(join(dir, 'chime.wav'), wav);
    chimeFile = 'chime.wav';
    total += wav.length;
  }
  const manifest = VoicePackManifest.parse({
    format: VOICE_PACK_FORMAT,
    id: `espeak-ng-${lang}`,
    name,
    lang,
    source: `${version()}, voice "${voice}", ${speed} words/min; generated by display-board/scripts/make-voice-pack.ts`,
    license: 'Generated speech clips (espeak-ng is GPL-3.0-or-later; its output is not). Chime synthesized by the script.',
    ...(chimeFile ? { chime: chimeFile } : {}),
    gapMs: 30,
    clips,
  });
  const missing = missingVoicePackWords(manifest);
  if (missing.length) throw new Error(`pack ${lang} lacks ${missing.join(', ')}`);
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`voice pack ${lang}: ${Object.keys(clips).length} clips → ${dir}`);
}
console.log(`total ${(total / 1024 / 1024).toFixed(2)} MB`);
