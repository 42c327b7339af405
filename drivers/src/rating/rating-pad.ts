/**
 * Rating pad (satisfaction buttons by the counter) speaking the sentences of serial/sentence.ts.
 * Pad → host: `$RATE,<addr>,<score>`, `$TIMEOUT,<addr>`; host → pad: `$ASK,<addr>,<scale>,<timeoutSec>,<ticket>`,
 * `$CANCEL,<addr>`.
 */
import type { Logger } from 'pino';
import { componentLogger } from '../logger';
import { SerialPeripheral, type HealthReport } from '../peripheral';
import { decodeUtf8, LineFramer } from '../serial/line-framer';
import { encodeSentence, parseSentence } from '../serial/sentence';
import type { ByteTransport } from '../transport/transport';

export interface RatingEvent {
  score: number;
  address: number;
  at: number;
}

/**
 * - `ask` lights the pad for one ticket; the pad answers with one `rating` (1..scale) or a
 *   `timeout` after `timeoutSec`. A rating outside 1..scale, a bad checksum or garbage is dropped
 *   (logged). A rating that arrives while nothing was asked is still delivered (the hub decides).
 * - `cancel` turns the prompt off (the clerk called the next citizen).
 * - Reconnects by itself after an unplug; a pending prompt is re-sent on reconnect.
 */
export interface RatingPad {
  readonly name: string;
  start(): Promise<void>;
  ask(req: { scale: 4 | 5; timeoutSec: number; ticketNumber: string }): Promise<void>;
  cancel(): Promise<void>;
  onRating(listener: (e: RatingEvent) => void): () => void;
  onTimeout(listener: (e: { address: number; at: number }) => void): () => void;
  onHealth(listener: (h: HealthReport) => void): () => void;
  health(): HealthReport;
  close(): Promise<void>;
}

export class SerialRatingPad extends SerialPeripheral<{ rating: RatingEvent; timeout: { address: number; at: number } }> implements RatingPad {
  private readonly framer = new LineFramer({ interCharTimeoutMs: 0, maxLength: 128 });
  private readonly address: number;
  private scale: 4 | 5 = 5;
  private pending: { scale: 4 | 5; timeoutSec: number; ticketNumber: string } | null = null;

  constructor(opts: { name?: string; transport: ByteTransport; address?: number; reconnectMs?: number; logger?: Logger }) {
    const name = opts.name ?? 'rating';
    super(name, 'rating_pad', opts.transport, componentLogger('driver:rating', opts.logger).child({ pad: name, port: opts.transport.description }), opts.reconnectMs ?? 3000);
    this.address = opts.address ?? 1;
  }

  onRating(listener: (e: RatingEvent) => void): () => void {
    return this.events.on('rating', listener);
  }

  onTimeout(listener: (e: { address: number; at: number }) => void): () => void {
    return this.events.on('timeout', listener);
  }

  protected onBytes(chunk: Uint8Array, now: number): void {
    for (const o of this.framer.push(chunk, now)) {
      if (o.kind !== 'frame') {
        this.log.warn({ dropped: o.dropped }, 'over-long line from rating pad dropped');
        continue;
      }
      const line = decodeUtf8(o.bytes);
      const s = line === null ? null : parseSentence(line);
      if (!s) {
        this.log.warn({ bytes: o.bytes.length }, 'invalid sentence from rating pad dropped');
        continue;
      }
      if (Number(s.fields[0]) !== this.address) continue;
      if (s.type === 'RATE') {
        const score = Number(s.fields[1]);
        if (!Number.isInteger(score) || score < 1 || score > this.scale) {
          this.log.warn({ score: s.fields[1] }, 'rating out of range dropped');
          continue;
        }
        this.pending = null;
        this.events.emit('rating', { score, address: this.address, at: now }, (e) => this.log.error({ err: e }, 'listener failed'));
      } else if (s.type === 'TIMEOUT') {
        this.pending = null;
        this.events.emit('timeout', { address: this.address, at: now });
      }
    }
  }

  async ask(req: { scale: 4 | 5; timeoutSec: number; ticketNumber: string }): Promise<void> {
    this.scale = req.scale;
    this.pending = req;
    const ticket = req.ticketNumber.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
    await this.send(encodeSentence({ type: 'ASK', fields: [String(this.address), String(req.scale), String(Math.round(req.timeoutSec)), ticket] }));
  }

  async cancel(): Promise<void> {
    this.pending = null;
    await this.send(encodeSentence({ type: 'CANCEL', fields: [String(this.address)] }));
  }

  protected override async onOpened(): Promise<void> {
    if (this.pending) await this.ask(this.pending).catch(() => {});
  }
}
