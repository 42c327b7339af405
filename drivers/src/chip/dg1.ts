/**
 * EF.DG1 of a TD1 card (ICAO 9303-5 and 9303-10 §4.7.1): tag 0x61 holding 0x5F1F with the
 * 90-character MRZ (3 lines of 30). Check digits are verified; on a CCCD the document number is
 * the last 9 digits of the ID and line 1's optional data starts with the full 12-digit ID.
 */
import { ChipError } from './errors';
import { mrzCheckDigit } from './mrz';
import { decodeTlv, encodeTlv, findTlv } from './tlv';

export interface Dg1 {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  /** Optional data of line 1 without filler. */
  optionalData1: string;
  /** The 12-digit ID in the optional data (CCCD), or null. */
  idNumber: string | null;
  /** YYMMDD as on the card. */
  dateOfBirth: string;
  sex: 'M' | 'F' | 'X';
  /** YYMMDD */
  dateOfExpiry: string;
  nationality: string;
  optionalData2: string;
  /** Primary identifier (family name) and secondary identifier (given names), `<` as spaces. */
  surname: string;
  givenNames: string;
  mrz: string;
}

const LINE = 30;

export function parseDg1(file: Uint8Array): Dg1 {
  let mrz: string;
  try {
    const outer = decodeTlv(file);
    if (outer.tag !== 0x61) throw new ChipError('bad_data', `DG1 tag ${outer.tag.toString(16)}, expected 61`);
    const m = findTlv(outer.value, 0x5f1f);
    if (!m) throw new ChipError('bad_data', 'DG1 without MRZ (5F1F)');
    mrz = Buffer.from(m.value).toString('latin1');
  } catch (e) {
    if (e instanceof ChipError) throw e;
    throw new ChipError('bad_data', `DG1: ${(e as Error).message}`, { cause: e });
  }
  if (mrz.length !== 3 * LINE || !/^[0-9A-Z<]+$/.test(mrz)) throw new ChipError('bad_data', `DG1 MRZ is ${mrz.length} characters or has invalid characters; only TD1 (90) is read`);
  const l1 = mrz.slice(0, LINE);
  const l2 = mrz.slice(LINE, 2 * LINE);
  const l3 = mrz.slice(2 * LINE);
  const digit = (s: string, i: number): number => {
    const c = s[i] as string;
    return c === '<' ? 0 : Number(c);
  };
  const docField = l1.slice(5, 14);
  const checks: [string, string, number][] = [
    ['document number', docField, digit(l1, 14)],
    ['date of birth', l2.slice(0, 6), digit(l2, 6)],
    ['date of expiry', l2.slice(8, 14), digit(l2, 14)],
    ['composite', l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), digit(l2, 29)],
  ];
  for (const [name, field, d] of checks) {
    if (mrzCheckDigit(field) !== d) throw new ChipError('inconsistent_data', `DG1 ${name} check digit`);
  }
  const sexChar = l2[7];
  const sex = sexChar === 'M' ? 'M' : sexChar === 'F' ? 'F' : 'X';
  const opt1 = l1.slice(15).replace(/<+$/, '');
  const id = /^(\d{12})/.exec(l1.slice(15));
  const [sur = '', given = ''] = l3.split('<<');
  return {
    documentCode: l1.slice(0, 2).replace(/<+$/, ''),
    issuingState: l1.slice(2, 5),
    documentNumber: docField.replace(/<+$/, ''),
    optionalData1: opt1,
    idNumber: id ? (id[1] as string) : null,
    dateOfBirth: l2.slice(0, 6),
    sex,
    dateOfExpiry: l2.slice(8, 14),
    nationality: l2.slice(15, 18).replace(/<+$/, ''),
    optionalData2: l2.slice(18, 29).replace(/<+$/, ''),
    surname: sur.replace(/</g, ' ').trim(),
    givenNames: given.replace(/</g, ' ').trim(),
    mrz,
  };
}

/** Builds a TD1 DG1 (used by the virtual card and tests). Names are upper-case ASCII. */
export function encodeDg1(d: { documentNumber: string; idNumber: string; dateOfBirth: string; sex: 'M' | 'F'; dateOfExpiry: string; surname: string; givenNames: string; issuingState?: string; nationality?: string }): Uint8Array {
  const state = d.issuingState ?? 'VNM';
  const doc = d.documentNumber.padEnd(9, '<');
  const l1 = `ID${state}${doc}${mrzCheckDigit(doc)}${d.idNumber.padEnd(15, '<')}`.slice(0, LINE).padEnd(LINE, '<');
  const l2a = `${d.dateOfBirth}${mrzCheckDigit(d.dateOfBirth)}${d.sex}${d.dateOfExpiry}${mrzCheckDigit(d.dateOfExpiry)}${d.nationality ?? 'VNM'}`;
  const opt2 = '<'.repeat(11);
  const composite = mrzCheckDigit(l1.slice(5, 30) + l2a.slice(0, 7) + l2a.slice(8, 15) + opt2);
  const l2 = `${l2a}${opt2}${composite}`;
  const name = `${d.surname.replace(/ /g, '<')}<<${d.givenNames.replace(/ /g, '<')}`;
  const l3 = name.slice(0, LINE).padEnd(LINE, '<');
  return encodeTlv(0x61, encodeTlv(0x5f1f, new Uint8Array(Buffer.from(l1 + l2 + l3, 'latin1'))));
}
