import { describe, expect, it } from 'vitest';
import type { SyncEventRow } from '@motcua/shared';
import { exportEvent, staffPseudonymiser } from './export';

const row = (code: string): SyncEventRow => ({ seq: 1, at: 0, day: '2026-12-07', type: 'appointment.checked_in', actor: 'system', ticketId: 't-1', payload: { appointmentId: 'a-1', code } });
const staff = staffPseudonymiser(Buffer.alloc(32, 7));

describe('export of a check-in', () => {
  // Catches the city never learning a home booking was honoured (seen failing with the rule back at
  // 'empty': the city's booking stayed 'accepted' after the kiosk check-in, tests/city/book-to-counter.test.ts).
  it("sends a home booking's code (the city issued it) back up", () => {
    expect(exportEvent(row('HQ7K2M9P4TXY'), staff).payload).toEqual({ appointmentId: 'a-1', code: 'HQ7K2M9P4TXY' });
  });
  it("keeps a kiosk booking's code (the citizen's credential) in the ward", () => {
    expect(exportEvent(row('A7K2M9'), staff).payload).toEqual({ appointmentId: 'a-1', code: '' });
  });
});
