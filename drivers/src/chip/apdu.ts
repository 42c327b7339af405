/** ISO 7816-4 command APDUs (short form only: every ICAO 9303 BAC command fits) and status words. */

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length; 256 is encoded as 0x00. Undefined: no Le. */
  le?: number;
}

export function encodeApdu(c: CommandApdu): Uint8Array {
  const data = c.data ?? new Uint8Array(0);
  if (data.length > 255) throw new RangeError('extended-length APDUs are not used');
  if (c.le !== undefined && (c.le < 0 || c.le > 256)) throw new RangeError(`bad Le ${c.le}`);
  const out: number[] = [c.cla, c.ins, c.p1, c.p2];
  if (data.length > 0) out.push(data.length, ...data);
  if (c.le !== undefined) out.push(c.le & 0xff);
  return Uint8Array.from(out);
}

/** Parses a short command APDU (cases 1–4). */
export function decodeApdu(b: Uint8Array): CommandApdu {
  if (b.length < 4) throw new RangeError('APDU shorter than its header');
  const [cla, ins, p1, p2] = [b[0] as number, b[1] as number, b[2] as number, b[3] as number];
  if (b.length === 4) return { cla, ins, p1, p2 };
  if (b.length === 5) return { cla, ins, p1, p2, le: (b[4] as number) === 0 ? 256 : (b[4]) };
  const lc = b[4] as number;
  if (lc === 0) throw new RangeError('extended-length APDUs are not supported');
  if (b.length === 5 + lc) return { cla, ins, p1, p2, data: b.subarray(5, 5 + lc) };
  if (b.length === 6 + lc) {
    const le = b[5 + lc] as number;
    return { cla, ins, p1, p2, data: b.subarray(5, 5 + lc), le: le === 0 ? 256 : le };
  }
  throw new RangeError(`APDU length ${b.length} does not match Lc ${lc}`);
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export function splitResponse(r: Uint8Array): ResponseApdu {
  if (r.length < 2) throw new RangeError('response shorter than a status word');
  return { data: r.subarray(0, r.length - 2), sw: ((r[r.length - 2] as number) << 8) | (r[r.length - 1] as number) };
}

export function withSw(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_FAILED: 0x6300,
  SM_MISSING: 0x6987,
  SM_INCORRECT: 0x6988,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  END_OF_FILE: 0x6282,
} as const;

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
