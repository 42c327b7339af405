/**
 * Streaming ESC/POS decoder (pure): feed it bytes in any chunking, get back what a printer would
 * do. The virtual printer is built on it; it understands what our encoder and common drivers
 * send and skips unknown commands by their known length, reporting them as `unknown`.
 */
import type { MonoBitmap } from './bitmap';

export type EscPosEvent =
  | { type: 'init' }
  | { type: 'status_query'; n: number }
  | { type: 'raster'; image: MonoBitmap }
  | { type: 'text'; line: string }
  | { type: 'feed'; lines: number }
  | { type: 'cut'; partial: boolean }
  | { type: 'setting'; command: string; value: number }
  | { type: 'unknown'; bytes: number[] };

/** Fixed-length commands: prefix → total length including the prefix. */
const FIXED: Record<string, { len: number; name: string }> = {
  '1b40': { len: 2, name: 'init' },
  '1b61': { len: 3, name: 'align' },
  '1b21': { len: 3, name: 'print_mode' },
  '1b45': { len: 3, name: 'bold' },
  '1b47': { len: 3, name: 'double_strike' },
  '1b2d': { len: 3, name: 'underline' },
  '1b4d': { len: 3, name: 'font' },
  '1b74': { len: 3, name: 'code_page' },
  '1b52': { len: 3, name: 'charset' },
  '1b7b': { len: 3, name: 'upside_down' },
  '1b32': { len: 2, name: 'line_spacing_default' },
  '1b33': { len: 3, name: 'line_spacing' },
  '1b64': { len: 3, name: 'feed_lines' },
  '1b4a': { len: 3, name: 'feed_dots' },
  '1b70': { len: 5, name: 'drawer' },
  '1d21': { len: 3, name: 'char_size' },
  '1d42': { len: 3, name: 'reverse' },
  '1d48': { len: 3, name: 'hri' },
  '1d68': { len: 3, name: 'barcode_height' },
  '1d77': { len: 3, name: 'barcode_width' },
  '1d66': { len: 3, name: 'hri_font' },
  '1d4c': { len: 4, name: 'left_margin' },
  '1d57': { len: 4, name: 'print_width' },
  '1c2e': { len: 2, name: 'kanji_off' },
  '1c26': { len: 2, name: 'kanji_on' },
};

/** Refuse absurd rasters (a corrupted header) instead of waiting forever for megabytes. */
const MAX_RASTER_BYTES = 4 * 1024 * 1024;

export class EscPosDecoder {
  private buf: Uint8Array = new Uint8Array(0);
  private text: number[] = [];
  private readonly utf8 = new TextDecoder('utf-8');

  /** Bytes held back waiting for the rest of a command. */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): EscPosEvent[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    merged.set(chunk, this.buf.length);
    const events: EscPosEvent[] = [];
    let i = 0;
    const b = merged;
    const need = (n: number): boolean => i + n <= b.length;
    outer: while (i < b.length) {
      const c = b[i]!;
      if (c === 0x10) {
        if (!need(3)) break;
        if (b[i + 1] === 0x04) {
          events.push({ type: 'status_query', n: b[i + 2]! });
          i += 3;
        } else if (b[i + 1] === 0x14) {
          // DLE DC4 fn a b — real-time request (pulse, power off…): 5 bytes.
          if (!need(5)) break;
          events.push({ type: 'unknown', bytes: [...b.subarray(i, i + 5)] });
          i += 5;
        } else {
          events.push({ type: 'unknown', bytes: [c] });
          i += 1;
        }
        continue;
      }
      if (c === 0x1b || c === 0x1d || c === 0x1c) {
        if (!need(2)) break;
        const key = c.toString(16) + b[i + 1]!.toString(16).padStart(2, '0');
        const fixed = FIXED[key];
        if (fixed) {
          if (!need(fixed.len)) break;
          if (fixed.name === 'init' || fixed.name.startsWith('feed')) this.flushText(events, false);
          const value = fixed.len > 2 ? b[i + 2]! : 0;
          if (fixed.name === 'init') events.push({ type: 'init' });
          else if (fixed.name === 'feed_lines') events.push({ type: 'feed', lines: value });
          else events.push({ type: 'setting', command: fixed.name, value });
          i += fixed.len;
          continue;
        }
        if (key === '1d56') {
          // GS V m [n]: m 0/1/48/49 has no n; 65/66 has one.
          if (!need(3)) break;
          const m = b[i + 2]!;
          const len = m === 65 || m === 66 ? 4 : 3;
          if (!need(len)) break;
          this.flushText(events, false);
          events.push({ type: 'cut', partial: m === 1 || m === 49 || m === 66 });
          i += len;
          continue;
        }
        if (key === '1d76') {
          // GS v 0 m xL xH yL yH data
          if (!need(8)) break;
          if (b[i + 2] !== 0x30) {
            events.push({ type: 'unknown', bytes: [...b.subarray(i, i + 3)] });
            i += 3;
            continue;
          }
          const bytesPerRow = b[i + 4]! | (b[i + 5]! << 8);
          const height = b[i + 6]! | (b[i + 7]! << 8);
          const size = bytesPerRow * height;
          if (size > MAX_RASTER_BYTES) {
            events.push({ type: 'unknown', bytes: [...b.subarray(i, i + 8)] });
            i += 8;
            continue;
          }
          if (!need(8 + size)) break;
          this.flushText(events, false);
          events.push({ type: 'raster', image: { width: bytesPerRow * 8, height, bytesPerRow, data: b.slice(i + 8, i + 8 + size) } });
          i += 8 + size;
          continue;
        }
        if (key === '1d28' || key === '1b28') {
          // GS ( fn pL pH … (QR, etc.): length-prefixed.
          if (!need(5)) break;
          const len = 5 + (b[i + 3]! | (b[i + 4]! << 8));
          if (!need(len)) break;
          events.push({ type: 'unknown', bytes: [...b.subarray(i, Math.min(i + 8, i + len))] });
          i += len;
          continue;
        }
        if (key === '1d6b') {
          // GS k m … barcode: m < 32 is NUL-terminated, else m n d1…dn.
          if (!need(4)) break;
          const m = b[i + 2]!;
          if (m >= 65) {
            const len = 4 + b[i + 3]!;
            if (!need(len)) break;
            i += len;
          } else {
            let j = i + 3;
            while (j < b.length && b[j] !== 0) j++;
            if (j >= b.length) break;
            i = j + 1;
          }
          events.push({ type: 'unknown', bytes: [0x1d, 0x6b, m] });
          continue;
        }
        // Unknown escape: skip the two-byte prefix so the stream resynchronises.
        events.push({ type: 'unknown', bytes: [...b.subarray(i, i + 2)] });
        i += 2;
        continue;
      }
      if (c === 0x0a) {
        this.flushText(events, true);
        i += 1;
        continue outer;
      }
      if (c === 0x0d || c === 0x00) {
        i += 1;
        continue;
      }
      if (c >= 0x20 || c === 0x09) {
        this.text.push(c);
        i += 1;
        continue;
      }
      events.push({ type: 'unknown', bytes: [c] });
      i += 1;
    }
    this.buf = b.slice(i);
    return events;
  }

  private flushText(events: EscPosEvent[], force: boolean): void {
    if (this.text.length === 0 && !force) return;
    events.push({ type: 'text', line: this.utf8.decode(Uint8Array.from(this.text)) });
    this.text = [];
  }
}
