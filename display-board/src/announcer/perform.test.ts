import { describe, expect, it } from 'vitest';
import { planAnnouncement, requiredVoicePackWords, VoicePackManifest, type AnnouncementLang, type VoicePack } from '@motcua/shared';
import { performWith, type AudioOutput } from './perform';
import type { AnnouncementJob, AnnouncementRecord } from './queue';

/** Clip files are named w0.wav, w1.wav…; `wordOf` maps a played URL back to its word. */
const wordByFile = new Map<string, string>();
function pack(lang: AnnouncementLang): VoicePack {
  const clips = Object.fromEntries(
    requiredVoicePackWords(lang).map((w, i) => {
      wordByFile.set(`/v/${lang}/w${i}.wav`, w.replace(/\s+/g, '_'));
      return [w, `w${i}.wav`];
    }),
  );
  return { manifest: VoicePackManifest.parse({ format: 1, id: `p-${lang}`, name: 'p', lang, chime: lang === 'vi' ? 'chime.wav' : undefined, clips }), baseUrl: `/v/${lang}/` };
}

/** Records what it was asked to play; `fail` makes a kind of output reject. */
function output(fail: Partial<Record<'clips' | 'tone' | 'speech', boolean>> = {}) {
  const heard: string[] = [];
  const out: AudioOutput = {
    playClips: (urls) => {
      if (fail.clips) return Promise.reject(new Error('decode failed'));
      heard.push(...urls.map((u) => wordByFile.get(u) ?? u));
      return Promise.resolve();
    },
    playTone: () => {
      if (fail.tone) return Promise.reject(new Error('no audio'));
      heard.push('(tone)');
      return Promise.resolve();
    },
    speak: (text, lang) => {
      if (fail.speech) return Promise.reject(new Error('no voice'));
      heard.push(`(${lang}) ${text}`);
      return Promise.resolve();
    },
  };
  return { out, heard };
}

function run(job: AnnouncementJob, out: AudioOutput) {
  const record: AnnouncementRecord = { key: job.key, number: job.number, counterNumber: job.counterNumber, recall: false, steps: job.plan.steps, status: 'playing', queuedAt: 0, startedAt: 0, endedAt: null, played: [], error: null };
  return { record, done: performWith(out, () => 0)(job, record) };
}

const jobFor = (number: string, counterNumber: number, languages: AnnouncementLang[], packs: Partial<Record<AnnouncementLang, VoicePack>>): AnnouncementJob => ({
  key: 'k', number, counterNumber, recall: false, plan: planAnnouncement({ number, counterNumber }, { languages, packs }),
});

describe('performWith', () => {
  it('plays the chime, then the clips of "Mời công dân có số thứ tự một nghìn không trăm hai mươi ba đến quầy số ba"', async () => {
    const { out, heard } = output();
    const { record, done } = run(jobFor('1023', 3, ['vi'], { vi: pack('vi') }), out);
    await done;
    expect(heard).toEqual(['/v/vi/chime.wav', 'mời_công_dân_có_số_thứ_tự', 'một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'ba', 'đến_quầy_số', 'ba']);
    expect(record.played.map((p) => p.via)).toEqual(['clips', 'clips']);
  });

  it('adds the English sentence after the Vietnamese one', async () => {
    const { out, heard } = output();
    await run(jobFor('25', 15, ['vi', 'en'], { vi: pack('vi'), en: pack('en') }), out).done;
    expect(heard).toEqual(['/v/vi/chime.wav', 'mời_công_dân_có_số_thứ_tự', 'hai', 'mươi', 'lăm', 'đến_quầy_số', 'mười', 'lăm', 'ticket_number', 'twenty', 'five', 'please_go_to_counter', 'fifteen']);
  });

  it('falls back to a built-in tone and to speech when clips cannot play', async () => {
    const { out, heard } = output({ clips: true });
    const { record, done } = run(jobFor('105', 2, ['vi'], { vi: pack('vi') }), out);
    await done;
    expect(heard).toEqual(['(tone)', '(vi) Mời công dân có số thứ tự một trăm lẻ năm, đến quầy số hai.']);
    expect(record.played.map((p) => p.via)).toEqual(['tone', 'speech']);
    expect(record.played[1]?.error).toMatch(/decode failed/);
  });

  it('fails when nothing could be heard', async () => {
    const { out } = output({ clips: true, tone: true, speech: true });
    await expect(run(jobFor('1', 1, ['vi'], {}), out).done).rejects.toThrow(/no voice/);
  });
});
