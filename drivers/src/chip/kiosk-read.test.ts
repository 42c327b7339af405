import { describe, expect, it } from 'vitest';
import type { ChipReadEvent } from './chip-scanner';
import { readForKiosk, type ChipReaderLike } from './kiosk-read';
import type { AccessKey } from './reader';
import type { BacKeyInput } from './mrz';

/** A reader that opens only with `opens` (compared by document number + expiry, or the CAN) and records every key tried. */
function fakeReader(opens: (k: AccessKey) => boolean): ChipReaderLike & { tried: AccessKey[] } {
  const tried: AccessKey[] = [];
  return {
    tried,
    read(key: BacKeyInput | AccessKey): Promise<ChipReadEvent> {
      const k: AccessKey = 'documentNumber' in key ? { mrz: key } : key;
      tried.push(k);
      const result: ChipReadEvent['result'] = opens(k)
        ? { ok: true, citizen: { fullName: 'NGUYỄN VĂN AN', ageBand: { min: 16, max: 60 }, idPseudonym: 'secret-pseudonym' }, verified: true, verification: 'verified', verificationMessage: 'ok', access: { protocol: 'BAC', password: 'MRZ', cipher: '3DES', curve: null }, checks: { bac: true, pace: false, dg1: true, dg13: true, crossCheck: true, sodHashes: true, sodSignature: true, issuerVerified: true }, ms: 1 }
        : { ok: false, error: { code: 'access_denied', message: 'Không mở được chip', messageEn: 'denied', fallbackToQr: true } };
      return Promise.resolve({ source: 'chip', reader: 'r', at: 0, result });
    },
  };
}

describe('a kiosk chip read on the agent', () => {
  const qr = { idNumber: '079201004321', dateOfBirth: '2001-11-30', issueDate: '2021-12-01' };

  it('tries the QR expiry candidates in turn until one opens the chip; only name, band and verified leave', async () => {
    const r = fakeReader((k) => k.mrz?.dateOfExpiry === '261130');
    const out = await readForKiosk(r, { requestId: 'r-1', qr, can: null });
    expect(out).toEqual({ ok: true, fullName: 'NGUYỄN VĂN AN', ageBand: { min: 16, max: 60 }, verified: true });
    expect(JSON.stringify(out)).not.toContain('secret-pseudonym');
    expect(r.tried.length).toBeGreaterThanOrEqual(1);
  });

  it('a QR without an expiry to derive and no CAN: access_denied without touching the card', async () => {
    const r = fakeReader(() => true);
    const out = await readForKiosk(r, { requestId: 'r-1', qr: { idNumber: '079058012345', dateOfBirth: '1958-03-15', issueDate: '2021-05-10' }, can: null });
    expect(out).toMatchObject({ ok: false, code: 'access_denied', fallbackToQr: true });
    expect(r.tried).toEqual([]);
  });

  it('the CAN alone; no reader at all is no_reader', async () => {
    const r = fakeReader((k) => k.can === '482915');
    expect(await readForKiosk(r, { requestId: 'r-1', qr: null, can: '482915' })).toMatchObject({ ok: true });
    expect(await readForKiosk(null, { requestId: 'r-1', qr: null, can: '482915' })).toMatchObject({ ok: false, code: 'no_reader' });
  });
});
