import { describe, expect, it } from 'vitest';
import { requiredVoicePackWords } from './announcement';
import { missingVoicePackWords, planAnnouncement, resolveClips, VoicePackManifest, type VoicePack } from './voice-pack';

function fullPack(lang: 'vi' | 'en', extra: Partial<VoicePackManifest> = {}): VoicePack {
  const clips = Object.fromEntries(requiredVoicePackWords(lang).map((w, i) => [w, `w${i}.wav`]));
  return { manifest: VoicePackManifest.parse({ format: 1, id: `test-${lang}`, name: 'test', lang, clips, ...extra }), baseUrl: `/voice/${lang}/` };
}

const fileOf = (pack: VoicePack, word: string): string => `${pack.baseUrl}${pack.manifest.clips[word]}`;

describe('planAnnouncement', () => {
  it('plays the chime, then one clip per word of the Vietnamese sentence', () => {
    const vi = fullPack('vi', { chime: 'chime.wav', gapMs: 20 });
    const plan = planAnnouncement({ number: '1023', counterNumber: 3 }, { languages: ['vi'], packs: { vi } });
    const words = ['mời công dân có số thứ tự', 'một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'ba', 'đến quầy số', 'ba'];
    expect(plan.steps).toEqual([
      { kind: 'chime', url: '/voice/vi/chime.wav' },
      { kind: 'clips', lang: 'vi', urls: words.map((w) => fileOf(vi, w)), gapMs: 20 },
    ]);
  });

  it('announces in English after Vietnamese when asked', () => {
    const plan = planAnnouncement({ number: '21', counterNumber: 5 }, { languages: ['vi', 'en'], packs: { vi: fullPack('vi'), en: fullPack('en') } });
    expect(plan.steps.map((s) => s.kind)).toEqual(['tone', 'clips', 'clips']);
    expect(plan.sentences.map((s) => s.text)).toEqual(['Mời công dân có số thứ tự hai mươi mốt, đến quầy số năm.', 'Ticket number twenty one, please go to counter five.']);
  });

  it('falls back to speech for a language whose pack lacks a word or is absent', () => {
    const partial = fullPack('vi');
    delete partial.manifest.clips['mốt'];
    const plan = planAnnouncement({ number: '1021', counterNumber: 1 }, { languages: ['vi', 'en'], packs: { vi: partial }, chime: false });
    expect(plan.steps).toEqual([
      { kind: 'speech', lang: 'vi', text: 'Mời công dân có số thứ tự một nghìn không trăm hai mươi mốt, đến quầy số một.', missing: ['mốt'] },
      { kind: 'speech', lang: 'en', text: 'Ticket number one thousand twenty one, please go to counter one.', missing: [] },
    ]);
  });

  it('matches words regardless of case and Unicode composition', () => {
    const pack: VoicePack = { manifest: VoicePackManifest.parse({ format: 1, id: 'x', name: 'x', lang: 'vi', clips: { ['MƯƠI'.normalize('NFD')]: 'muoi.wav' } }), baseUrl: '/p' };
    expect(resolveClips(pack, ['mươi'])).toEqual({ ok: true, urls: ['/p/muoi.wav'] });
  });
});

describe('VoicePackManifest', () => {
  it('refuses clip paths outside the pack folder', () => {
    for (const bad of ['../secret.wav', '/etc/passwd.wav', 'a/../../b.wav', 'http://x/y.wav', 'clip.exe']) {
      expect(VoicePackManifest.safeParse({ format: 1, id: 'x', name: 'x', lang: 'vi', clips: { một: bad } }).success, bad).toBe(false);
    }
    expect(VoicePackManifest.safeParse({ format: 1, id: 'x', name: 'x', lang: 'vi', clips: { một: 'so/mot.ogg' } }).success).toBe(true);
  });

  it('tells a centre which words its recording lacks', () => {
    const pack = fullPack('vi');
    expect(missingVoicePackWords(pack.manifest)).toEqual([]);
    delete pack.manifest.clips['lăm'];
    expect(missingVoicePackWords(pack.manifest)).toEqual(['lăm']);
  });
});
