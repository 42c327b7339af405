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
    // DG2 (the photo) is never selected: only DG1, DG13 and SOD (01 01, 01 0D, 01 1D).
    expect(card.log.filter((ins) => ins === 0xa4)).toHaveLength(4);
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

  it('a chip whose DG13 is another person (signed!) → inconsistent_data', async () => {
    const mixed = { ...files, dg13: encodeDg13(TEST_CITIZEN_YOUNG) };
    const sod = await pki.signSod(new Map([[1, mixed.dg1], [13, mixed.dg13]]));
    expect(await codeOf(readCccd(channel(new VirtualCccdCard({ files: { ...mixed, sod }, citizen: TEST_CITIZEN })), key, { csca: null }))).toBe('inconsistent_data');
  });
});
