/**
 * LED board protocols. There is no standard, so each board model is a pluggable protocol behind
 * one interface; all are RS-485 multidrop at 9600 8N1 with an address per board.
 *
 * `addressed` — digit frame `[addr, hi, lo, sum]`, value big-endian, sum = (addr+hi+lo) & 0xFF:
 *   `05 03 E7 EF` shows 999 on board 5; 0xFFFF blanks it. Text frame for main boards:
 *   `3A addr line len text… sum 0A`, text UTF-8, sum = (addr+line+len+Σtext) & 0xFF. No replies.
 * `modbus` — off-the-shelf Modbus RTU digit module: function 06 (write single register) to
 *   holding register 0 with the value (0xFFFF blanks), CRC16/Modbus low byte first; the module
 *   echoes the request. No text.
 */
export type LedProtocolId = 'addressed' | 'modbus';

export interface LedProtocol {
  readonly id: LedProtocolId;
  readonly supportsText: boolean;
  /** Largest value a display shows. */
  readonly maxValue: number;
  encodeNumber(address: number, value: number | null): Uint8Array;
  encodeText(address: number, line: number, text: string): Uint8Array;
  /** Length of the reply to wait for after a request (0: none). */
  readonly replyLength: number;
  /** Whether `reply` is the right answer to `request`. */
  checkReply(request: Uint8Array, reply: Uint8Array): boolean;
}

export const BLANK = 0xffff;

export function checksum8(bytes: Iterable<number>): number {
  let s = 0;
  for (const b of bytes) s = (s + b) & 0xff;
  return s;
}

export function crc16Modbus(bytes: Iterable<number>): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function checkAddress(a: number): void {
  if (!Number.isInteger(a) || a < 1 || a > 247) throw new RangeError(`LED address ${a} out of 1..247`);
}

/** Ticket "A023" → 23, "1023" → 1023: digit displays show the numeric part. */
export function numericPart(ticketNumber: string): number | null {
  const digits = ticketNumber.replace(/\D/g, '');
  return digits === '' ? null : Number(digits);
}

export const addressedProtocol: LedProtocol = {
  id: 'addressed',
  supportsText: true,
  maxValue: 9999,
  replyLength: 0,
  encodeNumber(address, value) {
    checkAddress(address);
    const v = value === null ? BLANK : Math.max(0, Math.min(9999, Math.round(value)));
    const frame = [address, v >> 8, v & 0xff];
    return Uint8Array.from([...frame, checksum8(frame)]);
  },
  encodeText(address, line, text) {
    checkAddress(address);
    // eslint-disable-next-line no-control-regex -- control characters would break the frame
    const bytes = new TextEncoder().encode(text.normalize('NFC').replace(/[\u0000-\u001f]/g, ' ')).slice(0, 200);
    const body = [address, line & 0xff, bytes.length, ...bytes];
    return Uint8Array.from([0x3a, ...body, checksum8(body), 0x0a]);
  },
  checkReply: () => true,
};

export const modbusProtocol: LedProtocol = {
  id: 'modbus',
  supportsText: false,
  maxValue: 9999,
  replyLength: 8,
  encodeNumber(address, value) {
    checkAddress(address);
    const v = value === null ? BLANK : Math.max(0, Math.min(9999, Math.round(value)));
    const pdu = [address, 0x06, 0x00, 0x00, v >> 8, v & 0xff];
    const crc = crc16Modbus(pdu);
    return Uint8Array.from([...pdu, crc & 0xff, crc >> 8]);
  },
  encodeText() {
    throw new RangeError('Modbus digit modules show numbers only');
  },
  checkReply(request, reply) {
    return reply.length === request.length && reply.every((b, i) => b === request[i]);
  },
};

export const LED_PROTOCOLS: Record<LedProtocolId, LedProtocol> = { addressed: addressedProtocol, modbus: modbusProtocol };

/** What a board decoded from the bus (used by the virtual board). */
export type LedBusEvent =
  | { kind: 'number'; address: number; value: number | null; reply: Uint8Array | null }
  | { kind: 'text'; address: number; line: number; text: string }
  | { kind: 'garbage'; bytes: number };

/** Pure streaming decoder for the bus side of either protocol, resynchronising on bad frames. */
export class LedBusDecoder {
  private buf: number[] = [];
  constructor(private readonly protocol: LedProtocolId) {}

  push(chunk: Uint8Array): LedBusEvent[] {
    for (const byte of chunk) this.buf.push(byte); // not push(...chunk): RangeError on large chunks
    const out: LedBusEvent[] = [];
    let i = 0;
    const b = this.buf;
    let garbage = 0;
    const flushGarbage = (): void => {
      if (garbage) out.push({ kind: 'garbage', bytes: garbage });
      garbage = 0;
    };
    while (i < b.length) {
      if (this.protocol === 'modbus') {
        if (i + 8 > b.length) break;
        const frame = b.slice(i, i + 8);
        const crc = crc16Modbus(frame.slice(0, 6));
        if (frame[1] === 0x06 && frame[6] === (crc & 0xff) && frame[7] === crc >> 8) {
          flushGarbage();
          const v = (frame[4]! << 8) | frame[5]!;
          out.push({ kind: 'number', address: frame[0]!, value: v === BLANK ? null : v, reply: Uint8Array.from(frame) });
          i += 8;
        } else {
          garbage++;
          i++;
        }
        continue;
      }
      // addressed: a text frame starts with 0x3A; otherwise try a 4-byte digit frame.
      if (b[i] === 0x3a && i + 4 <= b.length) {
        const len = b[i + 3]!;
        if (i + 6 + len > b.length) break;
        const body = b.slice(i + 1, i + 4 + len);
        if (b[i + 4 + len] === checksum8(body) && b[i + 5 + len] === 0x0a) {
          flushGarbage();
          out.push({ kind: 'text', address: body[0]!, line: body[1]!, text: new TextDecoder().decode(Uint8Array.from(body.slice(3))) });
          i += 6 + len;
          continue;
        }
      } else if (b[i] === 0x3a) break;
      if (i + 4 > b.length) break;
      const [a, hi, lo, sum] = [b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!];
      if (a >= 1 && a <= 247 && checksum8([a, hi, lo]) === sum) {
        flushGarbage();
        const v = (hi << 8) | lo;
        out.push({ kind: 'number', address: a, value: v === BLANK ? null : v, reply: null });
        i += 4;
      } else {
        garbage++;
        i++;
      }
    }
    flushGarbage();
    this.buf = b.slice(i);
    return out;
  }
}
