import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CITIZEN } from '../virtual/cccd-test-data';
import { createTestPki, type TestPki } from '../virtual/test-pki';
import { encodeDg1 } from './dg1';
import { encodeDg13 } from './dg13';
import { ChipError } from './errors';
import { cccdBacKey } from './mrz';
import { loadCscaFolder, parseSod, passiveAuth } from './sod';
import { fromHex } from './tlv';

const k = cccdBacKey(TEST_CITIZEN.idNumber, TEST_CITIZEN.dateOfBirth, TEST_CITIZEN.expiryDate);
const dg1 = encodeDg1({ ...k, idNumber: TEST_CITIZEN.idNumber, sex: 'F', surname: 'TRAN', givenNames: 'THI BINH' });
const dg13 = encodeDg13(TEST_CITIZEN);
const read = new Map([[1, dg1], [13, dg13]]);

let pki: TestPki;
let other: TestPki;
let dir: string;
let sodBytes: Uint8Array;
beforeAll(async () => {
  pki = await createTestPki();
  other = await createTestPki({ cscaName: 'Another CSCA' });
  dir = mkdtempSync(join(tmpdir(), 'csca-'));
  writeFileSync(join(dir, 'csca.der'), pki.cscaDer);
  sodBytes = await pki.signSod(read);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passive authentication', () => {
  it('parses the SOD: SHA-256 hashes of DG1 and DG13 and the DS certificate', () => {
    const sod = parseSod(sodBytes);
    expect(sod.hashAlgorithm).toBe('sha256');
    expect([...sod.hashes.keys()]).toEqual([1, 13]);
    expect(sod.dsCertificate).not.toBeNull();
  });

  it('without a CSCA folder: chip data consistent, issuer not verified', async () => {
    const r = await passiveAuth(parseSod(sodBytes), read, null);
    expect(r).toMatchObject({ status: 'consistent_issuer_not_verified', hashesOk: true, signatureOk: true, issuerVerified: false, message: 'chip data consistent, issuer not verified' });
  });

  it('with the right CSCA folder: verified', async () => {
    const r = await passiveAuth(parseSod(sodBytes), read, loadCscaFolder(dir));
    expect(r.status).toBe('verified');
    expect(r.issuerVerified).toBe(true);
    expect(r.message).toMatch(/Test CSCA/);
  });

  it('with another CSCA: not verified (failed)', async () => {
    const r = await passiveAuth(parseSod(sodBytes), read, [new X509Certificate(other.cscaDer)]);
    expect(r.status).toBe('failed');
    expect(r.issuerVerified).toBe(false);
    expect(r.message).toMatch(/not issued by a configured CSCA/);
  });

  it('a changed data group fails its hash', async () => {
    const forged = encodeDg13({ ...TEST_CITIZEN, fullName: 'Trần Thị Bính' });
    const r = await passiveAuth(parseSod(sodBytes), new Map([[1, dg1], [13, forged]]), loadCscaFolder(dir));
    expect(r).toMatchObject({ status: 'failed', hashesOk: false, signatureOk: true });
    expect(r.dataGroups).toEqual([{ dg: 1, ok: true }, { dg: 13, ok: false }]);
  });

  it('an SOD signed by another DS over the same data does not verify with this CSCA', async () => {
    const r = await passiveAuth(parseSod(await other.signSod(read)), read, loadCscaFolder(dir));
    expect(r.status).toBe('failed');
  });

  it('a tampered signature is refused', async () => {
    const t = Uint8Array.from(sodBytes);
    t[t.length - 5] = (t[t.length - 5] as number) ^ 0xff; // inside the ECDSA signature at the end
    const r = await passiveAuth(parseSod(t), read, null);
    expect(r).toMatchObject({ status: 'failed', signatureOk: false });
  });

  it('garbage is a bad_data ChipError', () => {
    expect(() => parseSod(fromHex('770330010A'))).toThrow(ChipError);
    expect(() => parseSod(fromHex('6100'))).toThrow(/expected 77/);
  });
});
