/**
 * MRZ check digits (ICAO 9303-3 §4.9) and the BAC key seed input (9303-11 §9.7.2 / Appendix D.2):
 * MRZ_information = document number (padded with `<` to 9) + its check digit + date of birth
 * YYMMDD + check digit + date of expiry YYMMDD + check digit.
 *
 * On a CCCD the document number in the MRZ is the last 9 digits of the 12-digit ID number
 * (DOMAIN.md, Chip), so the QR (which carries ID and date of birth, not the expiry) gives two of
 * the three inputs; the expiry follows from the date of birth by the card-validity rule (cards are
 * renewed at 25, 40 and 60) but must be confirmed on the card itself.
 */

const WEIGHTS = [7, 3, 1] as const;

function charValue(c: string): number {
  if (c === '<') return 0;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  throw new RangeError(`"${c}" is not an MRZ character`);
}

export function mrzCheckDigit(field: string): number {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += charValue(field[i] as string) * (WEIGHTS[i % 3] as number);
  return sum % 10;
}

export interface BacKeyInput {
  /** Document number as in the MRZ (CCCD: last 9 digits of the ID). */
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

const YYMMDD = /^\d{6}$/;

/** The MRZ information string hashed into the BAC key seed. */
export function mrzInformation(k: BacKeyInput): string {
  if (!/^[0-9A-Z<]{1,9}$/.test(k.documentNumber)) throw new RangeError('document number must be 1–9 MRZ characters (longer numbers use the TD1 optional field: not supported)');
  if (!YYMMDD.test(k.dateOfBirth) || !YYMMDD.test(k.dateOfExpiry)) throw new RangeError('dates must be YYMMDD');
  const doc = k.documentNumber.padEnd(9, '<');
  return `${doc}${mrzCheckDigit(doc)}${k.dateOfBirth}${mrzCheckDigit(k.dateOfBirth)}${k.dateOfExpiry}${mrzCheckDigit(k.dateOfExpiry)}`;
}

/** YYYY-MM-DD → YYMMDD. */
export function toYymmdd(isoDate: string): string {
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  return `${m[1]}${m[2]}${m[3]}`;
}

/** BAC key input for a CCCD from the 12-digit ID, the date of birth and the expiry (YYYY-MM-DD). */
export function cccdBacKey(idNumber: string, dateOfBirth: string, dateOfExpiry: string): BacKeyInput {
  if (!/^\d{12}$/.test(idNumber)) throw new RangeError('ID number must be 12 digits');
  return { documentNumber: idNumber.slice(3), dateOfBirth: toYymmdd(dateOfBirth), dateOfExpiry: toYymmdd(dateOfExpiry) };
}
