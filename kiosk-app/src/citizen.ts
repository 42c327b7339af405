/**
 * The citizen in front of the kiosk: what a scan means (an ID card, an appointment code, or
 * something else), age-based priority, and how much of the card the screen may show.
 */
import { parseAppointmentQr, parseCccdQr, type CentreInfo, type CitizenInput, type PriorityGroup } from '@motcua/shared';

export interface ScannedCard extends CitizenInput {
  sex: string | null;
  /** False when it came through a keyboard wedge: diacritics in the name may be wrong. */
  nameReliable: boolean;
  /** YYYY-MM-DD: with the ID and date of birth it gives the chip's BAC keys (the agent derives the expiry). */
  issueDate?: string | null;
}

export { APPOINTMENT_QR_PREFIX, appointmentQrPayload, parseAppointmentQr } from '@motcua/shared';

export type ScanMeaning =
  | { kind: 'card'; card: ScannedCard }
  | { kind: 'appointment'; code: string }
  /**
   * Looked like a card but a field is wrong (message names it), or was something else entirely;
   * `seeClerk` when the card was read but cannot be true (ID against birth date and sex, unknown
   * province, a date after today): no age priority, the citizen is asked to see a clerk.
   */
  | { kind: 'bad'; message: string; messageEn: string; foreign: boolean; seeClerk: boolean };

/** What a keyboard-wedge scan typed into the page means; `today` is the centre's day (YYYY-MM-DD). */
export function classifyWedgeScan(text: string, today: string): ScanMeaning {
  const code = parseAppointmentQr(text);
  if (code) return { kind: 'appointment', code };
  const r = parseCccdQr(text, { wedge: true, today });
  if (r.ok) {
    const d = r.data;
    return { kind: 'card', card: { idNumber: d.idNumber, fullName: d.fullName, dateOfBirth: d.dateOfBirth, sex: d.sex, nameReliable: d.textReliable, issueDate: d.issueDate } };
  }
  // A URL, a product code, a QR with no '|' at all: not an ID card attempt.
  const foreign = !text.includes('|');
  return { kind: 'bad', message: r.error.message, messageEn: r.error.messageEn, foreign, seeClerk: r.error.seeClerk };
}

/** Age in whole years on `day` (YYYY-MM-DD), both in the centre's calendar. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The age from which the hub gives 'elderly' priority. The hub decides it (config
 * `priority.elderlyAge`); until it publishes it in CentreInfo the kiosk assumes 60.
 */
export function elderlyAgeOf(centre: CentreInfo): number {
  return centre.priority.elderlyAge;
}

/** Priority offered automatically for a scanned card, or null. */
export function autoPriority(card: Pick<CitizenInput, 'dateOfBirth'>, day: string, elderlyAge: number): PriorityGroup | null {
  return ageOn(card.dateOfBirth, day) >= elderlyAge ? 'elderly' : null;
}

/** Only the last four digits of the ID number ever appear on screen. */
export function maskIdNumber(id: string): string {
  return `${'•'.repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;
}

/** "NGUYỄN VĂN AN" → "Nguyễn Văn An" for the greeting. */
export function displayName(fullName: string): string {
  return fullName
    .toLocaleLowerCase('vi')
    .split(' ')
    .filter(Boolean)
    .map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1))
    .join(' ');
}

export const OTHER_PRIORITY_GROUPS: PriorityGroup[] = ['disabled', 'pregnant', 'merit', 'child'];
