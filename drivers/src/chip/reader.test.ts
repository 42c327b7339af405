/** The reader against the virtual card in-process (the PC/SC path is the medium test). */
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_CITIZEN, TEST_CITIZEN_YOUNG } from '../virtual/cccd-test-data';
import { createTestPki, type TestPki } from '../virtual/test-pki';
import { cccdCardFiles, VirtualCccdCard, type CccdCardFiles } from '../virtual/virtual-cccd-chip';
import { encodeDg13 } from './dg13';
import { ChipError } from './errors';
import { cccdBacKey } from './mrz';
import { readCccd, type ApduChannel } from './reader';

let pki: TestPki;
let files: CccdCardFiles;
beforeAll(async () => {
  pki = await createTestPki();
  files = await cccdCardFiles(TEST_CITIZEN, pki);
});

function channel(card: VirtualCccdCard): ApduChannel & { removed: boolean } {
  const ch = {
    removed: false,
    transmit(apdu: Uint8Array): Promise<Uint8Array> {
      if (ch.removed) return Promise.reject(new ChipError('card_removed'));
      const r = card.transmit(apdu);
      // As PC/SC with a short-APDU buffer (maxRecvLength 258): catches a READ BINARY chunk whose
      // protected answer does not fit (0xE0 bytes under AES secure messaging → 260 bytes).
      if (r.length > 258) return Promise.reject(new ChipError('io', `Insufficient buffer (${r.length} bytes)`));
      return ch.removed ? Promise.reject(new ChipError('card_removed')) : Promise.resolve(r);
    },
  };
  card.onRemove = () => {
    ch.removed = true;
  };
  return ch;
}

const key = cccdBacKey(TEST_CITIZEN.idNumber, TEST_CITIZEN.dateOfBirth, TEST_CITIZEN.expiryDate);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ChipError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('readCccd over the virtual card', () => {
  it('reads DG1 and DG13 under BAC + SM and verifies the SOD against the CSCA', async () => {
    const card = new VirtualCccdCard({ files, citizen: TEST_CITIZEN });
    const r = await readCccd(channel(card), key, { csca: [new X509Certificate(pki.cscaDer)], chunk: 0x40 });
    expect(r.dg13).toEqual({ ...TEST_CITIZEN, other: {} });
    expect(r.dg1.documentNumber).toBe('158012345');
    expect(r.passive).toMatchObject({ status: 'verified', hashesOk: true, signatureOk: true, issuerVerified: true });
    // DG2 (the photo) is never selected: only the application, DG1, DG13 and SOD (AID, 01 01,
    // 01 0D, 01 1D); EF.CardAccess (absent on this BAC-only card) was asked for by SFI first.
    expect(card.log[0]).toBe(0xb0);
    expect(card.log.filter((ins) => ins === 0xa4)).toHaveLength(4);
    expect(r.access).toEqual({ protocol: 'BAC', password: 'MRZ', cipher: '3DES', curve: null });
  });

  it('without CSCA: consistent, issuer not verified', async () => {
    const r = await readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN })), key, { csca: null });
    expect(r.passive.message).toBe('chip data consistent, issuer not verified');
  });

  it('wrong MRZ data → access_denied', async () => {
    const wrong = cccdBacKey(TEST_CITIZEN.idNumber, TEST_CITIZEN.dateOfBirth, '2034-03-12');
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN })), wrong, { csca: null }))).toBe('access_denied');
  });

  it('a card without the eMRTD application → not_cccd', async () => {
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ kind: 'not_cccd' })), key, { csca: null }))).toBe('not_cccd');
  });

  it('card removed mid-read → card_removed', async () => {
    const card = new VirtualCccdCard({ files, citizen: TEST_CITIZEN, removeAfterReads: 3 });
    expect(await codeOf(readCccd(channel(card), key, { csca: null, chunk: 0x40 }))).toBe('card_removed');
  });

  it('a DG13 changed after signing → passive_auth_failed', async () => {
    const forged = await cccdCardFiles(TEST_CITIZEN, pki, { tamperDg13After: () => encodeDg13({ ...TEST_CITIZEN, religion: 'Phật giáo' }) });
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files: forged, citizen: TEST_CITIZEN })), key, { csca: null }))).toBe('passive_auth_failed');
  });

  it('a CAN alone cannot open a BAC-only chip → access_denied (the kiosk asks for the QR instead)', async () => {
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN })), { can: '123456' }, { csca: null }))).toBe('access_denied');
  });

  it('a chip whose DG13 is another person (signed!) → inconsistent_data', async () => {
    const mixed = { ...files, dg13: encodeDg13(TEST_CITIZEN_YOUNG) };
    const sod = await pki.signSod(new Map([[1, mixed.dg1], [13, mixed.dg13]]));
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files: { ...mixed, sod }, citizen: TEST_CITIZEN })), key, { csca: null }))).toBe('inconsistent_data');
  });
});

// Catches: the reader ignoring EF.CardAccess (it would run BAC on a PACE chip: the PACE card below
// then reports BAC/3DES), PACE chosen over an available CAN with the MRZ, and a wrong CAN not refused.
describe('readCccd with PACE (chip lists PACE in EF.CardAccess)', () => {
  const pace = { cipher: 'AES-128' as const, parameterId: 13 as const, can: '482915' };

  it('PACE with the CAN, AES secure messaging, then the same data and checks as BAC', async () => {
    const card = new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace });
    const r = await readCccd(channel(card), { can: '482915' }, { csca: [new X509Certificate(pki.cscaDer)], chunk: 0x40 });
    expect(r.access).toEqual({ protocol: 'PACE', password: 'CAN', cipher: 'AES-128', curve: 'brainpoolP256r1' });
    expect(r.dg13).toEqual({ ...TEST_CITIZEN, other: {} });
    expect(r.passive.status).toBe('verified');
    // MSE:Set AT then four GENERAL AUTHENTICATE, no BAC command (84 GET CHALLENGE, 82 EXTERNAL AUTHENTICATE).
    expect(card.log.filter((i) => i === 0x86)).toHaveLength(4);
    expect(card.log.filter((i) => i === 0x84 || i === 0x82)).toEqual([]);
  });

  it('the CAN is preferred when both are given; the MRZ data alone runs PACE with the MRZ password', async () => {
    const both = await readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace })), { mrz: key, can: '482915' }, { csca: null });
    expect(both.access.password).toBe('CAN');
    const mrzOnly = await readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace: { ...pace, cipher: 'AES-256', parameterId: 12 } })), key, { csca: null });
    expect(mrzOnly.access).toEqual({ protocol: 'PACE', password: 'MRZ', cipher: 'AES-256', curve: 'NIST P-256' });
  });

  // Catches: no BAC fallback when the chip refuses the PACE password kind (6A88 at MSE:Set AT), and
  // a fallback that also swallowed a wrong password.
  it('the chip refuses the CAN at MSE:Set AT: BAC with the MRZ data when given, else access_denied', async () => {
    const noCan = { ...pace, can: null };
    const r = await readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace: noCan })), { mrz: key, can: '482915' }, { csca: null });
    expect(r.access).toEqual({ protocol: 'BAC', password: 'MRZ', cipher: '3DES', curve: null });
    expect(r.dg13.fullName).toBe(TEST_CITIZEN.fullName);
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace: noCan })), { can: '482915' }, { csca: null }))).toBe('access_denied');
    // A wrong CAN with the right MRZ data: the token fails, no silent BAC.
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace })), { mrz: key, can: '482916' }, { csca: null }))).toBe('access_denied');
  });

  it('a wrong CAN → access_denied; card removed mid-read under AES SM → card_removed', async () => {
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace })), { can: '482916' }, { csca: null }))).toBe('access_denied');
    const card = new VirtualCccdCard({ files, citizen: TEST_CITIZEN, pace, removeAfterReads: 3 });
    expect(await codeOf(readCccd(channel(card), { can: '482915' }, { csca: null, chunk: 0x40 }))).toBe('card_removed');
  });
});
