import { describe, expect, it } from 'vitest';
import type { CentreInfo } from '@motcua/shared';
import { ageOn, appointmentQrPayload, autoPriority, classifyWedgeScan, displayName, elderlyAgeOf, maskIdNumber, parseAppointmentQr } from './citizen';
import { testSnapshot } from './test-snapshot.test-support';

const DAY = '2026-11-23';
const CARD = '079058012345|025123456|Nguyễn Văn An|15031958|Nam|12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh|10052021';

describe('what a scan means', () => {
  it('a CCCD QR is a card (from a wedge: the name may be garbled)', () => {
    const m = classifyWedgeScan(CARD, DAY);
    expect(m).toEqual({ kind: 'card', card: { idNumber: '079058012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1958-03-15', sex: 'Nam', nameReliable: false, issueDate: '2021-05-10' } });
  });
  it('an appointment QR or link is an appointment code', () => {
    expect(classifyWedgeScan(appointmentQrPayload('AB3K9Z'), DAY)).toEqual({ kind: 'appointment', code: 'AB3K9Z' });
    expect(parseAppointmentQr('motcua:appt:ab3k9z')).toBe('AB3K9Z');
    expect(parseAppointmentQr('http://hub.local:8080/a/AB3K9Z')).toBe('AB3K9Z');
    expect(parseAppointmentQr('AB3K9Z')).toBeNull(); // a bare code is only typed, never guessed from a scan
  });
  it('a broken card names what is wrong; a foreign code says it is not a card', () => {
    const broken = classifyWedgeScan('07909501234|025123456|Nguyễn Văn An|15031958|Nam|12 Lê Lợi|10052021', DAY);
    expect(broken).toMatchObject({ kind: 'bad', foreign: false, seeClerk: false });
    expect(broken.kind === 'bad' && broken.message).toContain('số định danh');
    expect(classifyWedgeScan('https://example.com/promo?id=42', DAY)).toMatchObject({ kind: 'bad', foreign: true });
    expect(classifyWedgeScan('8935049501234', DAY)).toMatchObject({ kind: 'bad', foreign: true });
  });
  // Catches the kiosk treating an implausible card as a readable one (age priority from a forged
  // date of birth) or as "scan again" (seeClerk lost between parser and screen).
  it('a card that cannot be true asks for a clerk: ID against DOB, unknown province, future DOB', () => {
    const forgedAge = CARD.replace('15031958', '15031950'); // ID says born 1958, DOB claims 1950
    const noProvince = CARD.replace('079058012345', '099058012345');
    const bornTomorrow = '001226012345||Nguyễn Văn Bé|24112026|Nam|12 Lê Lợi|24112026';
    for (const qr of [forgedAge, noProvince, bornTomorrow]) expect(classifyWedgeScan(qr, DAY), qr).toMatchObject({ kind: 'bad', foreign: false, seeClerk: true });
    expect(classifyWedgeScan(bornTomorrow, '2026-11-24').kind).toBe('card');
  });
});

describe('priority and display', () => {
  it('computes age on the centre’s day, birthdays included', () => {
    expect(ageOn('1966-11-23', '2026-11-23')).toBe(60);
    expect(ageOn('1966-11-24', '2026-11-23')).toBe(59);
    expect(ageOn('1966-12-01', '2026-11-23')).toBe(59);
  });
  it('offers elderly priority from the configured age', () => {
    expect(autoPriority({ dateOfBirth: '1958-03-15' }, '2026-11-23', 60)).toBe('elderly');
    expect(autoPriority({ dateOfBirth: '1958-03-15' }, '2026-11-23', 75)).toBeNull();
    expect(autoPriority({ dateOfBirth: '1990-01-01' }, '2026-11-23', 60)).toBeNull();
  });
  it('reads the threshold from the hub when it publishes one, else 60', () => {
    const centre = testSnapshot().centre;
    expect(elderlyAgeOf(centre)).toBe(60);
    expect(elderlyAgeOf({ ...centre, priority: { elderlyAge: 75 } } as CentreInfo)).toBe(75);
  });
  it('shows only the last four digits and a tidy name', () => {
    expect(maskIdNumber('079058012345')).toBe('••••••••2345');
    expect(displayName('NGUYỄN VĂN AN')).toBe('Nguyễn Văn An');
    expect(displayName('trần  thị   đào')).toBe('Trần Thị Đào');
  });
});
