/**
 * The manager app in Chromium against a real hub: configure a counter (and be refused when that
 * would strand people), pair a device and see its printer run out of paper, import a catalogue
 * with bad rows, watch wait alarms appear as the hub's clock runs, and export a report whose XLSX
 * figures match the hub's database.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Fixture } from '@motcua/hub-server/test-fixture';
import { expectOk, send, type HubClient } from '@motcua/hub-server/test-client';
import { screenshot } from '../support/browser';
import { useHubPage } from '../support/hub-and-browser';
import { signInManager } from './support';

const MIN = 60_000;
const rig = useHubPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
const errors = rig.errors;
let f: Fixture;
let page: Page;
let kiosk: HubClient;
let req = 0;

async function issueTicket(serviceId: string) {
  return expectOk(await send(kiosk, 'ticket:issue', { serviceId, requestId: `e2e-manager-${++req}`, print: false }));
}

beforeAll(async () => {
  ({ f, page, kiosk } = rig);
  await signInManager(page, f, '', () => screenshot(page, 'manager-login'));
  await screenshot(page, 'manager-dashboard');
});

describe('manager app in Chromium', () => {
  it('configures a new counter with skills, and is refused when a change would strand people', async () => {
    await page.goto(`${f.hub.url}/manager/#/config/counters`);
    await page.getByRole('button', { name: 'Thêm quầy' }).click();
    await page.getByLabel('Kỹ năng Chứng thực bản sao, chữ ký').selectOption('primary');
    await page.getByLabel('Kỹ năng Nhận kết quả hồ sơ').selectOption('secondary');
    await page.getByRole('button', { name: 'Lưu quầy' }).click();
    await page.getByText('Đã lưu quầy 6.').waitFor();
    const c6 = f.hub.counters.all().find((c) => c.number === 6);
    expect(c6).toMatchObject({ primary: ['s-chung-thuc'], secondary: ['s-tra-ket-qua'], status: 'closed' });

    // Two citizens wait for land; counters 3 (primary) and 4 (secondary) serve it.
    await issueTicket('s-dat-dai');
    await issueTicket('s-dat-dai');
    const editRow = async (n: number) => page.getByTestId('counter-config').locator('tr', { has: page.locator('td strong', { hasText: new RegExp(`^${n}$`) }) }).getByRole('button', { name: 'Sửa' }).click();
    await editRow(3);
    await page.getByLabel('Kỹ năng Đất đai').selectOption('none');
    await page.getByRole('button', { name: 'Lưu quầy' }).click();
    await page.getByText('Đã lưu quầy 3.').waitFor();
    await editRow(4);
    await page.getByLabel('Kỹ năng Đất đai').selectOption('none');
    await page.getByRole('button', { name: 'Lưu quầy' }).click();
    const refusal = page.getByTestId('counter-msg');
    await refusal.getByText('2 người đang chờ', { exact: false }).waitFor();
    await screenshot(page, 'manager-counters-refused');
    expect(f.hub.counters.byId('c4')?.secondary).toContain('s-dat-dai');
    expect(f.hub.counters.byId('c3')?.primary).not.toContain('s-dat-dai');
  });

  it('pairs a device with a one-time code and shows its printer out of paper', async () => {
    await page.goto(`${f.hub.url}/manager/#/config/devices`);
    await page.getByLabel('Loại thiết bị').selectOption('agent');
    await page.getByRole('button', { name: 'Tạo mã ghép nối' }).click();
    const code = (await page.getByTestId('pairing-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const agent = await f.connect();
    const paired = expectOk(await send(agent, 'device:pair', { code, name: 'Agent máy in sảnh' }));
    const row = page.getByTestId(`device-${paired.deviceId}`);
    await row.getByText('Trực tuyến').waitFor();
    expectOk(await send(agent, 'device:status', { peripherals: [{ name: 'printer', kind: 'printer', health: 'paper_out', detail: 'DLE EOT 4: paper end', at: f.clock.now() }] }));
    await row.getByText('Hết giấy', { exact: false }).waitFor();
    await screenshot(page, 'manager-devices-paper-out');
    // The same code cannot pair a second device.
    const other = await f.connect();
    const again = await send(other, 'device:pair', { code, name: 'Kẻ gian' });
    expect(again.ok).toBe(false);
    await page.goto(`${f.hub.url}/manager/#/dashboard`);
    await page.getByText('Máy in: Hết giấy', { exact: false }).waitFor();
  });

  it('imports a catalogue: bad rows listed, nothing applied until the good rows are accepted; XLSX too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-import-'));
    const csv = join(dir, 'danh-muc.csv');
    writeFileSync(
      csv,
      '\uFEFFMã thủ tục;Tên thủ tục;Mã lĩnh vực;Tên lĩnh vực;Mã nhóm dịch vụ\r\n' +
        '2.000001;Cấp bản sao trích lục hộ tịch;HT;;\r\n' +
        '1.0xx;Mã sai;HT;;\r\n' +
        '"2.000002";"Đăng ký giám hộ; thay đổi giám hộ";HT;;\r\n' +
        '2.000003;Lĩnh vực không có;QQ;;\r\n',
    );
    const before = f.hub.catalog.procedures().length;
    await page.goto(`${f.hub.url}/manager/#/config/catalog`);
    await page.getByTestId('import-file').setInputFiles(csv);
    const report = page.getByTestId('import-report');
    await report.getByText('4 dòng: 2 dòng đúng, 2 lỗi', { exact: false }).waitFor();
    const rows = await page.getByTestId('import-errors').locator('tbody tr td:first-child').allTextContents();
    expect(rows).toEqual(['3', '5']);
    expect(f.hub.catalog.procedures().length).toBe(before);
    await screenshot(page, 'manager-import-errors');
    await page.getByRole('button', { name: 'Chỉ nhập 2 dòng đúng' }).click();
    await page.getByText('Đã nhập 2 thủ tục.').waitFor();
    const names = f.hub.catalog.procedures().map((p) => p.name.vi);
    expect(names).toContain('Đăng ký giám hộ; thay đổi giám hộ');
    expect(f.hub.catalog.procedures().length).toBe(before + 2);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh mục');
    ws.addRow(['Mã thủ tục', 'Tên thủ tục', 'Tên tiếng Anh', 'Mã lĩnh vực', 'Tên lĩnh vực', 'Mã nhóm dịch vụ']);
    ws.addRow(['1.004000', 'Đăng ký thường trú', 'Permanent residence registration', 'CT-TRU', 'Cư trú', 'CT']);
    ws.addRow(['1.004001', 'Đăng ký tạm trú', 'Temporary residence registration', 'CT-TRU', 'Cư trú', 'CT']);
    const xlsx = join(dir, 'danh-muc.xlsx');
    await wb.xlsx.writeFile(xlsx);
    await page.getByTestId('import-file').setInputFiles(xlsx);
    await report.getByText('2 dòng: 2 dòng đúng, 0 lỗi', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Nhập 2 thủ tục' }).click();
    await page.getByText('Đã nhập 2 thủ tục.').waitFor();
    expect(f.hub.catalog.fields().find((x) => x.code === 'CT-TRU')?.name.vi).toBe('Cư trú');
    expect(f.hub.catalog.procedures().find((p) => p.nationalCode === '1.004001')?.name.en).toBe('Temporary residence registration');
    await page.getByRole('cell', { name: 'Đăng ký tạm trú' }).waitFor();
  });

  it('shows wait alarms as the hub clock passes 15 and 20 minutes', async () => {
    await page.goto(`${f.hub.url}/manager/#/dashboard`);
    await page.getByTestId('no-alarms').waitFor();
    const t = await issueTicket('s-ho-tich');
    f.clock.advance(16 * MIN);
    // One line per field and service (tests/manager/live-alarms.test.ts has the grouping at volume).
    const row = page.getByTestId('alarm-group').filter({ hasText: t.ticket.number });
    await row.getByText('1 người chờ quá ngưỡng, 0 người quá 20 phút').waitFor({ timeout: 15_000 });
    await page.getByTestId('alarm-badge').waitFor();
    f.clock.advance(5 * MIN);
    await row.getByText('1 người chờ quá ngưỡng, 1 người quá 20 phút').waitFor({ timeout: 15_000 });
    await page.getByTestId('field-HT').getByText('Chờ lâu nhất 21 / 20 phút').waitFor({ timeout: 5_000 });
    await screenshot(page, 'manager-dashboard-alarms');
  });

  it('exports the weekly report as XLSX whose figures match the hub database', async () => {
    // Serve some of the waiting tickets at counter 1 and 2, with ratings.
    const c1 = await f.clerk(1, 'c1');
    const c2 = await f.clerk(2, 'c2');
    expectOk(await send(c1, 'counter:open', { counterId: 'c1' }));
    expectOk(await send(c2, 'counter:open', { counterId: 'c2' }));
    for (const [socket, counterId, score] of [[c1, 'c1', 4], [c2, 'c2', 2], [c2, 'c2', 3]] as const) {
      await issueTicket('s-chung-thuc');
      const t = expectOk(await send(socket, 'counter:callNext', { counterId }));
      f.clock.advance(3 * MIN);
      expectOk(await send(socket, 'ticket:finish', { ticketId: t.id }));
      expectOk(await send(socket, 'ticket:rate', { ticketId: t.id, score }));
    }
    // Two home bookings arrive from the city: one for later today (open), one whose slot has passed (refused).
    const now = f.clock.now();
    const cursor = f.hub.channel.cursor();
    const home = (n: number, slotStart: number) => ({ seq: cursor + n, createdAt: now, message: { kind: 'booking.created' as const, booking: { code: `MGRPT0000${n}`, serviceId: 's-ho-tich', procedureCode: null, slotStart, day: '2026-11-23', slotMinutes: 30, name: 'Đỗ Văn Nam', bookedAt: now } } });
    expect(f.hub.channel.applyAll([home(1, now + 60 * MIN), home(2, now - 60 * MIN)]).stopped).toBeNull();
    await page.goto(`${f.hub.url}/manager/#/reports`);
    await page.getByRole('button', { name: 'Theo tuần' }).click();
    await page.getByText('Báo cáo tuần 23/11/2026 – 29/11/2026').waitFor();
    await page.getByTestId('report-fields').waitFor();
    // Home bookings per field and week on the page (received 2: refused 1, open 1) and on their own sheet.
    const booked = page.getByTestId('report-home-bookings').locator('tr[data-field="HT"] td');
    expect(await booked.allInnerTexts()).toEqual(['HT', 'Hộ tịch', '2026-W48', '2', '0', '0', '0', '1', '1']);
    await screenshot(page, 'manager-report-week');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất XLSX' }).click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-tuan-2026-11-23_2026-11-29.xlsx');
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Theo lĩnh vực');
    if (!ws) throw new Error('no per-field sheet');
    expect(ws.getRow(4).values).toEqual([undefined, 'Mã', 'Tên', 'Tiếp nhận', 'Đã phục vụ', 'Vắng mặt', 'Hủy', 'Chờ TB (phút)', 'Chờ P90 (phút)', 'Tỷ lệ chờ quá 20 phút', 'Lượt đánh giá', 'Điểm đánh giá TB']);
    const sheet = new Map<string, unknown[]>();
    ws.eachRow((row, n) => {
      if (n > 4) sheet.set(row.getCell(1).text, (row.values as unknown[]).slice(1));
    });

    // The same figures straight from the hub's SQLite.
    const db = f.hub.db;
    const perField = db
      .prepare(
        `SELECT f.code, COUNT(*) AS received, SUM(t.state = 'done') AS served, SUM(t.state = 'no_show') AS no_shows,
                COUNT(t.rating) AS ratings, AVG(t.rating) AS avg_rating
           FROM tickets t JOIN services s ON s.id = t.service_id JOIN fields f ON f.id = s.field_id
          WHERE t.day BETWEEN '2026-11-23' AND '2026-11-29' GROUP BY f.code`,
      )
      .all() as { code: string; received: number; served: number; no_shows: number; ratings: number; avg_rating: number | null }[];
    const waits = db
      .prepare(
        `SELECT f.code, (MIN(e.at) - t.queued_at) / 60000.0 AS wait_min FROM tickets t JOIN services s ON s.id = t.service_id JOIN fields f ON f.id = s.field_id
           JOIN events e ON e.ticket_id = t.id AND e.type = 'ticket.called' GROUP BY t.id`,
      )
      .all() as { code: string; wait_min: number }[];
    // Citizens never called who already waited past 20 minutes (still waiting, or left) count as late too.
    const uncalledOver = db
      .prepare(
        `SELECT f.code, COUNT(*) AS n FROM tickets t JOIN services s ON s.id = t.service_id JOIN fields f ON f.id = s.field_id
          WHERE t.channel <> 'walk_in' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket.called')
            AND ((t.state = 'waiting' AND ? - t.queued_at > 1200000) OR (t.state = 'cancelled' AND t.finished_at - t.queued_at > 1200000))
          GROUP BY f.code`,
      )
      .all(f.clock.now()) as { code: string; n: number }[];
    expect(uncalledOver.reduce((n, r) => n + r.n, 0), 'the alarms test left a citizen waiting over 20 min').toBeGreaterThan(0);
    expect(perField.length).toBeGreaterThan(1);
    let totalReceived = 0;
    for (const r of perField) {
      const cells = sheet.get(r.code);
      expect(cells, `row for field ${r.code}`).toBeDefined();
      const [, , received, served, noShows, , avgWait, , lateShare, ratings, avgRating] = cells ?? [];
      expect({ received, served, noShows, ratings }).toEqual({ received: r.received, served: r.served, noShows: r.no_shows, ratings: r.ratings });
      expect(avgRating ?? null).toBe(r.avg_rating === null ? null : Math.round(r.avg_rating * 100) / 100);
      const mine = waits.filter((w) => w.code === r.code).map((w) => w.wait_min);
      const over = uncalledOver.find((u) => u.code === r.code)?.n ?? 0;
      if (mine.length) expect(avgWait).toBeCloseTo(mine.reduce((a, b) => a + b, 0) / mine.length, 1);
      else expect(avgWait ?? null).toBeNull();
      if (mine.length + over) expect(lateShare).toBeCloseTo((mine.filter((w) => w > 20).length + over) / (mine.length + over), 3);
      else expect(lateShare ?? null).toBeNull();
      totalReceived += r.received;
    }
    // The total row is "Tổng cộng" with the centre's name, never the hub id.
    expect(sheet.get('Tổng cộng')?.[2]).toBe(totalReceived);
    expect(sheet.has('demo-ward')).toBe(false);
    const hb = wb.getWorksheet('Đặt lịch từ xa');
    expect(hb?.getRow(4).values).toEqual([undefined, 'Mã', 'Lĩnh vực', 'Tuần', 'Đặt lịch', 'Đã đến', 'Đã huỷ', 'Không đến', 'Bị từ chối', 'Chưa đến hạn']);
    expect(hb?.getRow(5).values).toEqual([undefined, 'HT', 'Hộ tịch', '2026-W48', 2, 0, 0, 0, 1, 1]);
    // The day sheet: "Mã" is the date, "Tên" the weekday (not the ISO date twice).
    const days = wb.getWorksheet('Theo ngày');
    if (!days) throw new Error('no per-day sheet');
    expect([days.getRow(5).getCell(1).text, days.getRow(5).getCell(2).text]).toEqual(['23/11/2026', 'Thứ Hai']);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe('bao-cao-tuan-2026-11-23_2026-11-29.csv');
    // This week is kept; a day beyond the retention policy (400 days) says its data was deleted instead of showing bare zeros.
    expect(await page.getByTestId('report-purged').count()).toBe(0);
    await page.getByRole('button', { name: 'Theo ngày' }).click();
    await page.getByLabel('Ngày', { exact: true }).fill('2025-06-02');
    await expect(page.getByTestId('report-purged').textContent()).resolves.toBe(
      'Dữ liệu trước ngày 19/10/2025 đã được xóa theo chính sách lưu giữ (400 ngày): số liệu của những ngày đó không còn trong báo cáo này.',
    );
    await screenshot(page, 'manager-report-purged');
    expect(errors).toEqual([]);
  });

  it('saves opening hours, priority rules and the rating scale, and clients get the new scale', async () => {
    await page.goto(`${f.hub.url}/manager/#/config/settings`);
    // The demo ward is open around the clock (hub.ts seeds 00:00–24:00); a real Saturday: 07:30–11:00.
    await page.getByLabel('Thứ Bảy mở', { exact: true }).fill('07:30');
    await page.getByLabel('Thứ Bảy đóng').fill('11:00');
    await page.getByLabel('Kiosk phát số từ', { exact: false }).fill('5');
    await page.getByLabel('Người cao tuổi từ (tuổi)').fill('75');
    await page.getByLabel('Thang điểm').selectOption('5');
    await page.getByLabel('Giờ cán bộ dự phòng mỗi ngày').fill('1.5');
    await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
    await page.getByText('Đã lưu cấu hình', { exact: false }).waitFor();
    await screenshot(page, 'manager-settings');
    expect(f.hub.config.rating.scale).toBe(5);
    expect(f.hub.config.priority.elderlyAge).toBe(75);
    const anon = await f.connect();
    expect(expectOk(await send(anon, 'state:snapshot', {})).centre.rating.scale).toBe(5);
    const stored = f.hub.db.prepare("SELECT value FROM settings WHERE key = 'centre'").get() as { value: string };
    expect((JSON.parse(stored.value) as { openingHours: unknown[] }).openingHours[5]).toEqual({ open: '07:30', close: '11:00', lunch: null });
    expect((JSON.parse(stored.value) as { opening: unknown }).opening).toEqual({ graceMin: 5, checkInEarlyMin: 60, checkInLateMin: 15 });
    // The staffing advice's reserve budget (issue 16 item 3).
    expect((JSON.parse(stored.value) as { staffing: unknown }).staffing).toEqual({ reserveHoursPerDay: 1.5 });
  });

  // Catches: the manager:lockout push not shown (the alert never appears), the button calling
  // manager:unlock with the wrong field (the account stays locked: the sign-in below is refused
  // 'locked_out'), and an alert that stays after unlocking.
  it('shows a lockout as an alert, and "Mở khoá" unlocks the account at once', async () => {
    await page.goto(`${f.hub.url}/manager/#/dashboard`);
    await page.getByTestId('counters').waitFor();
    const guesser = await f.connect();
    for (let i = 0; i < 5; i++) {
      const r = await send(guesser, 'auth:login', { username: 'canbo2', password: `sai-${i}`, counterId: 'c2' });
      expect(r.ok ? 'ok' : r.error.code).toBe('bad_credentials');
    }
    const alert = page.getByTestId('lockout-account');
    await alert.waitFor({ timeout: 10_000 });
    await expect(alert.textContent()).resolves.toMatch(/Tài khoản canbo2 không đăng nhập được đến \d{2}:\d{2}/);
    await screenshot(page, 'manager-lockout');
    const locked = await send(guesser, 'auth:login', { username: 'canbo2', password: '2222', counterId: 'c2' });
    expect(locked.ok ? 'ok' : locked.error.code).toBe('locked_out');
    await alert.getByTestId('lockout-unlock').click();
    await page.getByTestId('lockout-done').getByText('Đã mở khoá canbo2.').waitFor();
    expect(await page.getByTestId('lockout-account').count()).toBe(0);
    expectOk(await send(guesser, 'auth:login', { username: 'canbo2', password: '2222', counterId: 'c2' }));
    expect(errors).toEqual([]);
  });

  it('switches to English and shows the audit log of who did what', async () => {
    await page.goto(`${f.hub.url}/manager/#/audit`);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('button', { name: 'Configuration' }).click();
    const audit = page.getByTestId('audit');
    await audit.getByText('config.counter_saved').first().waitFor();
    await audit.getByText('Nguyễn Thị Hồng (Giám đốc)').first().waitFor();
    await screenshot(page, 'manager-audit-en');
  });
});
