import { describe, expect, it } from 'vitest';
import { decodeUtf8, LineFramer, type FramerOutput } from './line-framer';
import { encodeSentence, parseSentence, sentenceChecksum } from './sentence';
import { bcc, encodeVendorFrame, VendorFrameParser } from './vendor-frame';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const frames = (outs: FramerOutput[]): string[] => outs.flatMap((o) => (o.kind === 'frame' ? [new TextDecoder().decode(o.bytes)] : []));

describe('LineFramer', () => {
  it('ends frames at CR, LF and CRLF (even when CRLF is split across chunks)', () => {
    const f = new LineFramer();
    expect(frames(f.push(enc('one\rtwo\nthree\r'), 0))).toEqual(['one', 'two', 'three']);
    expect(frames(f.push(enc('\nfour\r\n'), 1))).toEqual(['four']);
    expect(frames(f.push(enc('\r\n\r\n'), 2))).toEqual([]); // empty lines are not scans
  });

  it('ends a frame after the inter-character timeout, and not before', () => {
    const f = new LineFramer({ interCharTimeoutMs: 50 });
    expect(f.push(enc('001099'), 0)).toEqual([]);
    expect(f.push(enc('012345'), 30)).toEqual([]);
    expect(f.deadline).toBe(80);
    expect(f.poll(79)).toEqual([]);
    const out = f.poll(80);
    expect(frames(out)).toEqual(['001099012345']);
    expect(out[0]).toMatchObject({ endedBy: 'timeout' });
    expect(f.deadline).toBeNull();
  });

  it('a chunk after a pause closes the previous frame first', () => {
    const f = new LineFramer({ interCharTimeoutMs: 50 });
    f.push(enc('first'), 0);
    expect(frames(f.push(enc('second\n'), 500))).toEqual(['first', 'second']);
  });

  it('drops an over-long run and resynchronises at the next terminator', () => {
    const f = new LineFramer({ maxLength: 10, interCharTimeoutMs: 0 });
    const out = f.push(enc('x'.repeat(25) + '\nok\n'), 0);
    expect(out[0]).toEqual({ kind: 'overflow', dropped: 25 });
    expect(frames(out)).toEqual(['ok']);
  });

  it('decodeUtf8 rejects invalid sequences and keeps Vietnamese', () => {
    expect(decodeUtf8(enc('Nguyễn Văn Ữ'))).toBe('Nguyễn Văn Ữ');
    expect(decodeUtf8(Uint8Array.of(0x4e, 0xe1, 0xbb))).toBeNull();
    expect(decodeUtf8(Uint8Array.of(0xff, 0xfe))).toBeNull();
  });
});

describe('vendor frame (keypad)', () => {
  it('encodes STX addr cmd len data BCC ETX', () => {
    const f = encodeVendorFrame({ addr: 3, cmd: 0x4b, data: Uint8Array.of(1) });
    expect([...f]).toEqual([0x02, 0x03, 0x4b, 0x01, 0x01, 0x03 ^ 0x4b ^ 0x01 ^ 0x01, 0x03]);
    expect(bcc([0x03, 0x4b, 0x01, 0x01])).toBe(0x48);
  });

  it('parses frames split anywhere and skips garbage, bad BCC and bad ETX', () => {
    const good = encodeVendorFrame({ addr: 7, cmd: 0x4b, data: Uint8Array.of(2) });
    const badBcc = Uint8Array.from(good);
    badBcc[5]! ^= 0xff;
    const stream = Uint8Array.from([0xff, 0x00, 0x02, ...badBcc, 0x02, 0x55, ...good, 0x02, 0x01, 0x4b, 0x40, ...good]);
    for (const size of [1, 2, 5, 100]) {
      const p = new VendorFrameParser();
      const got: number[] = [];
      let garbage = 0;
      for (let i = 0; i < stream.length; i += size) {
        const r = p.push(stream.subarray(i, i + size));
        got.push(...r.frames.map((f) => f.data[0]!));
        garbage += r.garbage;
      }
      expect(got).toEqual([2, 2]);
      expect(garbage).toBeGreaterThan(5);
    }
  });

  it('never throws on random bytes', () => {
    const p = new VendorFrameParser();
    let seed = 42;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 200; i++) p.push(Uint8Array.from({ length: 37 }, rnd));
    expect(p.push(encodeVendorFrame({ addr: 1, cmd: 0x4b, data: Uint8Array.of(5) })).frames.at(-1)?.data[0]).toBe(5);
  });
  // Catches `this.buf.push(...chunk)`: spreading a chunk of a few hundred kilobytes as call
  // arguments threw RangeError (maximum call stack size) out of the serial data handler.
  it('takes a 1 MB chunk in one push: frames before and after the noise are found', () => {
    const p = new VendorFrameParser();
    const first = encodeVendorFrame({ addr: 1, cmd: 0x4b, data: Uint8Array.of(1) });
    const last = encodeVendorFrame({ addr: 1, cmd: 0x4b, data: Uint8Array.of(4) });
    const chunk = new Uint8Array(1024 * 1024).fill(0x55);
    chunk.set(first, 0);
    chunk.set(last, chunk.length - last.length);
    const r = p.push(chunk);
    expect(r.frames.map((f) => f.data[0])).toEqual([1, 4]);
    expect(r.garbage).toBe(chunk.length - first.length - last.length);
  });
});

describe('NMEA-style sentence (rating pad)', () => {
  it('round-trips with the XOR checksum', () => {
    const bytes = encodeSentence({ type: 'RATE', fields: ['3', '5'] });
    const line = new TextDecoder().decode(bytes);
    expect(line).toBe(`$RATE,3,5*${sentenceChecksum('RATE,3,5')}\r\n`);
    expect(parseSentence(line.trim())).toEqual({ type: 'RATE', fields: ['3', '5'] });
  });

  it('rejects a wrong checksum, missing $ and non-ASCII', () => {
    expect(parseSentence('$RATE,3,5*00')).toBeNull();
    expect(parseSentence('RATE,3,5*' + sentenceChecksum('RATE,3,5'))).toBeNull();
    expect(parseSentence('$RATÉ,3*00')).toBeNull();
    expect(() => encodeSentence({ type: 'ASK', fields: ['a,b'] })).toThrow(RangeError);
  });
});
