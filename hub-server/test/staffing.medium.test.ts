/** Staffing advice from the live hub: dispatch's advice over real socket.io and SQLite, applied in one click. */
import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, send } from './client';
import { MONDAY_9AM, startFixture, useWardHours, type Fixture } from './fixture';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const MIN = 60_000;
let req = 0;
const issue = (serviceId: string) => ({ serviceId, channel: 'kiosk' as const, requestId: `req-staffing-${++req}`, print: false });

/** Counters 1 and 3 open, 25 citizens waiting for Chứng thực that only counter 1 serves as a primary skill. */
async function longChungThucQueue() {
  const fx = await startFixture();
  f = fx;
  const c1 = await fx.clerk(1, 'c1');
  const c3 = await fx.clerk(3, 'c3');
  expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
  expectOk(await send(c3, 'counter:open', { counterId: 'c3' }));
  const { socket: kiosk } = await fx.kiosk();
  for (let i = 0; i < 25; i++) expectOk(await send(kiosk, 'ticket:issue', issue('s-chung-thuc')));
  return { f: fx, c1, c3 };
}

/** "… 80% → 20% …": the late shares before and after. */
function lateShares(text: string): [number, number] {
  const m = /(\d+)% → (\d+)%/.exec(text);
  if (!m) throw new Error(`no effect in ${text}`);
  return [Number(m[1]), Number(m[2])];
}

describe('staffing advice', () => {
  it('a long Chứng thực queue with one counter: advice to give it to another counter, applied in one click', async () => {
    const { f } = await longChungThucQueue();

    const m = await f.manager();
    const advice = expectOk(await send(m, 'manager:staffingAdvice', {}));
    expect(advice.available).toBe(true);
    expect(advice.items.length).toBeGreaterThan(0);
    // The cheapest lever first: Chứng thực for the open counter 3.
    const item = advice.items[0]!;
    if (item.kind !== 'addSkill') throw new Error(`expected an extra skill first, got ${item.kind}: ${item.text.en}`);
    expect(item).toMatchObject({ counterId: 'c3', serviceId: 's-chung-thuc', level: 'secondary' });
    expect(item.text.vi).toMatch(/^Quầy 3: nhận thêm lĩnh vực Chứng thực/);
    expect(item.until).toBeGreaterThan(f.clock.now());
    const [without, withAdvice] = lateShares(item.effect!.vi);
    expect(withAdvice).toBeLessThan(without);
    // The right term (waiting over the target), never "trễ hẹn"; minutes within the two-hour horizon.
    expect(item.effect!.vi).toContain('chờ quá 20 phút');
    expect(item.effect!.vi).not.toContain('trễ hẹn');
    expect(item.effect!.en).toContain('waiting over 20 min');
    for (const m of item.effect!.vi.matchAll(/(\d+) phút/g)) expect(Number(m[1])).toBeLessThanOrEqual(120);

    // Cached: the same answer a minute later, without a new simulation.
    f.clock.advance(MIN);
    expect(expectOk(await send(m, 'manager:staffingAdvice', {})).items[0]?.id).toBe(item.id);

    const skill = expectOk(await send(m, 'manager:applySkill', { counterId: item.counterId, serviceId: item.serviceId, level: item.level, until: item.until, adviceId: item.id }));
    expect(skill.adviceId).toBe(item.id);
    const snap = expectOk(await send(m, 'state:snapshot', {}));
    expect(snap.counters.find((c) => c.id === 'c3')?.secondary).toContain('s-chung-thuc');
    // The applied item is no longer offered.
    expect(expectOk(await send(m, 'manager:staffingAdvice', {})).items.find((x) => x.id === item.id)).toBeUndefined();
  });

  it('the counter the advice is addressed to sees it and accepts it; another counter may not answer it', async () => {
    const { c1, c3 } = await longChungThucQueue();

    const mine = expectOk(await send(c3, 'counter:advice', { counterId: 'c3' }));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.counterId === 'c3')).toBe(true);
    expect(expectOk(await send(c1, 'counter:advice', { counterId: 'c1' })).every((i) => i.counterId === 'c1')).toBe(true);
    const other = await send(c1, 'counter:respondAdvice', { counterId: 'c3', adviceId: mine[0]!.id, accept: true });
    expect(other.ok ? 'ok' : other.error.code).toBe('wrong_counter');

    expectOk(await send(c3, 'counter:respondAdvice', { counterId: 'c3', adviceId: mine[0]!.id, accept: true }));
    const snap = expectOk(await send(c3, 'state:snapshot', {}));
    expect(snap.counters.find((c) => c.id === 'c3')?.secondary).toContain('s-chung-thuc');
    const again = await send(c3, 'counter:respondAdvice', { counterId: 'c3', adviceId: mine[0]!.id, accept: true });
    expect(again.ok ? 'ok' : again.error.code).toBe('not_found'); // applied: no longer offered
  });

  it('a declined advice is recorded in the audit trail', async () => {
    const { f, c3 } = await longChungThucQueue();
    const [item] = expectOk(await send(c3, 'counter:advice', { counterId: 'c3' }));
    expectOk(await send(c3, 'counter:respondAdvice', { counterId: 'c3', adviceId: item!.id, accept: false }));
    const declined = f.hub.events.after(0, 10_000).find((e) => e.type === 'advice.declined');
    expect(declined?.payload).toMatchObject({ adviceId: item!.id, counterId: 'c3' });
  });

  it('an empty queue and every counter open: available, nothing to change', async () => {
    f = await startFixture();
    // Every counter open: with counter 1 alone the default day's forecast (100 walk-ins) rightly advises
    // opening the reserve counter 2 before the queue builds (issue 16 item 3: look ahead).
    for (let n = 1; n <= 5; n++) expectOk(await send(await f.clerk(n, `c${n}`), 'counter:open', { counterId: `c${n}` }));
    const m = await f.manager();
    expect(expectOk(await send(m, 'manager:staffingAdvice', {}))).toEqual({ available: true, items: [], summary: null });
  });

  it('the forecast: same weekday of past weeks first, else today so far, else a default day', async () => {
    f = await startFixture({}, MONDAY_9AM - 7 * 24 * 60 * MIN);
    useWardHours(f); // "since opening" means since 07:30, not the demo's midnight
    const c1 = await f.clerk(1, 'c1');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    const { socket: kiosk } = await f.kiosk();
    expect(f.hub.staffing.buildAdviceInput(f.clock.now()).source).toBe('default');
    for (let i = 0; i < 6; i++) expectOk(await send(kiosk, 'ticket:issue', issue('s-ho-tich')));
    const today = f.hub.staffing.buildAdviceInput(f.clock.now());
    expect(today.source).toBe('today');
    // 6 tickets in the 1.5 hours since 07:30.
    expect(today.input.services.find((s) => s.id === 's-ho-tich')?.walkInsPerHour[10]).toBeCloseTo(4);
    expect(today.input.queue).toHaveLength(6);

    f.clock.advance(7 * 24 * 60 * MIN);
    const week = f.hub.staffing.buildAdviceInput(f.clock.now());
    expect(week.source).toBe('history');
    const hoTich = week.input.services.find((s) => s.id === 's-ho-tich')!;
    expect(hoTich.walkInsPerHour[9]).toBe(6);
    expect(hoTich.walkInsPerHour[10]).toBe(0);
    // Closing at 17:00: the last walk-in at 16:30 local (UTC+7).
    expect(week.input.lastTicketAt).toBe(Date.UTC(2026, 10, 23, 9, 30));
    expect(week.input.counters.find((c) => c.id === 'c1')).toMatchObject({ label: '1', primary: ['s-chung-thuc'] });
  });

  it('never silent while citizens are over the target: 640 waiting and no skill that helps → the queue now and what would help', async () => {
    f = await startFixture();
    const c1 = await f.clerk(1, 'c1');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    const { socket: kiosk } = await f.kiosk();
    for (let i = 0; i < 640; i++) expectOk(await send(kiosk, 'ticket:issue', issue(i % 2 === 0 ? 's-chung-thuc' : 's-ho-tich')));
    f.clock.advance(30 * MIN);
    const m = await f.manager();
    const advice = expectOk(await send(m, 'manager:staffingAdvice', {}));
    expect(advice.available).toBe(true);
    // Bug it catches: the card said "Hiện không cần điều chỉnh" with 640 waiting (summary null, no items).
    expect(advice.summary?.vi).toMatch(/^640 công dân đang chờ, 640 người đã chờ quá 20 phút \(lâu nhất 30 phút\)\./);
    expect(advice.summary?.en).toMatch(/^640 citizens waiting, 640 already over 20 min/);
    if (advice.items.length === 0) expect(advice.summary?.vi).toMatch(/mở thêm quầy \(\d+ quầy đang đóng\)/);
    for (const it of advice.items) {
      expect(it.effect?.vi).not.toContain('trễ hẹn');
      for (const mm of (it.effect?.vi ?? '').matchAll(/(\d+) phút/g)) expect(Number(mm[1])).toBeLessThanOrEqual(120);
    }
  });

  it('runs on the worker thread: with 800 waiting the event loop stays responsive while the advice is computed', async () => {
    f = await startFixture();
    for (const [n, id] of [[1, 'c1'], [3, 'c3']] as const) expectOk(await send(await f.clerk(n, id), 'counter:open', { counterId: id }));
    const { socket: kiosk } = await f.kiosk();
    for (let i = 0; i < 800; i++) expectOk(await send(kiosk, 'ticket:issue', issue(['s-chung-thuc', 's-ho-tich', 's-dat-dai'][i % 3]!)));
    const m = await f.manager();
    // Largest gap between 5 ms ticks of this (the hub's) event loop while the advice is computed.
    let last = performance.now();
    let worst = 0;
    const tick = setInterval(() => {
      const t = performance.now();
      worst = Math.max(worst, t - last);
      last = t;
    }, 5);
    const t0 = performance.now();
    const advice = expectOk(await send(m, 'manager:staffingAdvice', {}));
    const took = performance.now() - t0;
    clearInterval(tick);
    expect(advice.available).toBe(true);
    // Bug it catches: staffingAdvice computed inline on the hub thread (seen: the loop blocked for the whole computation).
    expect(worst, `loop gap ${worst.toFixed(0)} ms during an advice that took ${took.toFixed(0)} ms`).toBeLessThan(Math.max(100, took / 4));
  }, 240_000);
});

describe('staffing advice: every lever reaches the manager', () => {
  /**
   * Counter 1 (Chứng thực; `c1Secondary` on the side) and counter 3 (Đất đai; Chứng thực on the side)
   * open, counter 2 set up for Đất đai and closed (the reserve), 8 Đất đai citizens waiting. Counter 1's
   * clerk can do counter 3's work (its own Chứng thực goes to counter 3).
   */
  async function landRush(c1Secondary: string[]) {
    const fx = await startFixture();
    f = fx;
    const m = await fx.manager();
    const name = (n: number) => ({ vi: `Quầy ${n}`, en: `Counter ${n}` });
    expectOk(await send(m, 'manager:saveCounter', { id: 'c1', number: 1, name: name(1), primary: ['s-chung-thuc'], secondary: c1Secondary, zone: null }));
    expectOk(await send(m, 'manager:saveCounter', { id: 'c2', number: 2, name: name(2), primary: ['s-dat-dai'], secondary: [], zone: null }));
    expectOk(await send(m, 'manager:saveCounter', { id: 'c3', number: 3, name: name(3), primary: ['s-dat-dai'], secondary: ['s-chung-thuc'], zone: null }));
    const c1 = await fx.clerk(1, 'c1');
    const c3 = await fx.clerk(3, 'c3');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    expectOk(await send(c3, 'counter:open', { counterId: 'c3' }));
    const { socket: kiosk } = await fx.kiosk();
    for (let i = 0; i < 8; i++) expectOk(await send(kiosk, 'ticket:issue', issue('s-dat-dai')));
    return { f: fx, m, c1, c3 };
  }

  it('a clerk move: from counter 1 to the work of counter 3, shown to counter 1; accepting routes Đất đai to counter 1 as a primary skill', async () => {
    const { f, m, c1 } = await landRush([]);
    const advice = expectOk(await send(m, 'manager:staffingAdvice', {}));
    // Bug it catches: the hub dropped every item but the extra skills (the manager never saw a move).
    const move = advice.items.find((i) => i.kind === 'moveClerk');
    if (move?.kind !== 'moveClerk') throw new Error(`no clerk move in ${JSON.stringify(advice.items.map((i) => i.text.en))}`);
    expect(move).toMatchObject({ counterId: 'c1', fromCounterId: 'c1', toCounterId: 'c3', serviceIds: ['s-dat-dai'] });
    expect(move.text.vi).toMatch(/^Cán bộ quầy 1 chuyển sang làm lĩnh vực Đất đai \(như quầy 3\) đến \d\d:\d\d/);
    expect(move.effect?.vi).toContain('chờ quá 20 phút');
    expect(move.until).toBeGreaterThan(f.clock.now());

    // Addressed to counter 1's clerk, who accepts it: the hub routes Đất đai to counter 1 until the end.
    expect(expectOk(await send(c1, 'counter:advice', { counterId: 'c1' })).map((i) => i.id)).toContain(move.id);
    expectOk(await send(c1, 'counter:respondAdvice', { counterId: 'c1', adviceId: move.id, accept: true }));
    const config = expectOk(await send(m, 'manager:config', {}));
    expect(config.temporarySkills).toEqual([expect.objectContaining({ counterId: 'c1', serviceId: 's-dat-dai', level: 'primary', until: move.until, adviceId: move.id })]);
    expect(config.counters.find((c) => c.id === 'c1')?.primary).toEqual(['s-chung-thuc', 's-dat-dai']);
    // Done: no longer offered.
    expect(expectOk(await send(m, 'manager:staffingAdvice', {})).items.find((i) => i.id === move.id)).toBeUndefined();
  });

  it('the reserve counter: the closed counter 2 for some hours, an instruction (a clerk signs in there), never "applied" by the hub', async () => {
    const { m, c1 } = await landRush(['s-dat-dai']);
    const advice = expectOk(await send(m, 'manager:staffingAdvice', {}));
    // Bug it catches: the hub passed no reserve to the advice (`reserve: null`), so opening a counter was never advised.
    const open = advice.items.find((i) => i.kind === 'openReserve');
    if (open?.kind !== 'openReserve') throw new Error(`no reserve counter in ${JSON.stringify(advice.items.map((i) => i.text.en))}`);
    expect(open).toMatchObject({ counterId: 'c2', serviceIds: ['s-dat-dai'] });
    expect(open.hours).toBe((open.until - open.from) / (60 * MIN));
    expect([1, 1.5, 2]).toContain(open.hours);
    expect(open.text.vi).toMatch(/^Mở thêm quầy 2 \(cán bộ dự phòng\) \d\d:\d\d–\d\d:\d\d \(dự kiến chờ quá 20 phút \d+% → \d+%\)$/);
    // Not something a counter answers: not in counter 1's list, and refused if answered.
    expect(expectOk(await send(c1, 'counter:advice', { counterId: 'c1' })).some((i) => i.kind === 'openReserve')).toBe(false);
    const r = await send(m, 'counter:respondAdvice', { counterId: 'c2', adviceId: open.id, accept: true });
    expect(r.ok ? 'ok' : r.error.code).toBe('conflict');
  });

  it('the reserve budget: with an hour a day the window is an hour at most, and once counter 2 has been open most of it no reserve counter is advised, and the card says why', async () => {
    const { f, m } = await landRush(['s-dat-dai']);
    const cfg = expectOk(await send(m, 'manager:config', {}));
    expectOk(await send(m, 'manager:saveSettings', { ...cfg.settings, staffing: { reserveHoursPerDay: 1 } }));
    const first = expectOk(await send(m, 'manager:staffingAdvice', {})).items.find((i) => i.kind === 'openReserve');
    if (first?.kind !== 'openReserve') throw new Error('no reserve counter with an hour of budget');
    // Bug it catches: the window not capped by the budget left (1.5 or 2 hours advised with 1 to spend).
    expect(first.until - first.from).toBeLessThanOrEqual(60 * MIN);
    // A reserve clerk opens counter 2 as advised, for 45 minutes, and closes it again.
    const c2 = await f.clerk(2, 'c2');
    expectOk(await send(c2, 'counter:open', { counterId: 'c2' }));
    f.clock.advance(45 * MIN);
    expectOk(await send(c2, 'counter:close', { counterId: 'c2' }));
    f.clock.advance(6 * MIN); // past the advice's five minutes of cache
    const after = expectOk(await send(m, 'manager:staffingAdvice', {}));
    // Bugs it catches: the budget never read (counter 2 advised again), or the hours used not counted from the counter's opening.
    expect(after.items.filter((i) => i.kind === 'openReserve')).toEqual([]);
    // Bug it catches: an item whose effect reads "90% → 90%" (chosen for the share over 30 minutes, shown by the share over 20).
    for (const it of after.items) expect(it.text.vi).not.toMatch(/ (\d+)% → \1%\)/);
    // Bug it catches: a reserve withheld without a word (the manager cannot tell a setting from the forecast).
    expect(after.summary?.vi).toContain('Đã dùng 0,8/1 giờ cán bộ dự phòng của hôm nay');
    expect(after.summary?.en).toContain("Used 0.8 of today's 1 reserve clerk-hours");

    // No reserve clerk at all (0 hours): never advised, whatever the queue.
    expectOk(await send(m, 'manager:saveSettings', { ...cfg.settings, staffing: { reserveHoursPerDay: 0 } }));
    f.clock.advance(6 * MIN);
    const none = expectOk(await send(m, 'manager:staffingAdvice', {}));
    expect(none.items.some((i) => i.kind === 'openReserve')).toBe(false);
    expect(none.summary?.vi).toContain('Trung tâm không có giờ cán bộ dự phòng');
  });
});
