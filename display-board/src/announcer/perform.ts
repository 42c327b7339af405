/**
 * Plays an announcement plan step by step on an audio output, each step awaited before the
 * next: the chime (or a built-in tone if the pack's chime cannot play), then each language from
 * its clips, falling back to speech synthesis when a clip cannot be loaded or played. A step
 * that cannot be played at all is recorded and skipped; the announcement fails only if nothing
 * could be heard.
 */
import type { AnnouncementLang } from '@motcua/shared';
import type { AnnouncementJob, AnnouncementRecord, Perform, PlayedStep } from './queue';

export interface AudioOutput {
  /** Plays the clips back to back with `gapMs` of silence between them; resolves when the last ends. */
  playClips(urls: readonly string[], gapMs: number): Promise<void>;
  /** A two-tone chime made by the output itself. */
  playTone(): Promise<void>;
  /** Speech synthesis; rejects when there is none, or no voice for the language. */
  speak(text: string, lang: AnnouncementLang): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function performWith(out: AudioOutput, now: () => number): Perform {
  return async (job: AnnouncementJob, record: AnnouncementRecord) => {
    for (const step of job.plan.steps) {
      const startedAt = now();
      let via: PlayedStep['via'] = 'none';
      const errors: string[] = [];
      const attempt = async (kind: PlayedStep['via'], fn: () => Promise<void>): Promise<boolean> => {
        try {
          await fn();
          via = kind;
          return true;
        } catch (e) {
          errors.push(`${kind}: ${message(e)}`);
          return false;
        }
      };
      switch (step.kind) {
        case 'chime':
          if (!(await attempt('clips', () => out.playClips([step.url], 0)))) await attempt('tone', () => out.playTone());
          break;
        case 'tone':
          await attempt('tone', () => out.playTone());
          break;
        case 'clips': {
          if (await attempt('clips', () => out.playClips(step.urls, step.gapMs))) break;
          const sentence = job.plan.sentences.find((s) => s.lang === step.lang);
          if (sentence) await attempt('speech', () => out.speak(sentence.text, step.lang));
          break;
        }
        case 'speech':
          await attempt('speech', () => out.speak(step.text, step.lang));
          break;
      }
      record.played.push({ step, via, startedAt, endedAt: now(), ...(errors.length ? { error: errors.join('; ') } : {}) });
    }
    const spoken = record.played.filter((p) => p.step.kind === 'clips' || p.step.kind === 'speech');
    if (spoken.length && spoken.every((p) => p.via === 'none')) throw new Error(spoken.map((p) => p.error).join('; '));
  };
}
