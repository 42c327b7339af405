import { describe, expect, it } from 'vitest';
import { bacKeysFromQr, cccdExpiryCandidates } from './qr-key';

describe('BAC key from the QR', () => {
  it('the next renewal age after the issue date', () => {
    expect(cccdExpiryCandidates('1970-05-20', '2021-04-10')).toEqual(['2030-05-20']); // issued at 50 → 60
    expect(cccdExpiryCandidates('2001-11-30', '2021-12-01')).toEqual(['2026-11-30']); // issued at 20 → 25
  });
  it('issued within two years of a renewal age: valid until the next one', () => {
    expect(cccdExpiryCandidates('1982-06-01', '2021-03-01')).toEqual(['2042-06-01']); // 38 → 60, not 40
    expect(cccdExpiryCandidates('1997-06-01', '2021-03-01')).toEqual(['2037-06-01']); // 23 → 40
  });
  it('a child: 14 under the 2023 law, 25 under the 2014 law', () => {
    expect(cccdExpiryCandidates('2015-01-10', '2024-08-01')).toEqual(['2029-01-10', '2040-01-10']);
    expect(cccdExpiryCandidates('2015-01-10', '2023-08-01')).toEqual(['2040-01-10', '2029-01-10']);
  });
  it('issued from 58 on: no expiry, no candidate', () => {
    expect(cccdExpiryCandidates('1958-03-12', '2021-04-10')).toEqual([]);
    expect(bacKeysFromQr({ idNumber: '001158012345', dateOfBirth: '1958-03-12', issueDate: '2021-04-10' })).toEqual([]);
  });
  it('29 February birthdays', () => {
    expect(cccdExpiryCandidates('2000-02-29', '2021-01-01')).toEqual(['2025-02-28']);
  });
  it('keys: document number = last 9 digits', () => {
    expect(bacKeysFromQr({ idNumber: '079201004321', dateOfBirth: '2001-11-30', issueDate: '2021-12-01' })).toEqual([{ documentNumber: '201004321', dateOfBirth: '011130', dateOfExpiry: '261130' }]);
  });
});
