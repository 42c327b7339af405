/**
 * The browser's audio: voice-pack clips decoded once and scheduled back to back on one Web Audio
 * clock (gapless, no overlap), a synthesized chime, and speech synthesis as the fallback.
 * Browsers may refuse to start audio before someone touches the page (autoplay policy): then
 * `state()` is 'blocked' and the board shows a button that calls `unlock()`. TVs in kiosk mode
 * and the Electron shell allow autoplay.
 */
import type { AnnouncementLang } from '@motcua/shared';
import type { AudioOutput } from './perform';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export type AudioState = 'running' | 'blocked' | 'unavailable';

export class WebAudioOutput implements AudioOutput {
  private readonly ctx: AudioContext | null;
  private readonly buffers = new Map<string, Promise<AudioBuffer>>();

  constructor() {
    let ctx: AudioContext | null = null;
    try {
      ctx = new AudioContext({ latencyHint: 'playback' });
    } catch {
      ctx = null;
    }
    this.ctx = ctx;
  }

  state(): AudioState {
    if (!this.ctx) return 'unavailable';
    return this.ctx.state === 'running' ? 'running' : 'blocked';
  }

  /** Call from a user gesture (a tap) to let audio start. */
  async unlock(): Promise<void> {
    await this.ctx?.resume();
    // Chrome lets speech synthesis speak only after a gesture too; an empty utterance unlocks it.
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.speak(new SpeechSynthesisUtterance(''));
  }

  /** Fetches and decodes clips ahead of the first call, so it starts without delay. */
  async preload(urls: readonly string[]): Promise<void> {
    await Promise.allSettled(urls.map((u) => this.load(u)));
  }

  private load(url: string): Promise<AudioBuffer> {
    const ctx = this.ctx;
    if (!ctx) return Promise.reject(new Error('Web Audio is not available'));
    let p = this.buffers.get(url);
    if (!p) {
      p = fetch(url)
        .then((r) => {
          if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
          return r.arrayBuffer();
        })
        .then((b) => ctx.decodeAudioData(b));
      // A failed load is retried next time rather than remembered.
      p.catch(() => this.buffers.delete(url));
      this.buffers.set(url, p);
    }
    return p;
  }

  private async running(): Promise<AudioContext> {
    const ctx = this.ctx;
    if (!ctx) throw new Error('Web Audio is not available');
    if (ctx.state !== 'running') await Promise.race([ctx.resume(), sleep(300)]);
    if (ctx.state !== 'running') throw new Error('the browser blocks audio until someone taps the screen');
    return ctx;
  }

  private schedule(ctx: AudioContext, buffers: readonly AudioBuffer[], gapMs: number): Promise<void> {
    let t = ctx.currentTime + 0.05;
    let last: AudioBufferSourceNode | null = null;
    for (const b of buffers) {
      const src = ctx.createBufferSource();
      src.buffer = b;
      src.connect(ctx.destination);
      src.start(t);
      t += b.duration + gapMs / 1000;
      last = src;
    }
    const totalMs = (t - ctx.currentTime) * 1000;
    return new Promise((resolve) => {
      // `ended` is the signal; the timer only guards against an output that never reports it.
      const timer = setTimeout(resolve, totalMs + 1000);
      if (!last) {
        clearTimeout(timer);
        resolve();
        return;
      }
      last.onended = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async playClips(urls: readonly string[], gapMs: number): Promise<void> {
    const ctx = await this.running();
    const buffers = await Promise.all(urls.map((u) => this.load(u)));
    await this.schedule(ctx, buffers, gapMs);
  }

  async playTone(): Promise<void> {
    const ctx = await this.running();
    const rate = ctx.sampleRate;
    const noteLen = Math.round(rate * 0.55);
    const buffer = ctx.createBuffer(1, noteLen * 2, rate);
    const data = buffer.getChannelData(0);
    [659.25, 523.25].forEach((f, n) => {
      for (let i = 0; i < noteLen; i++) {
        const t = i / rate;
        const env = Math.min(1, t / 0.01) * Math.exp(-t * 4.5);
        data[n * noteLen + i] = (Math.sin(2 * Math.PI * f * t) + 0.35 * Math.sin(4 * Math.PI * f * t)) * env * 0.3;
      }
    });
    await this.schedule(ctx, [buffer], 0);
  }

  speak(text: string, lang: AnnouncementLang): Promise<void> {
    if (typeof speechSynthesis === 'undefined') return Promise.reject(new Error('no speech synthesis in this browser'));
    const synth = speechSynthesis;
    const voices = synth.getVoices();
    const voice = voices.find((v) => v.lang.toLowerCase().startsWith(lang));
    // Reading Vietnamese with an English voice would be worse than silence.
    if (voices.length && !voice) return Promise.reject(new Error(`no ${lang} speech voice installed`));
    return new Promise((resolve, reject) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = lang === 'vi' ? 'vi-VN' : 'en-US';
      if (voice) u.voice = voice;
      u.rate = 0.9;
      // Some engines never fire `end`; do not hold the queue forever.
      const timer = setTimeout(() => {
        synth.cancel();
        reject(new Error('speech synthesis did not finish'));
      }, 3000 + text.length * 120);
      u.onend = () => {
        clearTimeout(timer);
        resolve();
      };
      u.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(`speech synthesis: ${e.error}`));
      };
      synth.speak(u);
    });
  }
}
