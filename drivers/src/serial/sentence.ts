/**
 * The ASCII sentence our rating pads speak, NMEA-style, one per line:
 *
 *   $TYPE,field,field…*HH\r\n        HH = XOR of every character between `$` and `*`, in hex
 *
 * Pad → host: `$RATE,<addr>,<score>`, `$TIMEOUT,<addr>`, `$HELLO,<addr>,<firmware>`.
 * Host → pad: `$ASK,<addr>,<scale 4|5>,<timeoutSec>,<ticket>`, `$CANCEL,<addr>`.
 * Lines are framed by LineFramer; a line that is not a valid sentence is garbage.
 */
export interface Sentence {
  type: string;
  fields: string[];
}

export function sentenceChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i) & 0xff;
  return x.toString(16).toUpperCase().padStart(2, '0');
}

export function encodeSentence(s: Sentence): Uint8Array {
  for (const f of [s.type, ...s.fields]) if (/[$*,\r\n]/.test(f) || /[^\x20-\x7e]/.test(f)) throw new RangeError(`sentence field "${f}" has a reserved or non-ASCII character`);
  const body = [s.type, ...s.fields].join(',');
  return new TextEncoder().encode(`$${body}*${sentenceChecksum(body)}\r\n`);
}

/** Parses one line (without its terminator); null when it is not a valid sentence. */
export function parseSentence(line: string): Sentence | null {
  const m = /^\$([A-Z]{2,10}(?:,[\x20-\x29\x2b\x2d-\x7e]*)*)\*([0-9A-Fa-f]{2})$/.exec(line.trim());
  if (!m) return null;
  const body = m[1]!;
  if (sentenceChecksum(body) !== m[2]!.toUpperCase()) return null;
  const [type, ...fields] = body.split(',');
  return { type: type!, fields };
}
