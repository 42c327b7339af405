import { describe, expect, it } from 'vitest';
import type { ChipCitizen } from '@motcua/shared';
import type { ScannedCard } from './citizen';
import { initialSession, reduce, type Action, type Session } from './flow';

const run = (actions: Action[], from: Session = initialSession()): Session => actions.reduce(reduce, from);
const toConfirm: Action[] = [{ type: 'chooseField', fieldId: 'f-ho-tich' }, { type: 'chooseProcedure', procedureId: 'p-1001193', serviceId: 's-ht' }];
const qrCard: ScannedCard = { idNumber: '079058012345', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1958-03-15', sex: 'Nam', nameReliable: true, issueDate: '2021-05-10' };
const scannedOld: Action = { type: 'scanned', card: qrCard, day: '2026-11-23', elderlyAge: 60 };
const read = (requestId: string, o: Partial<ChipCitizen> & { verified?: boolean; elderly?: boolean } = {}): Action => ({
  type: 'chipRead',
  read: { requestId, outcome: { ok: true, fullName: 'TRẦN THỊ BÌNH', ageBand: o.elderly ? { min: 60, max: 75 } : { min: 16, max: 60 }, verified: o.verified ?? true }, elderly: o.elderly ?? false },
});
const denied = (requestId: string): Action => ({ type: 'chipRead', read: { requestId, outcome: { ok: false, code: 'access_denied', message: 'Không mở được chip', messageEn: 'access denied', fallbackToQr: true }, elderly: false } });

describe('kiosk chip flow', () => {
  it('without a QR the CAN comes first; with one the card is read at once', () => {
    expect(run([...toConfirm, { type: 'openChip', requestId: null }]).screen).toMatchObject({ name: 'chip', step: 'can', canAsked: true });
    expect(run([...toConfirm, scannedOld, { type: 'openChip', requestId: 'r-1234567890' }]).screen).toMatchObject({ name: 'chip', step: 'place', requestId: 'r-1234567890', canAsked: false });
  });

  // Catches a QR's elderly priority surviving a chip read that says otherwise.
  it('the chip decides the age priority: a QR that says elderly is overruled by a chip that does not', () => {
    const s = run([...toConfirm, scannedOld, { type: 'openChip', requestId: 'r-1234567890' }, read('r-1234567890', { elderly: false })]);
    expect(s).toMatchObject({ screen: { name: 'confirm' }, chip: { requestId: 'r-1234567890', elderly: false }, priority: null, priorityAuto: false });
    // and a QR scanned after the chip changes nothing there
    expect(run([scannedOld], s)).toMatchObject({ priority: null, priorityAuto: false });
  });

  it('elderly priority from a verified elderly chip; a group chosen by hand stays', () => {
    expect(run([...toConfirm, { type: 'openChip', requestId: null }, { type: 'chipStarted', requestId: 'r-1' }, read('r-1', { elderly: true })])).toMatchObject({ priority: 'elderly', priorityAuto: true });
    expect(run([...toConfirm, { type: 'setPriority', group: 'pregnant' }, { type: 'openChip', requestId: null }, { type: 'chipStarted', requestId: 'r-1' }, read('r-1', { elderly: true })])).toMatchObject({ priority: 'pregnant', priorityAuto: false });
  });

  it('QR keys refused: the CAN is asked once; refused again: the error screen, then back to the QR path', () => {
    const s = run([...toConfirm, scannedOld, { type: 'openChip', requestId: 'r-1' }, denied('r-1')]);
    expect(s.screen).toMatchObject({ name: 'chip', step: 'can', canAsked: true, requestId: null });
    const e = run([{ type: 'chipCan', can: '12a3456789' }, { type: 'chipStarted', requestId: 'r-2' }, denied('r-2')], s);
    expect(e.screen).toMatchObject({ name: 'chip', step: 'error', can: '123456', error: { message: 'Không mở được chip', fallbackToQr: true } });
    expect(run([{ type: 'back' }], e).screen).toMatchObject({ name: 'confirm' });
  });

  it('an answer for a request the screen no longer waits for changes nothing', () => {
    const s = run([...toConfirm, { type: 'openChip', requestId: 'r-1' }, { type: 'back' }]);
    expect(run([read('r-1', { elderly: true })], s)).toBe(s);
  });
});
