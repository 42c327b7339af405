/**
 * EF.DG13 of the Vietnamese CCCD: a proprietary data group (tag 0x6D) of UTF-8 fields, each a
 * SEQUENCE { INTEGER fieldNumber, string… }. No specification is published; the layout here is
 * taken from two open readers and they agree on fields 1–13:
 *   - `DataGroup13.swift` of forks of the NFCPassportReader Swift library (e.g. HVLoc/
 *     NFCPassportReader, Sources/NFCPassportReader/DataGroups/DataGroup13.swift), which gives
 *     the byte prefixes `30 len 02 01 n` then `13` (PrintableString) for the ID and the dates of
 *     birth and issue, `0C` (UTF8String) for the others;
 *   - a TypeScript "VN-CCCD-2024 ICAO document profile" (root 0x6D, container 0x30, field IDs as
 *     below).
 * Field numbers: 1 ID, 2 full name, 3 date of birth (dd/mm/yyyy), 4 sex (Nam/Nữ), 5 nationality,
 * 6 ethnicity, 7 religion, 8 hometown (quê quán), 9 residence (nơi thường trú), 10 identifying
 * marks, 11 issue date, 12 expiry date (or "Không thời hạn"), 13 SEQUENCE { SEQUENCE { father },
 * SEQUENCE { mother } }.
 * Where they disagree: the Swift reader has 14 = spouse (SEQUENCE { SEQUENCE { name } }), 15 = old
 * ID number (9-character PrintableString) and 16 = an unknown 16-character string; the profile
 * has 16 = old ID number. We read 15 as the old ID; 14 as the spouse; 16 and anything else is kept
 * verbatim in `other` (never shown, never sent) so a card of another layout is still read.
 * String types are not relied on: dates come as PrintableString or UTF8String across sources.
 */
import { checkCccdNumber } from '@motcua/shared';
import { ChipError } from './errors';
import { decodeTlv, decodeTlvList, encodeTlv, type Tlv } from './tlv';

export interface Dg13 {
  idNumber: string;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: 'Nam' | 'Nữ';
  nationality: string;
  ethnicity: string;
  religion: string;
  hometown: string;
  residence: string;
  identifyingMarks: string;
  /** YYYY-MM-DD */
  issueDate: string | null;
  /** YYYY-MM-DD, or null when the card has no expiry ("Không thời hạn") or none is given. */
  expiryDate: string | null;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  oldIdNumber: string | null;
  /** Fields of unknown number, as strings (kept for diagnosis in tests, never forwarded). */
  other: Record<number, string[]>;
}

const STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1a, 0x1e, 0x04]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function strings(children: Tlv[]): string[] {
  const out: string[] = [];
  for (const c of children) {
    if (STRING_TAGS.has(c.tag)) out.push(utf8.decode(c.value).normalize('NFC').trim());
    else if (c.tag === 0x30 || c.tag === 0x31) out.push(...strings(decodeTlvList(c.value)));
  }
  return out;
}

function collect(list: Tlv[], into: Map<number, string[]>, depth = 0): void {
  if (depth > 4) return;
  for (const t of list) {
    if (t.tag !== 0x30) continue;
    const children = decodeTlvList(t.value);
    const first = children[0];
    if (first && first.tag === 0x02 && first.value.length >= 1 && first.value.length <= 2) {
      const n = first.value.length === 1 ? (first.value[0] as number) : ((first.value[0] as number) << 8) | (first.value[1] as number);
      into.set(n, strings(children.slice(1)));
    } else collect(children, into, depth + 1);
  }
}

/** dd/mm/yyyy or ddmmyyyy → YYYY-MM-DD, or null when it is not a real date. */
export function parseVnDate(s: string): string | null {
  const m = /^(\d{2})\/?(\d{2})\/?(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2399 || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

export function parseDg13(file: Uint8Array): Dg13 {
  const fields = new Map<number, string[]>();
  try {
    const root = decodeTlv(file);
    if (root.tag !== 0x6d) throw new ChipError('bad_data', `DG13 tag ${root.tag.toString(16)}, expected 6D`);
    collect(decodeTlvList(root.value), fields);
  } catch (e) {
    if (e instanceof ChipError) throw e;
    throw new ChipError('bad_data', `DG13: ${(e as Error).message}`, { cause: e });
  }
  const one = (n: number): string => fields.get(n)?.[0] ?? '';
  const idNumber = one(1);
  if (!/^\d{12}$/.test(idNumber)) throw new ChipError('bad_data', 'DG13 field 1 is not a 12-digit ID');
  const fullName = one(2).replace(/\s+/g, ' ');
  if (fullName === '' || /\d/.test(fullName)) throw new ChipError('bad_data', 'DG13 full name missing or has digits');
  const dateOfBirth = parseVnDate(one(3));
  if (!dateOfBirth) throw new ChipError('bad_data', 'DG13 date of birth is not a date');
  const sexRaw = one(4).toLowerCase();
  const sex = sexRaw === 'nam' ? 'Nam' : sexRaw === 'nữ' ? 'Nữ' : null;
  if (!sex) throw new ChipError('bad_data', 'DG13 sex is neither Nam nor Nữ');
  const issueDate = fields.has(11) ? parseVnDate(one(11)) : null;
  if (fields.has(11) && !issueDate) throw new ChipError('bad_data', 'DG13 issue date is not a date');
  const expiryDate = parseVnDate(one(12));
  if (fields.has(12) && !expiryDate && !/thời hạn/i.test(one(12))) throw new ChipError('bad_data', 'DG13 expiry date is not a date');
  const family = fields.get(13) ?? [];
  const other: Record<number, string[]> = {};
  for (const [n, v] of fields) if (n > 15 || n < 1) other[n] = v;
  const oldId = one(15);
  const d: Dg13 = {
    idNumber,
    fullName,
    dateOfBirth,
    sex,
    nationality: one(5),
    ethnicity: one(6),
    religion: one(7),
    hometown: one(8),
    residence: one(9),
    identifyingMarks: one(10),
    issueDate,
    expiryDate,
    fatherName: family[0] || null,
    motherName: family[1] || null,
    spouseName: fields.get(14)?.[0] || null,
    oldIdNumber: oldId === '' ? null : oldId,
    other,
  };
  validateDg13(d);
  return d;
}

/** Internal consistency of the personal data (the ID numbering rule, date order). */
export function validateDg13(d: Dg13): void {
  const id = checkCccdNumber(d.idNumber, d.dateOfBirth, d.sex);
  if (!id.ok) throw new ChipError('inconsistent_data', `ID number vs ${id.problem}: ${id.detail}`);
  if (d.issueDate && d.issueDate < d.dateOfBirth) throw new ChipError('inconsistent_data', 'issue date before date of birth');
  if (d.expiryDate && d.issueDate && d.expiryDate <= d.issueDate) throw new ChipError('inconsistent_data', 'expiry not after issue');
  if (d.oldIdNumber !== null && !/^\d{9}$|^\d{12}$/.test(d.oldIdNumber)) throw new ChipError('inconsistent_data', 'old ID is not 9 or 12 digits');
}

function isoToVn(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Builds a DG13 in the layout above (used by the virtual card and tests). */
export function encodeDg13(d: Omit<Dg13, 'other'>): Uint8Array {
  const utf8s = (s: string): Uint8Array => encodeTlv(0x0c, new TextEncoder().encode(s));
  const printable = (s: string): Uint8Array => encodeTlv(0x13, new TextEncoder().encode(s));
  const field = (n: number, ...v: Uint8Array[]): Uint8Array => encodeTlv(0x30, [encodeTlv(0x02, Uint8Array.of(n)), ...v]);
  const parts = [
    field(1, printable(d.idNumber)),
    field(2, utf8s(d.fullName)),
    field(3, printable(isoToVn(d.dateOfBirth))),
    field(4, utf8s(d.sex)),
    field(5, utf8s(d.nationality)),
    field(6, utf8s(d.ethnicity)),
    field(7, utf8s(d.religion)),
    field(8, utf8s(d.hometown)),
    field(9, utf8s(d.residence)),
    field(10, utf8s(d.identifyingMarks)),
    ...(d.issueDate ? [field(11, printable(isoToVn(d.issueDate)))] : []),
    field(12, utf8s(d.expiryDate ? isoToVn(d.expiryDate) : 'Không thời hạn')),
    field(13, encodeTlv(0x30, utf8s(d.fatherName ?? '')), encodeTlv(0x30, utf8s(d.motherName ?? ''))),
    ...(d.spouseName ? [field(14, encodeTlv(0x30, utf8s(d.spouseName)))] : []),
    ...(d.oldIdNumber ? [field(15, printable(d.oldIdNumber))] : []),
  ];
  return encodeTlv(0x6d, encodeTlv(0x30, parts));
}
