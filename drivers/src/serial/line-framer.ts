/**
 * Frames a byte stream into lines: a frame ends at CR, LF or CRLF, or when no byte arrived for
 * `interCharTimeoutMs` (scanners configured without a suffix). Pure: the caller passes the time
 * and calls `poll` when `deadline` passes. An over-long run without a terminator is dropped and
 * bytes are discarded up to the next terminator, so the stream resynchronises.
 */
export type FramerOutput = { kind: 'frame'; bytes: Uint8Array; endedBy: 'terminator' | 'timeout' } | { kind: 'overflow'; dropped: number };

export interface LineFramerOptions {
  /** 0 disables the timeout. Default 100 ms. */
  interCharTimeoutMs?: number;
  /** Default 4096 bytes. */
  maxLength?: number;
}

export class LineFramer {
  private buf: number[] = [];
  private lastAt = 0;
  private discarding = false;
  private dropped = 0;
  private afterCr = false;
  private readonly timeout: number;
  private readonly max: number;

  constructor(opts: LineFramerOptions = {}) {
    this.timeout = opts.interCharTimeoutMs ?? 100;
    this.max = opts.maxLength ?? 4096;
  }

  /** When `poll` should be called next, or null when nothing is pending. */
  get deadline(): number | null {
    return this.timeout > 0 && this.buf.length > 0 ? this.lastAt + this.timeout : null;
  }

  push(chunk: Uint8Array, nowMs: number): FramerOutput[] {
    const out = this.poll(nowMs);
    this.lastAt = nowMs;
    for (const b of chunk) {
      if (b === 0x0a && this.afterCr) {
        this.afterCr = false; // the LF of a CRLF
        continue;
      }
      this.afterCr = b === 0x0d;
      if (b === 0x0d || b === 0x0a) {
        if (this.discarding) {
          out.push({ kind: 'overflow', dropped: this.dropped });
          this.discarding = false;
          this.dropped = 0;
        } else if (this.buf.length > 0) {
          out.push({ kind: 'frame', bytes: Uint8Array.from(this.buf), endedBy: 'terminator' });
        }
        this.buf = [];
        continue;
      }
      if (this.discarding) {
        this.dropped++;
        continue;
      }
      this.buf.push(b);
      if (this.buf.length > this.max) {
        this.discarding = true;
        this.dropped = this.buf.length;
        this.buf = [];
      }
    }
    return out;
  }

  poll(nowMs: number): FramerOutput[] {
    const d = this.deadline;
    if (d === null || nowMs < d) return [];
    const bytes = Uint8Array.from(this.buf);
    this.buf = [];
    return [{ kind: 'frame', bytes, endedBy: 'timeout' }];
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 decode of a frame; null for invalid sequences (line noise, wrong baud rate). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
