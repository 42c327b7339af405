import { describe, expect, it } from 'vitest';
import { HUB_EVENT_TYPES, HubEvent, hubEvent, parseHubEvent, type HubEventOf, type HubEventType } from './events';
import { readSyncEvent, SyncBatch } from './sync';

const T = 1_795_000_000_000;
const moved = { number: 'A001', from: 'called', to: 'serving', counterId: 'c1', serviceId: 's1' } as const;
const settings = {
  openingHours: [{ open: '07:30', close: '17:00', lunch: null }, { open: '07:30', close: '17:00', lunch: null }, { open: '07:30', close: '17:00', lunch: null }, { open: '07:30', close: '17:00', lunch: null }, { open: '07:30', close: '17:00', lunch: null }, { open: '07:30', close: '11:30', lunch: null }, null],
  opening: { graceMin: 10, checkInEarlyMin: 60, checkInLateMin: 15 },
  breaks: [{ start: '11:30', end: '13:00', label: 'Nghỉ trưa' }],
  priority: { elderlyAge: 60, maxInRow: 2, groups: ['elderly' as const] },
  rating: { scale: 5 as const, timeoutSec: 30, askReasonAtOrBelow: 2 },
  alarms: { warnMin: 15, breachMin: 20, busyMin: 30 },
  booking: { share: 0.3, horizonDays: 14, slotMinutes: 30 },
  staffing: { reserveHoursPerDay: 2 },
};

/** One event of every type, built with the builder the hub writes through (exhaustive: a new type needs a sample). */
const SAMPLES: { [T in HubEventType]: HubEventOf<T> } = {
  'ticket.issued': hubEvent('ticket.issued', 't1', { number: 'A001', serviceId: 's1', procedureId: null, channel: 'kiosk', priorityGroup: 'elderly', queuedAt: T, slotAt: null, predictedWaitMin: 7.5, peopleAhead: 3 }),
  'ticket.called': hubEvent('ticket.called', 't1', { ...moved, from: 'waiting', to: 'called', reason: 'oldest' }),
  'ticket.dossier_recorded': hubEvent('ticket.dossier_recorded', 't1', { number: 'A001', serviceId: 's1', procedureId: 'p1', counterId: 'c1', dossierCode: '000.00.21.H29-261123-0001' }),
  'ticket.called_specific': hubEvent('ticket.called_specific', 't1', { number: 'A001', serviceId: 's1', counterId: 'c1', reason: 'missed_call', note: null }),
  'ticket.recalled': hubEvent('ticket.recalled', 't1', { ...moved, from: 'called', to: 'called' }),
  'ticket.started': hubEvent('ticket.started', 't1', moved),
  'ticket.finished': hubEvent('ticket.finished', 't1', { ...moved, from: 'serving', to: 'done' }),
  'ticket.no_show': hubEvent('ticket.no_show', 't1', { ...moved, to: 'no_show' }),
  'ticket.held': hubEvent('ticket.held', 't1', { ...moved, to: 'held' }),
  'ticket.returned': hubEvent('ticket.returned', 't1', { ...moved, from: 'held', to: 'waiting' }),
  'ticket.cancelled': hubEvent('ticket.cancelled', 't1', { ...moved, from: 'waiting', to: 'cancelled', counterId: null }),
  'ticket.transferred': hubEvent('ticket.transferred', 't1', { ...moved, to: 'waiting', fromCounterId: 'c1', fromServiceId: 's1', toServiceId: 's2', toCounterId: null }),
  'ticket.rated': hubEvent('ticket.rated', 't1', { ...moved, from: 'done', to: 'done', score: 4, reason: null }),
  'ticket.expired': hubEvent('ticket.expired', 't1', { number: 'A001', day: '2026-11-22', from: 'waiting' }),
  'appointment.checked_in': hubEvent('appointment.checked_in', 't1', { appointmentId: 'ap1', code: 'K7Q2M' }),
  'appointment.booked': hubEvent('appointment.booked', null, { appointmentId: 'ap1', code: 'K7Q2M', serviceId: 's1', slotAt: T }),
  'team.decided': hubEvent('team.decided', null, { assignmentId: 'a1', decision: 'accepted', clerkId: 'u-1', counterId: 'c1', serviceIds: ['s1'] }),
  'city.message_applied': hubEvent('city.message_applied', null, { seq: 1, kind: 'booking.created', outcome: 'applied', detail: '' }),
  'booking.accepted': hubEvent('booking.accepted', null, { code: '7K3M9QXR2D', appointmentId: 'ap2', serviceId: 's1', slotAt: T }),
  'booking.refused': hubEvent('booking.refused', null, { code: '7K3M9QXR2D', reason: 'slot_full', detail: '' }),
  'booking.cancelled': hubEvent('booking.cancelled', null, { code: '7K3M9QXR2D', by: 'citizen' }),
  'booking.no_show': hubEvent('booking.no_show', null, { code: '7K3M9QXR2D', appointmentId: 'ap2' }),
  'counter.opened': hubEvent('counter.opened', null, { counterId: 'c1', reason: null }),
  'counter.paused': hubEvent('counter.paused', null, { counterId: 'c1', reason: 'họp' }),
  'counter.resumed': hubEvent('counter.resumed', null, { counterId: 'c1', reason: null }),
  'counter.closed': hubEvent('counter.closed', null, { counterId: 'c1', reason: null }),
  'auth.signed_in': hubEvent('auth.signed_in', null, { clerkId: 'u1', counterId: 'c1' }),
  'auth.signed_out': hubEvent('auth.signed_out', null, { clerkId: 'u1', counterId: null }),
  'alarm.wait_warn': hubEvent('alarm.wait_warn', 't1', { number: 'A001', serviceId: 's1', waitedMin: 15 }),
  'alarm.wait_breach': hubEvent('alarm.wait_breach', 't1', { number: 'A001', serviceId: 's1', waitedMin: 21 }),
  'advice.declined': hubEvent('advice.declined', null, { adviceId: 'adv1', counterId: 'c2', serviceId: 's1' }),
  'device.online': hubEvent('device.online', null, { deviceId: 'd1', kind: 'agent' }),
  'device.offline': hubEvent('device.offline', null, { deviceId: 'd1', kind: 'agent' }),
  'device.health': hubEvent('device.health', null, { deviceId: 'd1', peripheral: 'printer', kind: 'printer', health: 'paper_out', detail: null }),
  'device.pairing_code': hubEvent('device.pairing_code', null, { kind: 'agent', counterId: 'c1', boundDeviceId: null, expiresAt: T }),
  'device.paired': hubEvent('device.paired', null, { deviceId: 'd1', kind: 'kiosk', name: 'Kiosk sảnh chính' }),
  'auth.locked_out': hubEvent('auth.locked_out', null, { scope: 'account', key: 'canbo1', until: T }),
  'auth.unlocked': hubEvent('auth.unlocked', null, { username: 'canbo1', address: null }),
  'device.revoked': hubEvent('device.revoked', null, { deviceId: 'd1', kind: 'kiosk', name: 'Kiosk sảnh chính' }),
  'print.sent': hubEvent('print.sent', 't1', { jobId: 'j1', agentId: 'd2', kioskId: 'd1' }),
  'print.printed': hubEvent('print.printed', 't1', { jobId: 'j1', error: null }),
  'print.failed': hubEvent('print.failed', 't1', { jobId: 'j1', error: 'timeout' }),
  'config.seeded': hubEvent('config.seeded', null, { fields: 3, services: 5, procedures: 20, counters: 4, clerks: 5 }),
  'config.field_saved': hubEvent('config.field_saved', null, { fieldId: 'f1', code: 'CT', created: true }),
  'config.field_deleted': hubEvent('config.field_deleted', null, { fieldId: 'f1', code: 'CT' }),
  'config.service_saved': hubEvent('config.service_saved', null, { serviceId: 's1', code: 'CT', prefix: 'A', active: true, created: false }),
  'config.procedure_saved': hubEvent('config.procedure_saved', null, { procedureId: 'p1', nationalCode: '1.001193', created: true }),
  'config.procedure_deleted': hubEvent('config.procedure_deleted', null, { procedureId: 'p1', nationalCode: '1.001193' }),
  'config.counter_saved': hubEvent('config.counter_saved', null, { counterId: 'c1', number: 1, primary: ['s1'], secondary: [], created: false }),
  'config.counter_deleted': hubEvent('config.counter_deleted', null, { counterId: 'c1', number: 1 }),
  'config.clerk_saved': hubEvent('config.clerk_saved', null, { clerkId: 'u1', username: 'canbo1', role: 'clerk', active: true, passwordChanged: false, created: true }),
  'config.settings_saved': hubEvent('config.settings_saved', null, settings),
  'config.catalog_imported': hubEvent('config.catalog_imported', null, { fileName: 'tthc.xlsx', rows: 10, imported: 9, skipped: 1, newFields: 0, newProcedures: 2, updatedProcedures: 7 }),
  'config.skill_added': hubEvent('config.skill_added', null, { id: 'sk1', counterId: 'c2', serviceId: 's1', level: 'secondary', until: T, createdAt: T - 1, adviceId: null }),
  'config.skill_ended': hubEvent('config.skill_ended', null, { id: 'sk1', counterId: 'c2', serviceId: 's1', level: 'secondary', why: 'expired' }),
  'day.started': hubEvent('day.started', null, { day: '2026-11-23', closedFromEarlierDays: 2 }),
  'data.purged': hubEvent('data.purged', null, { personalData: 1, tickets: 2, appointments: 0, printJobs: 0, events: 5, dayCounters: 1, credentials: 0, personalBefore: '2026-08-25', historyBefore: '2021-11-23' }),
  'hub.storage_recovered': hubEvent('hub.storage_recovered', null, { since: 1_700_000_000_000, until: 1_700_000_060_000, code: 'SQLITE_FULL', refused: 3 }),
  'report.week_note': hubEvent('report.week_note', null, { weekFrom: '2026-11-23', weekTo: '2026-11-29', text: 'Thiếu 1 cán bộ lĩnh vực đất đai; đề xuất tăng cường thứ Hai.' }),
};

describe('hub events', () => {
  it('has a sample for every type, and every built event parses as itself', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...HUB_EVENT_TYPES].sort());
    for (const e of Object.values(SAMPLES)) {
      expect(HubEvent.parse(e)).toEqual(e);
      // As stored and sent: through JSON and back.
      expect(parseHubEvent(JSON.parse(JSON.stringify(e)) as { type: string; ticketId: string | null; payload: unknown })).toEqual({ ok: true, event: e });
    }
  });

  it('refuses a wrong payload, a missing or extra ticket id, and says which field', () => {
    const issued = SAMPLES['ticket.issued'];
    const noQueue = parseHubEvent({ ...issued, payload: { ...issued.payload, queuedAt: 'now' } });
    expect(noQueue).toMatchObject({ ok: false, reason: 'malformed' });
    if (!noQueue.ok) expect(noQueue.message).toMatch(/payload\.queuedAt/);
    expect(parseHubEvent({ ...issued, ticketId: null })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseHubEvent({ ...SAMPLES['counter.opened'], ticketId: 't1' })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseHubEvent({ type: 'ticket.called', ticketId: 't1', payload: { ...moved, to: 'teleported', reason: 'x' } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseHubEvent({ type: 'ticket.called', ticketId: 't1', payload: moved })).toMatchObject({ ok: false, reason: 'malformed' }); // no dispatch reason
    expect(parseHubEvent({ type: 'ticket.teleported', ticketId: 't1', payload: {} })).toMatchObject({ ok: false, reason: 'unknown_type' });
  });

  it('keeps fields a newer hub adds', () => {
    const r = parseHubEvent({ ...SAMPLES['counter.paused'], payload: { counterId: 'c1', reason: null, by: 'u1' } });
    expect(r.ok).toBe(true);
  });

  it('is a compile error to build an event with the wrong payload or ticket id', () => {
    // @ts-expect-error the payload of ticket.called needs the dispatch reason
    hubEvent('ticket.called', 't1', moved);
    // @ts-expect-error counter events belong to no ticket
    hubEvent('counter.opened', 't1', { counterId: 'c1', reason: null });
    // @ts-expect-error not an event type
    hubEvent('ticket.teleported', 't1', {});
    expect(true).toBe(true);
  });
});

describe('sync events', () => {
  it('a batch accepts any type on the wire; readSyncEvent types the ones this version knows', () => {
    const rows = [
      { seq: 1, at: T, day: '2026-11-23', actor: 'kiosk', ...SAMPLES['ticket.issued'] },
      { seq: 2, at: T + 1, day: '2026-11-23', actor: 'system', type: 'ticket.teleported', ticketId: 't1', payload: { to: 'moon' } },
    ];
    const b = SyncBatch.parse({ v: 1, hubId: 'ward-a', afterSeq: 0, hubLastSeq: 2, events: rows });
    const [first, second] = b.events.map(readSyncEvent);
    expect(first).toEqual({ ok: true, event: rows[0] });
    expect(second).toMatchObject({ ok: false, reason: 'unknown_type' });
  });
});
