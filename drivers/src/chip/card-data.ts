/**
 * What a chip read yields, and the DG1 ↔ DG13 cross-check: the same person must be described by
 * both data groups (ID / document number, date of birth, sex, expiry).
 */
import type { Dg1 } from './dg1';
import type { Dg13 } from './dg13';
import { ChipError } from './errors';
import { toYymmdd } from './mrz';

export function crossCheck(dg1: Dg1, dg13: Dg13): void {
  const fail = (what: string): never => {
    throw new ChipError('inconsistent_data', `DG1 and DG13 disagree on the ${what}`);
  };
  if (dg1.documentNumber !== dg13.idNumber.slice(3)) fail('document number');
  if (dg1.idNumber !== null && dg1.idNumber !== dg13.idNumber) fail('ID number');
  if (dg1.dateOfBirth !== toYymmdd(dg13.dateOfBirth)) fail('date of birth');
  if ((dg1.sex === 'M' && dg13.sex !== 'Nam') || (dg1.sex === 'F' && dg13.sex !== 'Nữ')) fail('sex');
  if (dg13.expiryDate !== null && dg1.dateOfExpiry !== toYymmdd(dg13.expiryDate)) fail('date of expiry');
}
