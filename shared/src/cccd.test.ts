import { describe, expect, it } from 'vitest';
import { CCCD_SEE_CLERK, createWedgeCollector, parseCccdDate, parseCccdQr, type CccdField } from './cccd';
import { CCCD_PROVINCE_CODES, checkCccdNumber } from './cccd-number';

// Real-format payloads (fictitious people): the layouts seen on cards issued 2016–2025.
const ADDR = 'Số 12 Ngõ 34 Phố Huế, Phường Hai Bà Trưng, Hà Nội';
const samples: { name: string; qr: string; expect: { id: string; cmnd: string | null; name: string; dob: string; sex: 'Nam' | 'Nữ'; issue: string; extra?: string[] } }[] = [
  {
    name: '7 fields with CMND',
    qr: `001090012345|123456789|Nguyễn Văn An|01011990|Nam|${ADDR}|15082021`,
    expect: { id: '001090012345', cmnd: '123456789', name: 'Nguyễn Văn An', dob: '1990-01-01', sex: 'Nam', issue: '2021-08-15' },
  },
  {
    name: 'empty CMND (||)',
    qr: '079304004567||Trần Thị Ứng Hoà|29022004|Nữ|Ấp 3, Xã Bình Chánh, TP. Hồ Chí Minh|10102022',
    expect: { id: '079304004567', cmnd: null, name: 'Trần Thị Ứng Hoà', dob: '2004-02-29', sex: 'Nữ', issue: '2022-10-10' },
  },
  {
    name: '6 fields, CMND dropped',
    qr: '048085000111|Lê Đức Thọ|05121985|Nam|Tổ 5, Phường Hải Châu, Đà Nẵng|01072021',
    expect: { id: '048085000111', cmnd: null, name: 'Lê Đức Thọ', dob: '1985-12-05', sex: 'Nam', issue: '2021-07-01' },
  },
  {
    name: '2024+ card with extra trailing fields',
    qr: `001199000222||Phạm Thị Ngọc Ánh|17031999|Nữ|${ADDR}|01072024|06102025||||`,
    expect: { id: '001199000222', cmnd: null, name: 'Phạm Thị Ngọc Ánh', dob: '1999-03-17', sex: 'Nữ', issue: '2024-07-01', extra: ['06102025', '', '', '', ''] },
  },
  {
    name: 'trailing spaces and CRLF',
    qr: `001090012345|123456789|Nguyễn Văn An|01011990|Nam|${ADDR}|15082021   \r\n`,
    expect: { id: '001090012345', cmnd: '123456789', name: 'Nguyễn Văn An', dob: '1990-01-01', sex: 'Nam', issue: '2021-08-15', extra: [] },
  },
  {
    name: 'an extra | at the end',
    qr: `001090012345|123456789|Nguyễn Văn An|01011990|Nam|${ADDR}|15082021|`,
    expect: { id: '001090012345', cmnd: '123456789', name: 'Nguyễn Văn An', dob: '1990-01-01', sex: 'Nam', issue: '2021-08-15', extra: [''] },
  },
  {
    name: '6-field variant with an extra |',
    qr: '048085000111|Lê Đức Thọ|05121985|Nam|Đà Nẵng|01072021|',
    expect: { id: '048085000111', cmnd: null, name: 'Lê Đức Thọ', dob: '1985-12-05', sex: 'Nam', issue: '2021-07-01', extra: [''] },
  },
  {
    name: 'decomposed (NFD) diacritics are normalised, spaces collapsed',
    qr: `001190012345||${'Nguyễn  Văn   An'.normalize('NFD')}|01011990|${'Nữ'.normalize('NFD')}|${ADDR}|15082021\n`,
    expect: { id: '001190012345', cmnd: null, name: 'Nguyễn Văn An', dob: '1990-01-01', sex: 'Nữ', issue: '2021-08-15' },
  },
  {
    name: 'BOM and 11 fields',
    qr: `\uFEFF001090012345||Nguyễn Văn An|01011990|Nam|${ADDR}|15082021|a|b|c|d`,
    expect: { id: '001090012345', cmnd: null, name: 'Nguyễn Văn An', dob: '1990-01-01', sex: 'Nam', issue: '2021-08-15', extra: ['a', 'b', 'c', 'd'] },
  },
];

describe('parseCccdQr: real-format payloads', () => {
  it.each(samples)('$name', ({ qr, expect: e }) => {
    const r = parseCccdQr(qr);
    if (!r.ok) throw new Error(`${r.error.field}: ${r.error.messageEn}`);
    expect(r.data).toMatchObject({ idNumber: e.id, oldIdNumber: e.cmnd, fullName: e.name, dateOfBirth: e.dob, sex: e.sex, issueDate: e.issue, textReliable: true });
    if (e.extra) expect(r.data.extra).toEqual(e.extra);
    expect(r.data.fullName).toBe(r.data.fullName.normalize('NFC'));
  });
});

const GOOD = ['001090012345', '123456789', 'Nguyễn Văn An', '01011990', 'Nam', ADDR, '15082021'];
const withField = (i: number, v: string): string => GOOD.map((x, j) => (j === i ? v : x)).join('|');

describe('parseCccdQr: malformed payloads name the bad field', () => {
  const cases: { name: string; qr: string; field: CccdField; code: string }[] = [
    { name: 'empty', qr: '', field: 'payload', code: 'empty' },
    { name: 'only CRLF', qr: '\r\n', field: 'payload', code: 'empty' },
    { name: 'a URL, not a CCCD', qr: 'https://example.com/abc', field: 'payload', code: 'too_few_fields' },
    { name: 'five fields', qr: '001090012345|x|01011990|Nam|HN', field: 'payload', code: 'too_few_fields' },
    { name: 'ID with 11 digits', qr: withField(0, '00109901234'), field: 'idNumber', code: 'bad_format' },
    { name: 'ID with a letter', qr: withField(0, '00109901234A'), field: 'idNumber', code: 'bad_format' },
    { name: 'ID empty', qr: withField(0, ''), field: 'idNumber', code: 'missing' },
    { name: 'CMND with 8 digits', qr: withField(1, '12345678'), field: 'oldIdNumber', code: 'bad_format' },
    { name: 'name empty', qr: withField(2, '  '), field: 'fullName', code: 'missing' },
    { name: 'name with digits', qr: withField(2, 'Nguyễn 123'), field: 'fullName', code: 'bad_format' },
    { name: 'DOB 31 February', qr: withField(3, '31021990'), field: 'dateOfBirth', code: 'bad_date' },
    { name: 'DOB 29 Feb in a non-leap year', qr: withField(3, '29021990'), field: 'dateOfBirth', code: 'bad_date' },
    { name: 'DOB month 13', qr: withField(3, '01131990'), field: 'dateOfBirth', code: 'bad_date' },
    { name: 'DOB yyyy-mm-dd', qr: withField(3, '1990-01-01'), field: 'dateOfBirth', code: 'bad_date' },
    { name: 'DOB empty', qr: withField(3, ''), field: 'dateOfBirth', code: 'missing' },
    { name: 'sex unknown', qr: withField(4, 'Male'), field: 'sex', code: 'bad_format' },
    { name: 'sex garbled (strict mode)', qr: withField(4, 'N?'), field: 'sex', code: 'bad_format' },
    { name: 'address empty', qr: withField(5, ''), field: 'address', code: 'missing' },
    { name: 'issue date bad', qr: withField(6, '15/08/2021'), field: 'issueDate', code: 'bad_date' },
    { name: 'issue date missing (6 fields, CMND kept)', qr: GOOD.slice(0, 6).join('|'), field: 'payload', code: 'too_few_fields' },
    { name: 'issued before birth', qr: withField(6, '01011980'), field: 'issueDate', code: 'date_order' },
    // The ID encodes birth year (digits 5–6) and century + sex (digit 4): a forged DOB is refused.
    { name: 'ID birth year 90, DOB 1950 (an older age claimed)', qr: withField(3, '01011950'), field: 'idNumber', code: 'inconsistent' },
    { name: 'ID of a man, sex Nữ', qr: withField(4, 'Nữ'), field: 'idNumber', code: 'inconsistent' },
    { name: 'ID of the 20th century, DOB 2090', qr: withField(3, '01012090'), field: 'idNumber', code: 'inconsistent' },
    { name: 'too long', qr: withField(5, 'x'.repeat(3000)), field: 'payload', code: 'too_long' },
    { name: 'province code 000', qr: withField(0, '000090012345'), field: 'idNumber', code: 'unknown_province' },
    { name: 'province code 003 (a gap in the table)', qr: withField(0, '003090012345'), field: 'idNumber', code: 'unknown_province' },
    { name: 'province code 097 (after Cà Mau)', qr: withField(0, '097090012345'), field: 'idNumber', code: 'unknown_province' },
    { name: 'province code 999', qr: withField(0, '999090012345'), field: 'idNumber', code: 'unknown_province' },
  ];
  it.each(cases)('$name → $field/$code', ({ qr, field, code }) => {
    const r = parseCccdQr(qr);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.field).toBe(field);
    expect(r.error.code).toBe(code);
    expect(r.error.message.length).toBeGreaterThan(10);
    expect(r.error.messageEn).toMatch(/Invalid CCCD QR/);
  });
});

// Catches: the province check removed from checkCccdNumber (the 'province code …' cases above then
// parse as ok), the future-date comparisons removed from parseCccdQr, and an implausible card not
// flagged seeClerk (the kiosk would then say "scan again" and the citizen would retry forever).
describe('parseCccdQr: implausible cards ask for a clerk', () => {
  const TODAY = '2026-11-23';
  it('has the 63 province codes, and accepts a card from each', () => {
    const codes = Object.keys(CCCD_PROVINCE_CODES);
    expect(codes).toHaveLength(63);
    // The codes exactly as Appendix 1 of Circular 07/2016/TT-BCA lists them (see cccd-number.ts for
    // the sources); catches a code mistyped, dropped or added (e.g. 005 for Cao Bằng's 004).
    expect(codes.join(' ')).toBe(
      '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096',
    );
    expect([CCCD_PROVINCE_CODES['046'], CCCD_PROVINCE_CODES['079'], CCCD_PROVINCE_CODES['096']]).toEqual(['Thừa Thiên Huế', 'Hồ Chí Minh', 'Cà Mau']);
    for (const code of codes) expect(parseCccdQr(withField(0, `${code}090012345`), { today: TODAY }).ok, code).toBe(true);
    // Every other three-digit prefix is refused.
    let refused = 0;
    for (let n = 0; n < 1000; n++) {
      const code = String(n).padStart(3, '0');
      if (code in CCCD_PROVINCE_CODES) continue;
      expect(checkCccdNumber(`${code}090012345`, '1990-01-01', 'Nam').problem).toBe('province');
      refused++;
    }
    expect(refused).toBe(937);
  });

  it('refuses a date of birth or an issue date after today (given today), and not before', () => {
    const born2026 = ['001226012345', '', 'Nguyễn Văn Bé', '24112026', 'Nam', ADDR, '24112026'].join('|');
    const future = parseCccdQr(born2026, { today: TODAY });
    expect(future.ok ? 'ok' : [future.error.field, future.error.code, future.error.seeClerk]).toEqual(['dateOfBirth', 'future_date', true]);
    expect(parseCccdQr(born2026, { today: '2026-11-24' }).ok).toBe(true);
    const issuedTomorrow = parseCccdQr(withField(6, '24112026'), { today: TODAY });
    expect(issuedTomorrow.ok ? 'ok' : [issuedTomorrow.error.field, issuedTomorrow.error.code]).toEqual(['issueDate', 'future_date']);
    expect(parseCccdQr(withField(6, '23112026'), { today: TODAY }).ok).toBe(true);
  });

  it('marks exactly the implausible errors as seeClerk, with a Vietnamese message', () => {
    expect([...CCCD_SEE_CLERK].sort()).toEqual(['future_date', 'inconsistent', 'unknown_province']);
    const cases: [string, boolean][] = [
      [withField(0, '999090012345'), true],
      [withField(3, '01011950'), true],
      [withField(4, 'Nữ'), true],
      [withField(3, '31021990'), false],
      ['https://example.com', false],
      ['', false],
    ];
    for (const [qr, seeClerk] of cases) {
      const r = parseCccdQr(qr, { today: TODAY });
      expect(r.ok ? 'ok' : r.error.seeClerk, qr).toBe(seeClerk);
      if (!r.ok && seeClerk) expect(r.error.message).toMatch(/^Mã QR có (số định danh|ngày sinh|ngày cấp)/);
    }
  });

  it('never throws on random IDs, dates and sexes', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 5000; i++) {
      const id = Array.from({ length: 12 }, () => rnd(10)).join('');
      const dob = `${String(rnd(32)).padStart(2, '0')}${String(rnd(14)).padStart(2, '0')}${1890 + rnd(320)}`;
      const qr = [id, '', 'Nguyễn Văn An', dob, rnd(2) ? 'Nam' : 'Nữ', ADDR, '01012021'].join('|');
      const r = parseCccdQr(qr, { today: TODAY });
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
    }
  });
});

describe('parseCccdDate', () => {
  it('accepts leap days and rejects impossible dates', () => {
    expect(parseCccdDate('29022000')).toBe('2000-02-29');
    expect(parseCccdDate('29021900')).toBeNull();
    expect(parseCccdDate('00012000')).toBeNull();
    expect(parseCccdDate('3104200')).toBeNull();
    expect(parseCccdDate('31042000')).toBeNull();
  });
});

describe('keyboard-wedge fallback', () => {
  it('recovers sex and keeps the ID and dates when diacritics were lost', () => {
    const typed = '079304004567||Tr?n Th? ?ng Ho?|29022004|N?|?p 3, X? B?nh Ch?nh|10102022';
    expect(parseCccdQr(typed).ok).toBe(false);
    const r = parseCccdQr(typed, { wedge: true });
    if (!r.ok) throw new Error(r.error.messageEn);
    expect(r.data).toMatchObject({ idNumber: '079304004567', sex: 'Nữ', dateOfBirth: '2004-02-29', issueDate: '2022-10-10', textReliable: false });
    const nam = parseCccdQr(withField(4, 'Nam'), { wedge: true });
    expect(nam.ok && nam.data.sex).toBe('Nam');
  });

  it('collects a fast burst ending in Enter and ignores slow typing', () => {
    const c = createWedgeCollector({ maxGapMs: 50, minLength: 10 });
    const qr = GOOD.join('|');
    let t = 1000;
    let out: string | null = null;
    for (const ch of qr) expect(c.key(ch, (t += 5))).toBeNull();
    c.key('Shift', (t += 5));
    out = c.key('Enter', (t += 5));
    expect(out).toBe(qr);
    // A person typing 12 digits with pauses never produces a scan.
    for (const ch of '001090012345') c.key(ch, (t += 300));
    expect(c.key('Enter', (t += 300))).toBeNull();
  });
});
