/**
 * The binary frame our keypads speak (the common vendor pattern on RS-485 call keypads):
 *
 *   STX(0x02) ADDR CMD LEN DATA[LEN] BCC ETX(0x03)     BCC = XOR of ADDR, CMD, LEN and DATA
 *
 * ADDR is the keypad's bus address (1–247, 0 = broadcast from the host), CMD an ASCII letter,
 * LEN ≤ 32. The parser is pure and resynchronises: on a bad length, ETX or BCC it drops the STX
 * and searches again from the next byte, counting the bytes it skipped as garbage.
 */
export const STX = 0x02;
export const ETX = 0x03;
export const MAX_DATA = 32;

export interface VendorFrame {
  addr: number;
  cmd: number;
  data: Uint8Array;
}

export function bcc(bytes: Iterable<number>): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

export function encodeVendorFrame(f: VendorFrame): Uint8Array {
  if (f.data.length > MAX_DATA) throw new RangeError(`frame data longer than ${MAX_DATA}`);
  const body = [f.addr & 0xff, f.cmd & 0xff, f.data.length, ...f.data];
  return Uint8Array.from([STX, ...body, bcc(body), ETX]);
}

export class VendorFrameParser {
  private buf: number[] = [];

  push(chunk: Uint8Array): { frames: VendorFrame[]; garbage: number } {
    // One push per byte: `push(...chunk)` spreads the chunk as call arguments and throws
    // RangeError (stack size) on a chunk of a few hundred kilobytes.
    for (const byte of chunk) this.buf.push(byte);
    const frames: VendorFrame[] = [];
    let garbage = 0;
    let i = 0;
    const b = this.buf;
    while (i < b.length) {
      if (b[i] !== STX) {
        garbage++;
        i++;
        continue;
      }
      if (i + 4 > b.length) break;
      const len = b[i + 3]!;
      if (len > MAX_DATA) {
        garbage++;
        i++;
        continue;
      }
      const end = i + 4 + len + 2; // exclusive
      if (end > b.length) break;
      const body = b.slice(i + 1, i + 4 + len);
      if (b[end - 1] !== ETX || b[end - 2] !== bcc(body)) {
        garbage++;
        i++;
        continue;
      }
      frames.push({ addr: body[0]!, cmd: body[1]!, data: Uint8Array.from(body.slice(3)) });
      i = end;
    }
    this.buf = b.slice(i);
    return { frames, garbage };
  }
}
