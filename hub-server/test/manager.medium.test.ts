/** Manager commands over real socket.io and SQLite: roles, import, stranding, alarms, skills, reports. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmState, Result } from '@motcua/shared';
import { startFixture, type Fixture } from './fixture';
import { expectOk, send } from './client';
import { exportEvent, staffPseudonymiser } from '../src/sync/export';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const MIN = 60_000;
let req = 0;
const issue = (serviceId: string) => ({ serviceId, requestId: `req-manager-${++req}`, print: false });

function expectFail<T>(r: Result<T>, code: string): { code: string; message: string; detail?: string } {
  if (r.ok) throw new Error(`expected ${code}, got ok`);
  expect(r.error.code).toBe(code);
  return r.error;
}

describe('manager commands', () => {
  it('only a manager may configure: a clerk is forbidden, a public socket unauthenticated', async () => {
    f = await startFixture();
    const clerk = await f.clerk(1, 'c1');
    const anon = await f.connect();
    const counter = { number: 9, name: { vi: 'Quầy 9', en: 'Counter 9' }, primary: ['s-chung-thuc'], secondary: [], zone: null };
    expectFail(await send(clerk, 'manager:saveCounter', counter), 'forbidden');
    expectFail(await send(anon, 'manager:saveCounter', counter), 'unauthenticated');
    expectFail(await send(clerk, 'manager:report', { period: 'day', day: '2026-11-23' }), 'forbidden');
    expectFail(await send(clerk, 'manager:saveClerk', { username: 'hacker', displayName: 'x', role: 'manager', active: true, password: 'secret1' }), 'forbidden');
    const m = await f.manager();
    const saved = expectOk(await send(m, 'manager:saveCounter', counter));
    expect(saved).toMatchObject({ number: 9, status: 'closed', primary: ['s-chung-thuc'] });
    expect(expectOk(await send(m, 'manager:config', {})).counters.map((c) => c.number)).toContain(9);
    const audit = expectOk(await send(m, 'manager:audit', { typePrefix: 'config.' }));
    expect(audit[0]).toMatchObject({ type: 'config.counter_saved', actor: 'manager:u-manager' });
  });

  it('imports a catalogue: bad rows are reported by row and nothing is applied unless the good rows are accepted', async () => {
    f = await startFixture();
    const m = await f.manager();
    const header = ['Mã thủ tục', 'Tên thủ tục', 'Mã lĩnh vực', 'Tên lĩnh vực', 'Mã nhóm dịch vụ'];
    const rows = [
      ['1.001193', 'Đăng ký khai sinh (cập nhật)', 'HT', '', ''],
      ['1.002000', 'Thủ tục mới về đất', 'DD', '', 'DD'],
      ['1.0x', 'Mã sai', 'HT', '', ''],
      ['2.001111', 'Thủ tục tư pháp', 'TP', 'Tư pháp', 'CT'],
      ['1.002000', 'Trùng mã', 'DD', '', ''],
      ['2.002222', 'Lĩnh vực chưa có', 'ZZ', '', ''],
      ['', '', '', '', ''],
    ];
    const importId = 'imp-test-0001';
    expectOk(await send(m, 'manager:importStage', { importId, fileName: 'thu-tuc.csv', header, offset: 0, rows: rows.slice(0, 4) }));
    expect(expectOk(await send(m, 'manager:importStage', { importId, fileName: 'thu-tuc.csv', offset: 4, rows: rows.slice(4) })).staged).toBe(7);
    const check = expectOk(await send(m, 'manager:importCheck', { importId }));
    expect(check).toMatchObject({ total: 6, good: 3, newFields: 1, newProcedures: 2, updatedProcedures: 1, applied: false });
    expect(check.errors.map((e) => e.row)).toEqual([4, 6, 7]);
    expect(check.errors[1]?.message.vi).toContain('trùng với dòng 3');

    const before = expectOk(await send(m, 'manager:config', {}));
    const refused = expectFail(await send(m, 'manager:importCommit', { importId, acceptGoodRows: false }), 'invalid_payload');
    expect(refused.message).toContain('3 dòng lỗi');
    const same = expectOk(await send(m, 'manager:config', {}));
    expect(same.procedures).toEqual(before.procedures);
    expect(same.fields).toEqual(before.fields);

    const done = expectOk(await send(m, 'manager:importCommit', { importId, acceptGoodRows: true }));
    expect(done).toMatchObject({ applied: true, good: 3 });
    const after = expectOk(await send(m, 'manager:config', {}));
    expect(after.procedures.find((p) => p.nationalCode === '1.001193')?.name.vi).toBe('Đăng ký khai sinh (cập nhật)');
    expect(after.procedures.find((p) => p.nationalCode === '1.002000')).toMatchObject({ fieldId: 'f-dat-dai', serviceId: 's-dat-dai' });
    expect(after.fields.find((x) => x.code === 'TP')?.name.vi).toBe('Tư pháp');
    expect(after.procedures).toHaveLength(before.procedures.length + 2);
    // Every client is asked to refetch its snapshot, and the kiosk then sees the new procedures.
    const snap = expectOk(await send(m, 'state:snapshot', {}));
    expect(snap.procedures.some((p) => p.nationalCode === '2.001111')).toBe(true);
  });

  it('refuses configuration that would strand waiting citizens, with an explanation', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const m = await f.manager();
    expectOk(await send(kiosk, 'ticket:issue', issue('s-dat-dai')));
    expectOk(await send(kiosk, 'ticket:issue', issue('s-dat-dai')));
    const cfg = expectOk(await send(m, 'manager:config', {}));
    expect(cfg.waitingByService['s-dat-dai']).toBe(2);
    const c3 = cfg.counters.find((c) => c.id === 'c3');
    const c4 = cfg.counters.find((c) => c.id === 'c4');
    if (!c3 || !c4) throw new Error('demo counters missing');
    const edit = (c: typeof c3, patch: Partial<typeof c3>) => ({ id: c.id, number: c.number, name: c.name, primary: c.primary, secondary: c.secondary, zone: c.zone, ...patch });

    // Counter 4 still serves land as a secondary skill: removing it from counter 3 is fine.
    expectOk(await send(m, 'manager:saveCounter', edit(c3, { primary: [] })));
    const refused = expectFail(await send(m, 'manager:saveCounter', edit(c4, { secondary: [] })), 'conflict');
    expect(refused.message).toContain('Đất đai');
    expect(refused.message).toContain('2 người đang chờ');
    expect(refused.detail).toContain('2 waiting');
    expectFail(await send(m, 'manager:deleteCounter', { id: 'c4' }), 'conflict');
    const land = cfg.services.find((s) => s.id === 's-dat-dai');
    if (!land) throw new Error('no land service');
    expectFail(await send(m, 'manager:saveService', { ...land, active: false }), 'conflict');
    const still = expectOk(await send(m, 'manager:config', {}));
    expect(still.counters.find((c) => c.id === 'c4')?.secondary).toContain('s-dat-dai');

    // A service nobody waits for can lose its last counter.
    const c2 = cfg.counters.find((c) => c.id === 'c2');
    if (!c2) throw new Error('no c2');
    expectOk(await send(m, 'manager:saveCounter', edit(c4, { primary: ['s-kinh-doanh'], secondary: ['s-dat-dai'] })));
    expectOk(await send(m, 'manager:deleteCounter', { id: 'c2' }));
  });

  it('raises alarms at 15 and 20 minutes, pushes them to managers and records them', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const m = await f.manager();
    const pushed: AlarmState[] = [];
    m.on('manager:alarms', (s) => pushed.push(s));
    const t = expectOk(await send(kiosk, 'ticket:issue', issue('s-ho-tich')));
    expect(expectOk(await send(m, 'manager:alarms', {})).alarms).toEqual([]);
    f.clock.advance(15 * MIN);
    const warn = expectOk(await send(m, 'manager:alarms', {}));
    expect(warn.alarms).toEqual([expect.objectContaining({ ticketId: t.ticket.id, number: t.ticket.number, level: 'warn', waitedMin: 15, fieldId: 'f-ho-tich' })]);
    f.clock.advance(5 * MIN);
    const breach = expectOk(await send(m, 'manager:alarms', {}));
    expect(breach.alarms[0]?.level).toBe('breach');
    await new Promise((r) => setTimeout(r, 100));
    expect(pushed.map((s) => s.alarms[0]?.level)).toEqual(['warn', 'breach']);
    const audit = expectOk(await send(m, 'manager:audit', { typePrefix: 'alarm.' }));
    expect(audit.map((e) => e.type)).toEqual(['alarm.wait_breach', 'alarm.wait_warn']);
    // Calling the ticket clears the alarm.
    const c2 = await f.clerk(2, 'c2');
    expectOk(await send(c2, 'counter:open', { counterId: 'c2' }));
    expectOk(await send(c2, 'counter:callNext', { counterId: 'c2' }));
    expect(expectOk(await send(m, 'manager:alarms', {})).alarms).toEqual([]);
  });

  it('gives a counter a temporary skill and takes it away when its time is up', async () => {
    f = await startFixture();
    const m = await f.manager();
    const until = f.clock.now() + 30 * MIN;
    const skill = expectOk(await send(m, 'manager:applySkill', { counterId: 'c1', serviceId: 's-dat-dai', level: 'secondary', until }));
    let cfg = expectOk(await send(m, 'manager:config', {}));
    expect(cfg.counters.find((c) => c.id === 'c1')?.secondary).toContain('s-dat-dai');
    expect(cfg.temporarySkills.map((s) => s.id)).toEqual([skill.id]);
    expectFail(await send(m, 'manager:applySkill', { counterId: 'c1', serviceId: 's-dat-dai', level: 'primary', until }), 'conflict');
    f.clock.advance(31 * MIN);
    cfg = expectOk(await send(m, 'manager:config', {}));
    expect(cfg.counters.find((c) => c.id === 'c1')?.secondary).not.toContain('s-dat-dai');
    expect(cfg.temporarySkills).toEqual([]);
  });

  it('settings reach clients: the rating scale in every snapshot', async () => {
    f = await startFixture();
    const m = await f.manager();
    const { settings } = expectOk(await send(m, 'manager:config', {}));
    expect(settings.rating.scale).toBe(4);
    expectOk(await send(m, 'manager:saveSettings', { ...settings, rating: { ...settings.rating, scale: 5 }, priority: { ...settings.priority, elderlyAge: 75 } }));
    const anon = await f.connect();
    expect(expectOk(await send(anon, 'state:snapshot', {})).centre.rating.scale).toBe(5);
    expect(expectOk(await send(m, 'manager:config', {})).settings.priority.elderlyAge).toBe(75);
    expectFail(await send(m, 'manager:saveSettings', { ...settings, alarms: { warnMin: 20, breachMin: 15 } }), 'invalid_payload');
  });

  it('creates a clerk whose password works, and keeps at least one manager', async () => {
    f = await startFixture();
    const m = await f.manager();
    const clerk = expectOk(await send(m, 'manager:saveClerk', { username: 'canbo9', displayName: 'Ngô Văn Chín', role: 'clerk', active: true, password: '9999' }));
    const s = await f.connect();
    expect(expectOk(await send(s, 'auth:login', { username: 'canbo9', password: '9999', counterId: 'c3' })).clerk?.id).toBe(clerk.id);
    expectFail(await send(m, 'manager:saveClerk', { id: 'u-manager', username: 'quanly', displayName: 'Giám đốc', role: 'clerk', active: true }), 'conflict');
    expectFail(await send(m, 'manager:saveClerk', { username: 'canbo1', displayName: 'x', role: 'clerk', active: true, password: '1234' }), 'conflict');
  });

  it('reports match known tickets: counts, waits, late share, service times, ratings', async () => {
    f = await startFixture();
    const { socket: kiosk } = await f.kiosk();
    const m = await f.manager();
    const c1 = await f.clerk(1, 'c1');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    // Four certification tickets at 09:00; called after 5, 10, 25 minutes (+ one no-show at 30).
    const tickets = [];
    for (let i = 0; i < 4; i++) tickets.push(expectOk(await send(kiosk, 'ticket:issue', issue('s-chung-thuc'))));
    expectOk(await send(kiosk, 'ticket:issue', issue('s-ho-tich'))); // never called
    const waits = [5, 10, 25, 30];
    let at = 0;
    for (const [i, w] of waits.entries()) {
      f.clock.advance((w - at) * MIN);
      at = w;
      const t = expectOk(await send(c1, 'counter:callNext', { counterId: 'c1' }));
      expect(t.id).toBe(tickets[i]?.ticket.id);
      if (i === 3) {
        expectOk(await send(c1, 'ticket:noShow', { ticketId: t.id }));
        continue;
      }
      expectOk(await send(c1, 'ticket:start', { ticketId: t.id }));
      f.clock.advance(2 * MIN);
      at += 2;
      expectOk(await send(c1, 'ticket:finish', { ticketId: t.id }));
      expectOk(await send(c1, 'ticket:rate', { ticketId: t.id, score: i + 2 }));
    }
    const r = expectOk(await send(m, 'manager:report', { period: 'day', day: '2026-11-23' }));
    // Waits 5, 10, 25, 30 minutes; the fifth ticket was never called (no wait yet).
    expect(r.ward).toMatchObject({ received: 5, served: 3, noShows: 1, cancelled: 0, ratings: 3, avgRating: 3, maxWaitMin: 30, avgServiceMin: 2, ratingCounts: [0, 1, 1, 1] });
    expect(r.ward.avgWaitMin).toBe(17.5);
    expect(r.ward.p90WaitMin).toBe(28.5);
    // "Chờ quá 20 phút" counts the citizen never called too: still waiting, 36 minutes so far (issue
    // 16 item 5). Late: 25, 30 and the uncalled one, of 5 → 0.6 (it was 2 of 4 when only called
    // tickets counted); the mean and P90 above stay over called tickets only.
    expect(r.ward.lateShare).toBe(0.6);
    const ct = r.byField.find((x) => x.code === 'CT');
    expect(ct).toMatchObject({ received: 4, served: 3, noShows: 1 });
    expect(r.byField.find((x) => x.code === 'HT')).toMatchObject({ received: 1, served: 0, avgWaitMin: null });
    expect(r.byCounter).toEqual([expect.objectContaining({ code: '1', received: 4, served: 3 })]);
    expect(r.byClerk).toEqual([expect.objectContaining({ code: 'canbo1', served: 3 })]);
    const week = expectOk(await send(m, 'manager:report', { period: 'week', day: '2026-11-25' }));
    expect(week).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
    expect(week.byDay).toHaveLength(7);
    expect(week.ward.received).toBe(5);
    expect(week.byHour[9]).toBe(5);
  });
});


describe('the week note for the city (khó khăn, vướng mắc, đề xuất)', () => {
  // Catches a note kept only in the app, or dropped by the export allow-list on its way to the city
  // (break: text: 'empty' for report.week_note in sync/export.ts: the exported text is gone).
  it('saves the manager\'s note for an ISO week on the hub, reads it back from any day of that week, and sends it to the city as written', async () => {
    f = await startFixture();
    const m = await f.manager();
    const clerk = await f.clerk(1, 'c1');
    expectFail(await send(clerk, 'manager:saveWeekNote', { day: '2026-11-23', text: 'x' }), 'forbidden');
    expect(expectOk(await send(m, 'manager:weekNote', { day: '2026-11-25' }))).toEqual({ weekFrom: '2026-11-23', weekTo: '2026-11-29', week: '2026-W48', text: '', savedAt: null });
    expectOk(await send(m, 'manager:saveWeekNote', { day: '2026-11-23', text: 'Thiếu một cán bộ đất đai.' }));
    const text = 'Thiếu một cán bộ lĩnh vực đất đai; đề xuất thành phố tăng cường đội lưu động sáng thứ Hai.';
    const saved = expectOk(await send(m, 'manager:saveWeekNote', { day: '2026-11-24', text: `  ${text}  ` }));
    expect(saved).toMatchObject({ weekFrom: '2026-11-23', weekTo: '2026-11-29', week: '2026-W48', text });
    // The latest text of the week counts, whichever day of the week is asked.
    expect(expectOk(await send(m, 'manager:weekNote', { day: '2026-11-29' }))).toMatchObject({ text, savedAt: f.clock.now() });
    // Another week has its own; a week that has not started cannot be written yet.
    expect(expectOk(await send(m, 'manager:weekNote', { day: '2026-11-16' })).text).toBe('');
    expectFail(await send(m, 'manager:saveWeekNote', { day: '2026-12-01', text: 'sớm quá' }), 'invalid_payload');
    expectFail(await send(m, 'manager:saveWeekNote', { day: '2026-11-23', text: 'x'.repeat(4001) }), 'invalid_payload');
    // What leaves for the city: the note as written.
    const row = f.hub.events.after(0, 10_000).filter((e) => e.type === 'report.week_note').at(-1)!;
    expect(exportEvent({ ...row, payload: row.payload }, staffPseudonymiser(Buffer.alloc(32))).payload).toEqual({ weekFrom: '2026-11-23', weekTo: '2026-11-29', text });
  });
});
