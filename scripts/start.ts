/**
 * `npm start`: a complete demo ward centre on embedded defaults — the hub (SQLite in ./data) with
 * the demo ward, the four web apps, virtual devices (a TCP ESC/POS printer saving tickets as PNG in
 * ./data/printed and, with socat, an ID scanner, call keypad, rating pad and LED bus on PTYs) driven
 * by two real device agents. `--demo-traffic` adds simulated citizens and clerks; `--closed`
 * starts the centre outside its opening hours (the kiosk and display show the closed state).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createLogger, loadConfig, setDemoHours, startHub } from '@motcua/hub-server';
import { startAgent, startVirtualDevices, type DeviceAgent } from '@motcua/drivers';
import { DEMO_CITY_USERS, keyFile, startCityServer } from '@motcua/city-server';
import { ensureDemoDevices, trustHubCa } from './demo-devices';
import { startDemoTraffic, stoppedClients } from './demo-traffic';

const argv = process.argv.slice(2);
const args = new Set(argv);
/** The number after `--flag` (a positive number), or undefined when the flag is absent. */
function numberFlag(flag: string): number | undefined {
  const i = argv.indexOf(flag);
  if (i < 0) return undefined;
  const n = Number(argv[i + 1]);
  if (!(n > 0)) {
    process.stderr.write(`npm start: ${flag} needs a positive number (got ${argv[i + 1] ?? 'nothing'})\n`);
    process.exit(2);
  }
  return n;
}
const demoSpeed = numberFlag('--demo-speed');
const demoDays = numberFlag('--demo-days');
const log = createLogger(process.env.LOG_LEVEL ?? 'info');
const root = resolve(import.meta.dirname, '..');

if (!existsSync(join(root, 'hub-server/public/kiosk/index.html')) || args.has('--build')) {
  log.info('building the web apps (first start)…');
  if (spawnSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { stdio: 'inherit', cwd: root }).status !== 0) process.exit(1);
}

const config = loadConfig({ MOTCUA_DATA_DIR: join(root, 'data'), ...process.env });
mkdirSync(config.dataDir, { recursive: true });

// The city centre beside the ward (embedded PostgreSQL in ./data/city-pg); the hub syncs to it
// with a per-hub key kept in ./data so restarts keep syncing.
let city: Awaited<ReturnType<typeof startCityServer>> | null = null;
if (!args.has('--no-city') && !config.city) {
  const { key } = keyFile(join(config.dataDir, 'demo-city-key'));
  const cityPort = Number(process.env.MOTCUA_CITY_PORT ?? 8090);
  city = await startCityServer({
    port: cityPort,
    // The kiosk's nearby wards link to booking there; the demo city is on this machine only.
    publicUrl: cityPort ? `http://localhost:${cityPort}` : null,
    host: '127.0.0.1',
    dataDir: config.dataDir,
    databaseUrl: process.env.DATABASE_URL,
    logger: log.child({ component: 'city' }),
    // The demo's city admin and viewer (refused with NODE_ENV=production).
    seedDemoUsers: true,
    hubs: [{ hubId: config.hubId, name: { vi: 'Phường Bến Thành', en: 'Ben Thanh Ward' }, lat: 10.7725, lon: 106.698, key }],
  });
  config.city = { url: city.url, key, keyId: 'k1', batchSize: 1000, intervalMs: 15_000, nudgeDelayMs: 100, heartbeatMs: 60_000, backoffBaseMs: 1000, backoffMaxMs: 60_000, requestTimeoutMs: 15_000 };
}
const hub = await startHub({ config, logger: log });
// The demo centre is open whenever it runs (a data folder from another hour keeps working);
// `--closed` closes it now, to show the closed kiosk and display.
const hours = setDemoHours(hub, args.has('--closed') ? 'closed' : 'open');
if (hours !== 'unchanged') log.info({ hours }, hours === 'closed' ? 'demo centre closed now (--closed): the kiosk and display show the closed state' : 'demo centre set open around the clock');
const url = hub.url.replace('127.0.0.1', 'localhost');
// MOTCUA_TLS=1: the hub serves HTTPS with a development ward CA in data/secrets; the demo's
// agents and sockets pin it, as a ward's devices do.
trustHubCa(hub.tls?.ca ?? null);
const hubCaFile = hub.tls ? { hubCaFile: hub.tls.caFile } : {};

const devices = await ensureDemoDevices(hub.url, config.dataDir);
const virtual = await startVirtualDevices({ printedDir: join(config.dataDir, 'printed'), logger: log });
const dc = virtual.devicesConfig;
const agents: DeviceAgent[] = [
  await startAgent({ config: { hubUrl: hub.url, ...hubCaFile, deviceToken: devices.kioskAgent.token, printers: dc.printers, scanners: dc.scanners, keypads: [], ratingPads: [], leds: [], chipReaders: [], print: { attempts: 3, retryDelayMs: 1500, retryWithinMs: 10_000 }, statusIntervalMs: 30_000, logLevel: 'warn' }, logger: log }),
  await startAgent({ config: { hubUrl: hub.url, ...hubCaFile, deviceToken: devices.counterAgent.token, printers: [], scanners: [], keypads: dc.keypads, ratingPads: dc.ratingPads, leds: dc.leds, chipReaders: [], print: { attempts: 3, retryDelayMs: 1500, retryWithinMs: 10_000 }, statusIntervalMs: 30_000, logLevel: 'warn' }, logger: log }),
];
const traffic =
  args.has('--demo-traffic') || demoSpeed !== undefined || demoDays !== undefined
    ? startDemoTraffic({ hubUrl: hub.url, kioskToken: devices.kiosk.token, speed: demoSpeed, days: demoDays, log: (m) => log.info(m) })
    : null;
const stopTraffic = traffic ? (): void => traffic.stop() : null;

const lines = [
  '',
  `Một Cửa — ${config.centre.name.vi}`,
  '',
  `  Kiosk lấy số (kiosk):          ${url}/kiosk/#token=${devices.kiosk.token}`,
  `  Quầy cán bộ (counter):         ${url}/counter/   — canbo1 / 1111 … canbo5 / 5555`,
  `  Màn hình phòng chờ (display):  ${url}/display/#token=${devices.display.token}`,
  `  Quản lý (manager):             ${url}/manager/   — quanly / quanly2025`,
  `  Vé đã in (printed tickets):    ${join(config.dataDir, 'printed')}`,
  hub.snapshot('manager').centre.publicUrlSource === 'loopback'
    ? `  ! Mã QR trên phiếu chỉ mở được trên máy này (${hub.publicUrl()}): đặt MOTCUA_PUBLIC_URL / "publicUrl" (the ticket QR only opens on this machine)`
    : `  Mã QR trên phiếu (ticket QR):   ${hub.publicUrl()}/t/<id>   — điện thoại trong mạng của trung tâm (phones on the centre's network)`,
  city
    ? `  Trung tâm thành phố (city):    ${city.url.replace('127.0.0.1', 'localhost')}/   — ${DEMO_CITY_USERS.map((u) => `${u.username} / ${u.password} (${u.role})`).join(' · ')}; the ward syncs here`
    : '  (city server not started)',
  ...(city ? [`  Đặt lịch từ xa (booking site):  ${city.url.replace('127.0.0.1', 'localhost')}/dat-lich   — API ${city.url.replace('127.0.0.1', 'localhost')}/api/docs`] : []),
  // The device end of the scanner's PTY: what is written there reaches the agent as a scan (the agent reads the other end).
  virtual.scanner
    ? `  Đầu đọc CCCD ảo (scanner PTY): ${virtual.scanner.devicePath}\n      quét thử / try a scan: printf '079058012345|025123456|Nguyễn Văn An|15031958|Nam|12 Lê Lợi, Bến Thành|10052021\\r' > ${virtual.scanner.devicePath}`
    : '  (socat not installed: no virtual scanner, keypad, LED — apt-get install socat)',
  traffic
    ? `  Demo traffic: simulated citizens and clerks (a ward day of 8 hours at ${demoSpeed ?? 30} simulated minutes per real minute${demoDays ? `, ${demoDays} day(s), then a report` : ''}).`
    : '  Tip: npm start -- --demo-traffic [--demo-speed 60] [--demo-days 1]  for simulated citizens and clerks.',
  hub.tls
    ? `  HTTPS with a development ward CA: ${hub.tls.caFile} (SHA-256 ${hub.tls.caFingerprint}); ticket status pages on ${hub.statusUrl.replace('127.0.0.1', 'localhost')}`
    : '  Plain HTTP (demo). MOTCUA_TLS=1 npm start serves HTTPS with a development ward CA; a real ward: motcua-hub init (README).',
  '',
  'Ctrl+C to stop.',
  '',
];
process.stdout.write(lines.join('\n'));

let stopping = false;
const stop = async (code = 0): Promise<void> => {
  if (stopping) return;
  stopping = true;
  stopTraffic?.();
  for (const a of agents) await a.stop();
  await virtual.close();
  await hub.close();
  await city?.close();
  process.exit(code);
};
if (traffic && demoDays !== undefined) {
  // Bounded: after the days, print who did what and whether any simulated client stopped, then stop.
  void traffic.done.then(async () => {
    // An hour more for the clerks to serve who still waits.
    await new Promise((resolve) => setTimeout(resolve, (60 * 60_000) / (demoSpeed ?? 30)));
    const r = traffic.report();
    // Every client must still be working in the last two hours of walk-ins of the last day.
    const stoppedNames = stoppedClients(r, (demoDays - 1) * r.lengthMin + r.lastTicketMin - 120, 60);
    process.stdout.write(`\nDemo day report (${r.scenario}, ${r.simMin} simulated minutes):\n`);
    for (const c of r.clients) process.stdout.write(`  ${c.name}: ${c.ok} ${c.kind === 'kiosk' ? 'tickets' : 'calls'}, ${c.reconnects} reconnects, last at minute ${c.okAt.at(-1) ?? '—'}\n`);
    process.stdout.write(stoppedNames.length ? `  STOPPED: ${stoppedNames.join(', ')}\n` : '  No simulated client stopped.\n');
    process.exitCode = stoppedNames.length ? 1 : 0;
    await stop(process.exitCode);
  });
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
