/**
 * CCCD (thẻ căn cước công dân) QR payload parser — pure, shared by the device agent (serial
 * scanners) and the kiosk UI (keyboard-wedge fallback).
 *
 * Payload (UTF-8, `|`-separated, positions matter):
 *   `ID(12) | old CMND(9, may be empty) | full name | DOB ddMMyyyy | sex (Nam/Nữ) | address | issue date ddMMyyyy [| extra…]`
 * Variants seen on real cards: empty CMND (`||`), 6 fields with the CMND dropped, cards from 2024
 * on with extra trailing fields (often empty), trailing spaces, CR/LF, an extra `|`.
 *
 * Never throws: returns `{ ok: true, data }` or `{ ok: false, error }` where the error names the
 * field that is wrong, with a Vietnamese message a citizen can act on and an English one.
 */
import { checkCccdNumber } from './cccd-number';

export interface CccdData {
  /** 12-digit personal identification number. */
  idNumber: string;
  /** Old 9-digit CMND (or an old 12-digit number), null when the card leaves it empty or drops it. */
  oldIdNumber: string | null;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: 'Nam' | 'Nữ';
  address: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** Fields after the issue date (cards from 2024 on), trimmed, kept in order; empty ones kept. */
  extra: string[];
  /**
   * False when the text came through a keyboard wedge and non-ASCII letters may be lost or wrong:
   * use the ID and dates, but let the citizen confirm the name.
   */
  textReliable: boolean;
}

export type CccdField = 'payload' | 'idNumber' | 'oldIdNumber' | 'fullName' | 'dateOfBirth' | 'sex' | 'address' | 'issueDate';

export type CccdErrorCode = 'empty' | 'too_long' | 'too_few_fields' | 'missing' | 'bad_format' | 'bad_date' | 'date_order' | 'inconsistent' | 'unknown_province' | 'future_date';

/**
 * Errors where the QR was read correctly but what it says cannot be true (the ID contradicts the
 * date of birth or sex, a province code that does not exist, a date after today): scanning again
 * will not help, and age priority must not follow from it. The citizen is asked to see a clerk.
 */
export const CCCD_SEE_CLERK: ReadonlySet<CccdErrorCode> = new Set(['inconsistent', 'unknown_province', 'future_date']);

export interface CccdError {
  code: CccdErrorCode;
  /** The field that is wrong ('payload' when the whole QR is unusable). */
  field: CccdField;
  /** Vietnamese, for the citizen. */
  message: string;
  /** English, for logs and the second line on screen. */
  messageEn: string;
  /** The card was read but is implausible (CCCD_SEE_CLERK): show "see a clerk", not "scan again". */
  seeClerk: boolean;
}

export type CccdResult = { ok: true; data: CccdData } | { ok: false; error: CccdError };

export interface ParseCccdOptions {
  /**
   * Keyboard-wedge input: scanners typing through a keyboard layout garble Vietnamese letters.
   * The ID and dates are still validated strictly; sex is recovered from what is left ("N?", "Nu"
   * → Nữ) and name/address are kept as typed with `textReliable: false`.
   */
  wedge?: boolean;
  /**
   * Today in the centre's calendar (YYYY-MM-DD): a date of birth or issue date after it is refused
   * as `future_date`. Every caller at a kiosk passes it; without it dates are not compared to today.
   */
  today?: string;
}

export const CCCD_MAX_LENGTH = 2000;

const FIELD_LABEL: Record<CccdField, { vi: string; en: string }> = {
  payload: { vi: 'mã QR', en: 'QR payload' },
  idNumber: { vi: 'số định danh (12 chữ số)', en: 'ID number (12 digits)' },
  oldIdNumber: { vi: 'số CMND cũ', en: 'old CMND number' },
  fullName: { vi: 'họ và tên', en: 'full name' },
  dateOfBirth: { vi: 'ngày sinh', en: 'date of birth' },
  sex: { vi: 'giới tính', en: 'sex' },
  address: { vi: 'nơi thường trú', en: 'address' },
  issueDate: { vi: 'ngày cấp', en: 'issue date' },
};

function err(code: CccdErrorCode, field: CccdField, detailEn: string): { ok: false; error: CccdError } {
  const label = FIELD_LABEL[field];
  const vi: Record<CccdErrorCode, string> = {
    empty: 'Không đọc được mã QR trên thẻ căn cước, vui lòng quét lại.',
    too_long: 'Mã QR quá dài, không phải mã trên thẻ căn cước.',
    too_few_fields: 'Mã QR không phải mã trên thẻ căn cước (thiếu thông tin).',
    missing: `Mã QR thiếu ${label.vi}.`,
    bad_format: `Mã QR có ${label.vi} không hợp lệ.`,
    bad_date: `Mã QR có ${label.vi} không phải ngày hợp lệ.`,
    date_order: `Mã QR có ${label.vi} không hợp lệ (trước ngày sinh).`,
    inconsistent: `Mã QR có ${label.vi} không khớp với ngày sinh hoặc giới tính.`,
    unknown_province: `Mã QR có ${label.vi} mang mã tỉnh không tồn tại.`,
    future_date: `Mã QR có ${label.vi} sau ngày hôm nay.`,
  };
  return { ok: false, error: { code, field, message: vi[code], messageEn: `Invalid CCCD QR: ${label.en}: ${detailEn}`, seeClerk: CCCD_SEE_CLERK.has(code) } };
}

/** ddMMyyyy → YYYY-MM-DD, or null when it is not a real calendar date in 1900–2199. */
export function parseCccdDate(s: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (!m) return null;
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  const d = Number(dd);
  const mo = Number(mm);
  const y = Number(yyyy);
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${yyyy}-${mm}-${dd}`;
}

// Control characters other than the separator would be garbage from the line or the scanner.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function cleanText(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function parseSex(raw: string, wedge: boolean): 'Nam' | 'Nữ' | null {
  const s = raw.normalize('NFC').trim().toLowerCase();
  if (s === 'nam') return 'Nam';
  if (s === 'nữ') return 'Nữ';
  // Through a keyboard wedge "Nữ" arrives as "N", "N?", "Nu", "Nư"…; "Nam" is pure ASCII and survives.
  if (wedge && s.startsWith('n') && s.length <= 3 && !/[0-9]/.test(s) && !s.startsWith('na')) return 'Nữ';
  return null;
}

/** Parses a CCCD QR payload; see the module comment for the accepted variants. */
export function parseCccdQr(input: string, options: ParseCccdOptions = {}): CccdResult {
  const wedge = options.wedge ?? false;
  if (input.length > CCCD_MAX_LENGTH) return err('too_long', 'payload', `${input.length} characters`);
  // Scanners add CR/LF, some pad with spaces or NULs; a BOM sneaks in from some firmware.
  // eslint-disable-next-line no-control-regex -- NUL padding is exactly what we strip here
  const text = input.replace(/^\uFEFF/, '').replace(/[\s\u0000]+$/u, '').replace(/^[\s\u0000]+/u, '');
  if (text === '') return err('empty', 'payload', 'empty');
  const parts = text.split('|');
  if (parts.length < 6) return err('too_few_fields', 'payload', `${parts.length} fields, expected 6 or more`);

  // Find the layout by where the date of birth sits: the 6-field variant drops the CMND, so the
  // name is second and the DOB third; otherwise the CMND (possibly empty) is second.
  const dropped = parts.length >= 6 && /^\d{8}$/.test((parts[2] ?? '').trim()) && !/^\d{8}$/.test((parts[3] ?? '').trim());
  const at = (i: number): string => (parts[i] ?? '').trim();
  const [idRaw, cmndRaw, nameRaw, dobRaw, sexRaw, addrRaw, issueRaw] = dropped
    ? [at(0), '', at(1), at(2), at(3), at(4), at(5)]
    : [at(0), at(1), at(2), at(3), at(4), at(5), at(6)];
  const extraStart = dropped ? 6 : 7;
  if (!dropped && parts.length < 7) {
    // Six fields but the third is not a date: the DOB is missing or malformed.
    return err('too_few_fields', 'payload', `${parts.length} fields and no date of birth in field 3`);
  }

  if (idRaw === '') return err('missing', 'idNumber', 'empty');
  if (!/^\d{12}$/.test(idRaw)) return err('bad_format', 'idNumber', `"${idRaw.slice(0, 20)}" is not 12 digits`);

  let oldIdNumber: string | null = null;
  if (cmndRaw !== '') {
    if (!/^\d{9}$|^\d{12}$/.test(cmndRaw)) return err('bad_format', 'oldIdNumber', `"${cmndRaw.slice(0, 20)}" is not 9 digits`);
    oldIdNumber = cmndRaw;
  }

  const fullName = cleanText(nameRaw);
  if (fullName === '') return err('missing', 'fullName', 'empty');
  if (fullName.length > 120 || CONTROL.test(nameRaw) || /\d/.test(fullName)) return err('bad_format', 'fullName', 'contains digits or control characters, or is too long');

  if (dobRaw === '') return err('missing', 'dateOfBirth', 'empty');
  const dateOfBirth = parseCccdDate(dobRaw);
  if (!dateOfBirth) return err('bad_date', 'dateOfBirth', `"${dobRaw.slice(0, 20)}" is not a ddMMyyyy date`);

  if (sexRaw === '') return err('missing', 'sex', 'empty');
  const sex = parseSex(sexRaw, wedge);
  if (!sex) return err('bad_format', 'sex', `"${sexRaw.slice(0, 20)}" is neither Nam nor Nữ`);

  // The ID encodes the century and sex (digit 4) and the birth year (digits 5–6): a QR that
  // contradicts itself is forged or corrupt, and age priority must not follow from it.
  if (options.today !== undefined && dateOfBirth > options.today) return err('future_date', 'dateOfBirth', `${dateOfBirth} is after today ${options.today}`);
  const idCheck = checkCccdNumber(idRaw, dateOfBirth, sex);
  if (!idCheck.ok) return err(idCheck.problem === 'province' ? 'unknown_province' : 'inconsistent', 'idNumber', `${idCheck.problem}: ${idCheck.detail}`);

  const address = cleanText(addrRaw);
  if (address === '') return err('missing', 'address', 'empty');
  if (CONTROL.test(addrRaw)) return err('bad_format', 'address', 'contains control characters');

  if (issueRaw === '') return err('missing', 'issueDate', 'empty');
  const issueDate = parseCccdDate(issueRaw);
  if (!issueDate) return err('bad_date', 'issueDate', `"${issueRaw.slice(0, 20)}" is not a ddMMyyyy date`);
  if (issueDate < dateOfBirth) return err('date_order', 'issueDate', `${issueDate} is before the date of birth ${dateOfBirth}`);
  if (options.today !== undefined && issueDate > options.today) return err('future_date', 'issueDate', `${issueDate} is after today ${options.today}`);

  const extra = parts.slice(extraStart).map((p) => p.trim());
  return { ok: true, data: { idNumber: idRaw, oldIdNumber, fullName, dateOfBirth, sex, address, issueDate, extra, textReliable: !wedge } };
}

/**
 * Collects keystrokes from a keyboard-wedge scanner (the kiosk's fallback when the scanner is
 * not in serial mode). A scanner types fast and ends with Enter; a person types slowly. Times are
 * passed in by the caller (event timestamps), so it is pure and testable.
 */
export interface WedgeCollector {
  /**
   * Feed one key (`KeyboardEvent.key`: a single character, or 'Enter'/'Tab'); returns the scanned
   * text when Enter/Tab completes a fast burst, else null. Other named keys (Shift…) are ignored.
   */
  key(key: string, atMs: number): string | null;
  reset(): void;
}

export function createWedgeCollector(opts: { maxGapMs?: number; minLength?: number } = {}): WedgeCollector {
  const maxGap = opts.maxGapMs ?? 80;
  const minLength = opts.minLength ?? 20;
  let buf = '';
  let last = -Infinity;
  return {
    key(key, atMs) {
      if (atMs - last > maxGap) buf = ''; // a pause means a person, or a new scan: start over
      last = atMs;
      if (key === 'Enter' || key === 'Tab') {
        const out = buf;
        buf = '';
        return out.length >= minLength ? out : null;
      }
      if ([...key].length === 1) buf += key;
      return null;
    },
    reset() {
      buf = '';
      last = -Infinity;
    },
  };
}
