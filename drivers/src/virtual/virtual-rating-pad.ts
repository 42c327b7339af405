import { decodeUtf8, LineFramer } from '../serial/line-framer';
import { encodeSentence, parseSentence } from '../serial/sentence';
import { VirtualSerialDevice } from './virtual-serial';

/** A rating pad: lights up on `$ASK`, `rate(score)` answers; `expire()` sends `$TIMEOUT`. */
export class VirtualRatingPad extends VirtualSerialDevice {
  prompt: { scale: number; timeoutSec: number; ticket: string } | null = null;
  private readonly framer = new LineFramer({ interCharTimeoutMs: 0 });
  private waiters: (() => void)[] = [];

  constructor(readonly address = 1) {
    super('rating');
  }

  rate(score: number): Promise<void> {
    this.prompt = null;
    return this.writeRaw(encodeSentence({ type: 'RATE', fields: [String(this.address), String(score)] }));
  }

  expire(): Promise<void> {
    this.prompt = null;
    return this.writeRaw(encodeSentence({ type: 'TIMEOUT', fields: [String(this.address)] }));
  }

  /** Resolves when the host asks for a rating. */
  waitForPrompt(timeoutMs = 3000): Promise<void> {
    if (this.prompt) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no rating prompt')), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  protected onData(bytes: Uint8Array): void {
    for (const o of this.framer.push(bytes, Date.now())) {
      if (o.kind !== 'frame') continue;
      const line = decodeUtf8(o.bytes);
      const s = line === null ? null : parseSentence(line);
      if (!s || Number(s.fields[0]) !== this.address) continue;
      if (s.type === 'ASK') {
        this.prompt = { scale: Number(s.fields[1]), timeoutSec: Number(s.fields[2]), ticket: s.fields[3] ?? '' };
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
      } else if (s.type === 'CANCEL') this.prompt = null;
    }
  }
}
