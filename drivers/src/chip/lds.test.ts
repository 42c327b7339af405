import { checkCccdNumber } from '@motcua/shared';
import { describe, expect, it } from 'vitest';
import { TEST_CITIZEN, TEST_CITIZEN_YOUNG } from '../virtual/cccd-test-data';
import { crossCheck } from './card-data';
import { encodeDg1, parseDg1 } from './dg1';
import { encodeDg13, parseDg13, parseVnDate } from './dg13';
import { ChipError } from './errors';
import { cccdBacKey, mrzInformation } from './mrz';
import { decodeTlv, decodeTlvList, encodeTlv, fromHex, hex, TlvError } from './tlv';

function dg1For(c: typeof TEST_CITIZEN, over: Partial<Parameters<typeof encodeDg1>[0]> = {}): Uint8Array {
  const k = cccdBacKey(c.idNumber, c.dateOfBirth, c.expiryDate);
  return encodeDg1({ documentNumber: k.documentNumber, idNumber: c.idNumber, dateOfBirth: k.dateOfBirth, dateOfExpiry: k.dateOfExpiry, sex: c.sex === 'Nam' ? 'M' : 'F', surname: 'TRAN', givenNames: 'THI BINH', ...over });
}

function expectChipError(f: () => unknown, code: string, re?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ChipError);
    expect((e as ChipError).code).toBe(code);
    if (re) expect((e as ChipError).message).toMatch(re);
    return;
  }
  throw new Error('expected a ChipError');
}

describe('BER-TLV', () => {
  it('decodes short and long lengths and multi-byte tags, and encodes them back', () => {
    const long = new Uint8Array(300).fill(7);
    const enc = encodeTlv(0x5f1f, long);
    expect(hex(enc.subarray(0, 5))).toBe('5F1F82012C');
    const t = decodeTlv(enc);
    expect(t.tag).toBe(0x5f1f);
    expect(t.value.length).toBe(300);
    expect(t.encodedLength).toBe(305);
    const list = decodeTlvList(fromHex('8701AA 9902 9000 00 8E0101'));
    expect(list.map((x) => x.tag)).toEqual([0x87, 0x99, 0x8e]);
    expect(decodeTlv(fromHex('6D00')).constructed).toBe(true);
  });

  it('refuses truncated and over-long input with the offset', () => {
    expect(() => decodeTlv(fromHex('870501AA'))).toThrow(TlvError);
    expect(() => decodeTlv(fromHex('8784FFFFFFFF'))).toThrow(/too long/);
    expect(() => decodeTlv(fromHex('5F'))).toThrow(/truncated/);
  });
});

describe('CCCD BAC key input', () => {
  it('document number is the last 9 digits of the ID', () => {
    const k = cccdBacKey('001158012345', '1958-03-12', '2033-03-12');
    expect(k).toEqual({ documentNumber: '158012345', dateOfBirth: '580312', dateOfExpiry: '330312' });
    expect(mrzInformation(k)).toMatch(/^158012345\d580312\d330312\d$/);
    expect(() => cccdBacKey('12345', '1958-03-12', '2033-03-12')).toThrow();
  });
});

describe('CCCD numbering rule', () => {
  it('accepts IDs that match birth year, century and sex', () => {
    expect(checkCccdNumber('001158012345', '1958-03-12', 'Nữ')).toEqual({ ok: true });
    expect(checkCccdNumber('079201004321', '2001-11-30', 'Nam')).toEqual({ ok: true });
    expect(checkCccdNumber('079201004321', '2001-11-30', 'M')).toEqual({ ok: true });
    expect(checkCccdNumber('079301004321', '2001-11-30', null)).toEqual({ ok: true });
  });
  it('refuses an ID that contradicts the date of birth or sex', () => {
    expect(checkCccdNumber('001158012345', '1948-03-12', 'Nữ').problem).toBe('birth_year');
    expect(checkCccdNumber('001158012345', '2058-03-12', 'Nữ').problem).toBe('century');
    expect(checkCccdNumber('001158012345', '1958-03-12', 'Nam').problem).toBe('sex');
    expect(checkCccdNumber('00115801234', '1958-03-12', 'Nữ').problem).toBe('format');
  });
});

describe('DG1 (TD1 MRZ)', () => {
  it('parses a CCCD MRZ with its check digits', () => {
    const d = parseDg1(dg1For(TEST_CITIZEN));
    expect(d).toMatchObject({ documentCode: 'ID', issuingState: 'VNM', documentNumber: '158012345', idNumber: '001158012345', dateOfBirth: '580312', sex: 'F', dateOfExpiry: '330312', nationality: 'VNM', surname: 'TRAN', givenNames: 'THI BINH' });
    expect(d.mrz).toHaveLength(90);
  });
  it('refuses a wrong check digit and a non-TD1 file', () => {
    const good = dg1For(TEST_CITIZEN);
    const bad = Uint8Array.from(good);
    const at = bad.length - 60 + 3; // a digit of the date of birth on line 2
    bad[at] = bad[at] === 0x30 ? 0x31 : 0x30;
    expectChipError(() => parseDg1(bad), 'inconsistent_data', /check digit/);
    expectChipError(() => parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, new Uint8Array(88).fill(0x3c)))), 'bad_data');
    expectChipError(() => parseDg1(fromHex('6D00')), 'bad_data');
  });
});

describe('DG13 (Vietnamese personal data)', () => {
  it('parses every field, with Vietnamese text intact', () => {
    const d = parseDg13(encodeDg13(TEST_CITIZEN));
    expect(d).toEqual({ ...TEST_CITIZEN, other: {} });
  });
  it('reads the layout without the outer SEQUENCE and keeps unknown fields aside', () => {
    const f = (n: number, s: string): Uint8Array => encodeTlv(0x30, [encodeTlv(0x02, Uint8Array.of(n)), encodeTlv(0x0c, new TextEncoder().encode(s))]);
    const file = encodeTlv(0x6d, [f(1, '079201004321'), f(2, 'Nguyễn Văn An'), f(3, '30/11/2001'), f(4, 'Nam'), f(12, 'Không thời hạn'), f(16, 'X1234567890ABCDE')]);
    const d = parseDg13(file);
    expect(d).toMatchObject({ idNumber: '079201004321', fullName: 'Nguyễn Văn An', dateOfBirth: '2001-11-30', sex: 'Nam', expiryDate: null, issueDate: null, fatherName: null, other: { 16: ['X1234567890ABCDE'] } });
  });
  it('refuses an ID that contradicts the birth year (a forged card)', () => {
    expectChipError(() => parseDg13(encodeDg13({ ...TEST_CITIZEN, dateOfBirth: '1948-03-12' })), 'inconsistent_data', /birth_year/);
    expectChipError(() => parseDg13(encodeDg13({ ...TEST_CITIZEN, sex: 'Nam' })), 'inconsistent_data', /sex/);
    expectChipError(() => parseDg13(encodeDg13({ ...TEST_CITIZEN, issueDate: '1950-01-01' })), 'inconsistent_data');
  });
  it('refuses malformed files', () => {
    expectChipError(() => parseDg13(fromHex('6D05300302')), 'bad_data');
    expectChipError(() => parseDg13(encodeTlv(0x6d, new Uint8Array(0))), 'bad_data', /12-digit/);
    expectChipError(() => parseDg13(fromHex('6100')), 'bad_data');
  });
  it('dates: dd/mm/yyyy only real dates', () => {
    expect(parseVnDate('29/02/2024')).toBe('2024-02-29');
    expect(parseVnDate('29/02/2023')).toBeNull();
    expect(parseVnDate('2024-02-01')).toBeNull();
  });
});

describe('DG1 ↔ DG13', () => {
  it('agree for one person', () => {
    expect(() => crossCheck(parseDg1(dg1For(TEST_CITIZEN)), parseDg13(encodeDg13(TEST_CITIZEN)))).not.toThrow();
  });
  it('a DG13 of another person is refused', () => {
    expectChipError(() => crossCheck(parseDg1(dg1For(TEST_CITIZEN)), parseDg13(encodeDg13(TEST_CITIZEN_YOUNG))), 'inconsistent_data', /document number/);
    expectChipError(() => crossCheck(parseDg1(dg1For(TEST_CITIZEN, { dateOfExpiry: '340312' })), parseDg13(encodeDg13(TEST_CITIZEN))), 'inconsistent_data', /expiry/);
  });
});
