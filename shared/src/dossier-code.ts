/**
 * The one-stop dossier code (mã hồ sơ) printed on the receipt a citizen gets when a dossier is
 * received (giấy tiếp nhận hồ sơ và hẹn trả kết quả), as the clerk types it or scans it from the
 * receipt's barcode/QR (a keyboard-wedge scanner types it and presses Enter).
 *
 * The format, as implemented here: three groups joined by "-":
 *   1. the receiving agency's identifier code (mã định danh cơ quan, đơn vị), dot-separated
 *      groups such as "000.00.21.H29" (the electronic-document agency code scheme of QCVN
 *      102:2016/BTTTT, later Decision 20/2020/QĐ-TTg, whose last group is the province block, a
 *      letter and two digits, e.g. H29 for Hà Nội) — shorter local forms like "H29.12" are accepted
 *      as long as they contain such a letter-and-two-digits block;
 *   2. the date the dossier was received, yymmdd (a real calendar date, not in the future);
 *   3. the day's sequence number of received dossiers at that agency, 4 to 6 digits, not 0.
 * Example: "000.00.21.H29-250101-0001".
 *
 * What is verified and what is not: Decree 61/2018/NĐ-CP (one-stop mechanism, amended by Decree
 * 107/2021/NĐ-CP) requires each received dossier to have a code that lets the citizen look it up,
 * and its implementing Circular 01/2018/TT-VPCP gives the receipt's code as agency code + date of
 * receipt + sequence. The exact character classes above are from how provincial one-stop portals
 * print it, not checked against the circular's text: the search tools available when this was
 * written returned no copy of it (queries on the circular and on "mã hồ sơ" structure found nothing
 * authoritative). A province whose codes do not fit gets a clear refusal naming the expected
 * shape, and the parser is the one place to widen.
 */
export interface DossierCode {
  /** Normalised: upper case, no spaces. */
  code: string;
  agency: string;
  /** YYYY-MM-DD. */
  receivedOn: string;
  seq: number;
}

export type DossierCodeError = 'empty' | 'shape' | 'agency' | 'date' | 'future' | 'sequence';

export type DossierCodeParse = { ok: true; value: DossierCode } | { ok: false; reason: DossierCodeError };

/** What a refusal says, Vietnamese first (shown to the clerk). */
export const DOSSIER_CODE_MESSAGES: Record<DossierCodeError, { vi: string; en: string }> = {
  empty: { vi: 'Chưa nhập mã hồ sơ.', en: 'No dossier code entered.' },
  shape: { vi: 'Mã hồ sơ phải có dạng mã cơ quan-yymmdd-số thứ tự, ví dụ 000.00.21.H29-250101-0001.', en: 'A dossier code reads agency-yymmdd-sequence, e.g. 000.00.21.H29-250101-0001.' },
  agency: { vi: 'Mã cơ quan trong mã hồ sơ không đúng (ví dụ 000.00.21.H29).', en: 'The agency part of the dossier code is not valid (e.g. 000.00.21.H29).' },
  date: { vi: 'Ngày tiếp nhận trong mã hồ sơ (yymmdd) không phải ngày có thật.', en: 'The date in the dossier code (yymmdd) is not a real date.' },
  future: { vi: 'Ngày tiếp nhận trong mã hồ sơ ở tương lai.', en: 'The date in the dossier code is in the future.' },
  sequence: { vi: 'Số thứ tự trong mã hồ sơ phải có 4–6 chữ số và khác 0.', en: 'The sequence in the dossier code must be 4–6 digits, not 0.' },
};

const AGENCY = /^[0-9A-Z]{1,4}(?:\.[0-9A-Z]{1,4}){0,5}$/;
const PROVINCE_BLOCK = /(?:^|\.)[A-Z]\d{2}(?:\.|$)/;

/** Reads a typed or scanned dossier code; `today` (YYYY-MM-DD, the centre's business day) bounds its date. */
export function parseDossierCode(input: string, today: string): DossierCodeParse {
  const code = input.normalize('NFC').trim().toUpperCase().replace(/\s+/g, '');
  if (code === '') return { ok: false, reason: 'empty' };
  const parts = code.split('-');
  if (parts.length !== 3) return { ok: false, reason: 'shape' };
  const [agency, date, seqText] = parts as [string, string, string];
  if (!AGENCY.test(agency) || !PROVINCE_BLOCK.test(agency)) return { ok: false, reason: 'agency' };
  if (!/^\d{6}$/.test(date)) return { ok: false, reason: 'shape' };
  const y = 2000 + Number(date.slice(0, 2));
  const m = Number(date.slice(2, 4));
  const d = Number(date.slice(4, 6));
  const asDate = new Date(Date.UTC(y, m - 1, d));
  if (asDate.getUTCFullYear() !== y || asDate.getUTCMonth() !== m - 1 || asDate.getUTCDate() !== d) return { ok: false, reason: 'date' };
  const receivedOn = `${y}-${date.slice(2, 4)}-${date.slice(4, 6)}`;
  if (receivedOn > today) return { ok: false, reason: 'future' };
  if (!/^\d{4,6}$/.test(seqText) || Number(seqText) === 0) return { ok: false, reason: 'sequence' };
  return { ok: true, value: { code, agency, receivedOn, seq: Number(seqText) } };
}
