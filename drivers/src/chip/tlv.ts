/**
 * BER-TLV as used by ISO 7816-4 and ICAO 9303 (LDS files, secure-messaging data objects).
 * Tags are kept as numbers of their encoded bytes (`0x5F1F`, `0x61`, `0x7F61`); lengths use the
 * short form or `0x81`/`0x82`/`0x83` long forms. Decoding never throws on caller data without a
 * reason: it throws `TlvError` naming the offset, so a corrupt card file is a clear error.
 */

export class TlvError extends Error {
  override readonly name = 'TlvError';
}

export interface Tlv {
  tag: number;
  /** True when bit 6 of the first tag byte is set (the value holds more TLVs). */
  constructed: boolean;
  value: Uint8Array;
  /** Offset of the tag in the buffer it was decoded from, and the whole encoded length. */
  offset: number;
  encodedLength: number;
}

/** Decodes one TLV at `offset`. */
export function decodeTlv(buf: Uint8Array, offset = 0): Tlv {
  let p = offset;
  const byte = (): number => {
    if (p >= buf.length) throw new TlvError(`truncated TLV at offset ${offset} (needs byte ${p})`);
    return buf[p++] as number;
  };
  const first = byte();
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let b: number;
    let n = 0;
    do {
      b = byte();
      tag = tag * 256 + b;
      if (++n > 3) throw new TlvError(`tag too long at offset ${offset}`);
    } while (b & 0x80);
  }
  const l0 = byte();
  let length: number;
  if (l0 < 0x80) length = l0;
  else if (l0 === 0x80) throw new TlvError(`indefinite length at offset ${offset} is not allowed here`);
  else {
    const n = l0 & 0x7f;
    if (n > 3) throw new TlvError(`length of ${n} bytes at offset ${offset} is too long`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + byte();
  }
  if (p + length > buf.length) throw new TlvError(`TLV at offset ${offset} claims ${length} bytes, ${buf.length - p} left`);
  return { tag, constructed: (first & 0x20) !== 0, value: buf.subarray(p, p + length), offset, encodedLength: p + length - offset };
}

/** Decodes consecutive TLVs filling `buf` (padding bytes 0x00/0xFF between objects are skipped). */
export function decodeTlvList(buf: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let p = 0;
  while (p < buf.length) {
    const b = buf[p] as number;
    if (b === 0x00 || b === 0xff) {
      p++;
      continue;
    }
    const t = decodeTlv(buf, p);
    out.push(t);
    p += t.encodedLength;
  }
  return out;
}

/** The first child with `tag` among the TLVs of `buf`, or undefined. */
export function findTlv(buf: Uint8Array, tag: number): Tlv | undefined {
  return decodeTlvList(buf).find((t) => t.tag === tag);
}

/** Encoded length of a TLV whose header starts `buf` (how many bytes to read for the whole file). */
export function tlvTotalLength(header: Uint8Array): number {
  const t = decodeTlvHeader(header);
  return t.headerLength + t.length;
}

/** Tag and length only (the value may not be there yet: used on the first bytes of a file). */
export function decodeTlvHeader(buf: Uint8Array): { tag: number; length: number; headerLength: number } {
  let p = 0;
  const byte = (): number => {
    if (p >= buf.length) throw new TlvError('truncated TLV header');
    return buf[p++] as number;
  };
  const first = byte();
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let b: number;
    do {
      b = byte();
      tag = tag * 256 + b;
    } while (b & 0x80 && p < 4);
  }
  const l0 = byte();
  let length = l0;
  if (l0 === 0x80) throw new TlvError('indefinite length is not allowed here');
  if (l0 > 0x80) {
    const n = l0 & 0x7f;
    if (n > 3) throw new TlvError(`length of ${n} bytes is too long`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + byte();
  }
  return { tag, length, headerLength: p };
}

export function encodeLength(n: number): Uint8Array {
  if (n < 0 || !Number.isInteger(n)) throw new TlvError(`bad length ${n}`);
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  if (n < 0x10000) return Uint8Array.of(0x82, n >> 8, n & 0xff);
  if (n < 0x1000000) return Uint8Array.of(0x83, n >> 16, (n >> 8) & 0xff, n & 0xff);
  throw new TlvError(`length ${n} too large`);
}

function encodeTag(tag: number): Uint8Array {
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return Uint8Array.from(bytes);
}

/** Encodes one TLV; `value` may be a list of already encoded children. */
export function encodeTlv(tag: number, value: Uint8Array | Uint8Array[]): Uint8Array {
  const v = Array.isArray(value) ? concatBytes(...value) : value;
  return concatBytes(encodeTag(tag), encodeLength(v.length), v);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex').toUpperCase();
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new TlvError(`not hex: ${s.slice(0, 40)}`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}
