/**
 * The BAC key from what the QR gives. The QR carries the 12-digit ID (→ document number: its last
 * 9 digits) and the date of birth, but not the expiry date the key also needs. The expiry follows
 * from the date of birth and the issue date (also on the QR) by the renewal rule: a card is
 * renewed when the citizen turns 25, 40 and 60 (Law on Citizen Identification 2014, art. 21; the
 * Law on Identification 2023, art. 21, adds 14), and one issued in the two years before such an
 * age stays valid until the next one; one issued from 58 on has no expiry. So there are at most
 * two candidates (with and without the age of 14); a card with no expiry, or one whose expiry
 * differs (replaced card, other rule), cannot be opened from the QR alone: a chip that offers PACE
 * opens with the 6-digit CAN printed on the card (`readCccd(ch, { can })`), which the kiosk would
 * have to ask the citizen for; a BAC-only chip needs the expiry printed on the card, or the QR path.
 */
import type { CccdData } from '@motcua/shared';
import { cccdBacKey, type BacKeyInput } from './mrz';
import { ageOn } from './privacy';

function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  // A birthday on 29 February expires on 28 February in common years.
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Candidate expiry dates (YYYY-MM-DD), most likely first; empty when the card has no expiry. */
export function cccdExpiryCandidates(dateOfBirth: string, issueDate: string): string[] {
  const age = ageOn(dateOfBirth, issueDate);
  const out: string[] = [];
  // The 2023 law applies to cards issued from 1 July 2024: try its ages first for those.
  const laws = issueDate >= '2024-07-01' ? [[14, 25, 40, 60], [25, 40, 60]] : [[25, 40, 60], [14, 25, 40, 60]];
  for (const milestones of laws) {
    const next = milestones.find((m) => age < m - 2);
    if (next !== undefined) {
      const e = addYears(dateOfBirth, next);
      if (!out.includes(e)) out.push(e);
    }
  }
  return out;
}

/** BAC keys to try for the card whose QR was scanned (see the module comment). */
export function bacKeysFromQr(qr: Pick<CccdData, 'idNumber' | 'dateOfBirth' | 'issueDate'>): BacKeyInput[] {
  return cccdExpiryCandidates(qr.dateOfBirth, qr.issueDate).map((e) => cccdBacKey(qr.idNumber, qr.dateOfBirth, e));
}
