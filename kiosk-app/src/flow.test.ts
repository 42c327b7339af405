import { describe, expect, it } from 'vitest';
import type { ScannedCard } from './citizen';
import { initialSession, isIdleHome, reduce, type Action, type Session } from './flow';
import type { PendingRequest } from './pending';
import { testIssued } from './test-snapshot.test-support';

const run = (actions: Action[], from: Session = initialSession()): Session => actions.reduce(reduce, from);
const card = (dateOfBirth: string): ScannedCard => ({ idNumber: '079095012345', fullName: 'NGUYỄN VĂN AN', dateOfBirth, sex: 'Nam', nameReliable: true });
const scanned = (dob: string): Action => ({ type: 'scanned', card: card(dob), day: '2026-11-23', elderlyAge: 60 });
const pending: PendingRequest = { kind: 'issue', startedAt: 0, input: { serviceId: 's-ht', channel: 'kiosk', requestId: 'k-0123456789' } };
const toConfirm: Action[] = [{ type: 'chooseField', fieldId: 'f-ho-tich' }, { type: 'chooseProcedure', procedureId: 'p-1001193', serviceId: 's-ht' }];

describe('kiosk flow', () => {
  it('field → procedure → confirm, and back again', () => {
    const s = run(toConfirm);
    expect(s.screen).toEqual({ name: 'confirm', procedureId: 'p-1001193', serviceId: 's-ht' });
    expect(run([{ type: 'back' }], s).screen).toEqual({ name: 'procedures', fieldId: 'f-ho-tich' });
    expect(run([{ type: 'back' }, { type: 'back' }], s).screen).toEqual({ name: 'home' });
  });

  it('a card of someone 60 or older gives elderly priority automatically; younger does not', () => {
    const old = run([...toConfirm, scanned('1958-03-15')]);
    expect(old).toMatchObject({ priority: 'elderly', priorityAuto: true });
    expect(run([...toConfirm, scanned('1990-03-15')])).toMatchObject({ priority: null, priorityAuto: false });
  });

  // Catches a "see a clerk" scan that leaves the previous card's automatic priority in place.
  it('an implausible card forgets the card and its automatic priority, keeps a group chosen by hand', () => {
    const seeClerk: Action = { type: 'scanBad', message: 'Mã QR có số định danh không khớp với ngày sinh hoặc giới tính.', messageEn: 'x', foreign: false, seeClerk: true };
    const s = run([...toConfirm, scanned('1958-03-15'), seeClerk]);
    expect(s).toMatchObject({ card: null, priority: null, priorityAuto: false, scanError: { seeClerk: true } });
    expect(run([...toConfirm, { type: 'setPriority', group: 'pregnant' }, seeClerk])).toMatchObject({ priority: 'pregnant' });
    // An unreadable scan (not implausible) leaves the card read before alone.
    expect(run([...toConfirm, scanned('1958-03-15'), { ...seeClerk, seeClerk: false }])).toMatchObject({ priority: 'elderly', priorityAuto: true });
  });

  it('a group chosen by hand survives a scan; forgetting the card drops only automatic priority', () => {
    const s = run([...toConfirm, { type: 'setPriority', group: 'pregnant' }, scanned('1958-03-15')]);
    expect(s).toMatchObject({ priority: 'pregnant', priorityAuto: false });
    expect(run([{ type: 'forgetCard' }], s)).toMatchObject({ card: null, priority: 'pregnant' });
    expect(run([...toConfirm, scanned('1958-03-15'), { type: 'forgetCard' }])).toMatchObject({ card: null, priority: null });
  });

  it('while a ticket is on its way, taps, scans and the idle timer change nothing', () => {
    const s = run([...toConfirm, { type: 'issueStarted', pending }]);
    expect(s.screen.name).toBe('issuing');
    for (const a of [{ type: 'reset' }, { type: 'back' }, scanned('1958-03-15'), { type: 'openCheckIn' }, { type: 'chooseField', fieldId: 'x' }] as Action[]) {
      expect(reduce(s, a)).toBe(s);
    }
    expect(reduce(s, { type: 'issueProgress', connected: false }).pendingOffline).toBe(true);
  });

  it('the answer shows the ticket and forgets the citizen; a failure goes back with the reason', () => {
    const s = run([...toConfirm, scanned('1958-03-15'), { type: 'issueStarted', pending }]);
    const shown = reduce(s, { type: 'issued', issued: testIssued() });
    expect(shown.screen).toMatchObject({ name: 'ticket', print: { kind: 'printing' } });
    expect(shown).toMatchObject({ card: null, priority: null, pending: null });
    const failed = reduce(s, { type: 'issueFailed', error: { code: 'service_unavailable', message: 'Dịch vụ này hiện không có quầy nào phục vụ.' } });
    expect(failed.screen.name).toBe('confirm');
    expect(failed.error?.vi).toContain('không có quầy');
    expect(failed.pending).toBeNull();
  });

  it('a check-in that is not found says so in the citizen’s words', () => {
    const s = run([{ type: 'openCheckIn' }, { type: 'code', code: 'ab-3k9z' }]);
    expect(s.code).toBe('AB3K9Z');
    const failed = run([{ type: 'issueStarted', pending: { kind: 'checkIn', startedAt: 0, input: { code: 'AB3K9Z', requestId: 'k-0123456789' } } }, { type: 'issueFailed', error: { code: 'not_found', message: 'x' } }], s);
    expect(failed.screen.name).toBe('checkIn');
    expect(failed.error?.vi).toContain('Không tìm thấy lịch hẹn');
  });

  it('a print failure marks the ticket on screen, or is kept for a ticket that left the screen', () => {
    const shown = run([{ type: 'issued', issued: testIssued() }]);
    const failed = reduce(shown, { type: 'printFailed', ticketId: 't1', reason: 'paper_out', at: 5 });
    expect(failed.screen).toMatchObject({ name: 'ticket', print: { kind: 'failed', reason: 'paper_out' } });
    expect(failed.printerIssue).toEqual({ reason: 'paper_out', at: 5 });

    const moved = run([{ type: 'reset' }, { type: 'printFailed', ticketId: 't1', reason: 'timeout', at: 6 }], shown);
    expect(moved.screen.name).toBe('home');
    expect(moved.unprinted.map((u) => u.issued.ticket.number)).toEqual(['2001']);
    const again = reduce(moved, { type: 'showUnprinted', ticketId: 't1' });
    expect(again.screen).toMatchObject({ name: 'ticket', print: { kind: 'failed' } });
    expect(again.unprinted).toEqual([]);
  });

  it('the printer warning clears once a later job goes through quietly', () => {
    const s = run([{ type: 'issued', issued: testIssued() }, { type: 'printFailed', ticketId: 't1', reason: 'paper_out', at: 100 }]);
    expect(reduce(s, { type: 'printPresumedOk', issuedAt: 50 }).printerIssue).not.toBeNull();
    expect(reduce(s, { type: 'printPresumedOk', issuedAt: 150 }).printerIssue).toBeNull();
  });

  it('a paper-out warning goes as soon as the printer reports paper again, without waiting for a print', () => {
    // Bug this catches: "hết giấy" stayed on home and confirm after the roll was refilled, until the
    // next print succeeded (seen failing with the 'printerReady' case removed from the reducer).
    const s = run([{ type: 'issued', issued: testIssued() }, { type: 'reset' }, { type: 'printFailed', ticketId: 't1', reason: 'paper_out', at: 100 }]);
    expect(s.printerIssue).toMatchObject({ reason: 'paper_out' });
    const ready = reduce(s, { type: 'printerReady' });
    expect(ready.printerIssue).toBeNull();
    // The ticket that did not print is still offered for "In lại".
    expect(ready.unprinted.map((u) => u.issued.ticket.id)).toEqual(['t1']);
    // A failure the status cannot show (the hub heard nothing back) waits for a print that goes through.
    const timedOut = run([{ type: 'printFailed', ticketId: 't1', reason: 'timeout', at: 100 }], s);
    expect(reduce(timedOut, { type: 'printerReady' }).printerIssue).toMatchObject({ reason: 'timeout' });
  });

  it('a card at the ticket screen starts the next citizen’s session', () => {
    const s = run([{ type: 'lang', lang: 'en' }, { type: 'issued', issued: testIssued() }, scanned('1990-01-01')]);
    expect(s.screen.name).toBe('home');
    expect(s.card?.idNumber).toBe('079095012345');
    expect(s.lang).toBe('vi');
  });

  it('reset returns to a Vietnamese home but keeps the kiosk’s print memory', () => {
    const s = run([{ type: 'lang', lang: 'en' }, ...toConfirm, scanned('1958-03-15'), { type: 'printFailed', ticketId: 'zz', reason: 'paper_out', at: 1 }, { type: 'reset' }]);
    expect(s.screen.name).toBe('home');
    expect(s.lang).toBe('vi');
    expect(s.card).toBeNull();
    expect(s.printerIssue).not.toBeNull();
    expect(isIdleHome(s)).toBe(true);
    expect(isIdleHome(run([{ type: 'lang', lang: 'en' }]))).toBe(false);
  });

  it('"Đang in phiếu…" turns into "Đã in xong" when the paper is out, also after "In lại" (bug: it never changed)', () => {
    const issued = testIssued();
    const s = run([...toConfirm, { type: 'issueStarted', pending }, { type: 'issued', issued }]);
    expect(s.screen).toMatchObject({ name: 'ticket', print: { kind: 'printing' } });
    expect(run([{ type: 'printed', ticketId: 't1', at: 2000 }], s).screen).toMatchObject({ print: { kind: 'printed' } });
    // Another ticket's paper changes nothing on this screen.
    expect(run([{ type: 'printed', ticketId: 'other', at: 2000 }], s).screen).toMatchObject({ print: { kind: 'printing' } });
    const failed = run([{ type: 'printFailed', ticketId: 't1', reason: 'paper_out', at: 1500 }], s);
    expect(failed).toMatchObject({ screen: { print: { kind: 'failed', reason: 'paper_out' } }, printerIssue: { reason: 'paper_out' } });
    const resent = run([{ type: 'reprinted' }], failed);
    expect(resent.screen).toMatchObject({ print: { kind: 'resent' } });
    // The hub's time as the kiosk carries it may read earlier than the failure's: paper out still clears it.
    const done = run([{ type: 'printed', ticketId: 't1', at: 1000 }], resent);
    expect(done).toMatchObject({ screen: { print: { kind: 'printed' } }, printerIssue: null });
  });
});

