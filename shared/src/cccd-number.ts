/**
 * The CCCD personal identification number (số định danh cá nhân, 12 digits) encodes the birth
 * province, the century of birth with the sex, and the last two digits of the birth year
 * (Decree 137/2015/NĐ-CP art. 7, Circular 07/2016/TT-BCA art. 7):
 *
 *   PPP G YY NNNNNN — PPP: province/country code of birth registration; G: century + sex
 *   (20th century 0 male / 1 female, 21st 2/3, 22nd 4/5, 23rd 6/7, 24th 8/9); YY: birth year mod
 *   100; NNNNNN: random.
 *
 * A card (QR or chip data) whose ID contradicts its own date of birth or sex is not accepted:
 * age priority follows from the date of birth.
 */

export type CccdNumberProblem = 'format' | 'century' | 'birth_year' | 'sex';

export interface CccdNumberCheck {
  ok: boolean;
  problem?: CccdNumberProblem;
  detail?: string;
}

/**
 * Checks `idNumber` against the date of birth (YYYY-MM-DD) and sex ('Nam' | 'Nữ', or MRZ
 * 'M' | 'F'); sex may be null when unknown (then only the century is checked).
 */
export function checkCccdNumber(idNumber: string, dateOfBirth: string, sex: 'Nam' | 'Nữ' | 'M' | 'F' | null): CccdNumberCheck {
  if (!/^\d{12}$/.test(idNumber)) return { ok: false, problem: 'format', detail: 'not 12 digits' };
  const year = Number(dateOfBirth.slice(0, 4));
  if (!Number.isInteger(year) || year < 1900 || year > 2399) return { ok: false, problem: 'century', detail: `birth year ${dateOfBirth.slice(0, 4)} out of range` };
  const g = Number(idNumber[3]);
  const century = Math.floor((year - 1900) / 100); // 0 for 19xx, 1 for 20xx…
  if (Math.floor(g / 2) !== century) return { ok: false, problem: 'century', detail: `digit 4 is ${g}, born ${year}` };
  if (idNumber.slice(4, 6) !== String(year % 100).padStart(2, '0')) return { ok: false, problem: 'birth_year', detail: `digits 5–6 are ${idNumber.slice(4, 6)}, born ${year}` };
  if (sex !== null) {
    const female = sex === 'Nữ' || sex === 'F';
    if (g % 2 !== (female ? 1 : 0)) return { ok: false, problem: 'sex', detail: `digit 4 is ${g}, sex ${sex}` };
  }
  return { ok: true };
}
