// `npm test`: the whole suite. Checks what npm cannot install (Chromium, socat, udev, PC/SC), installing
// it with apt when run as root, builds the web apps the hub serves and the hub itself
// (hub-server/dist), then runs lint, typecheck
// and the three vitest tiers, and ends with one line `N passed, N failed` from vitest's report.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

/** libfaketime's multi-threaded preload (Debian/Ubuntu path of the `faketime` package). */
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts }).status === 0;
const have = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;

const needed = [
  { bin: 'chromium', pkg: 'chromium' },
  { bin: 'socat', pkg: 'socat' },
  { bin: 'udevadm', pkg: 'udev' },
  // PC/SC for the chip reader tests: the smartcard binding's headers, pcscd, and the vpcd reader.
  { file: '/usr/include/PCSC/winscard.h', pkg: 'libpcsclite-dev' },
  { file: '/usr/sbin/pcscd', pkg: 'pcscd' },
  { file: '/usr/lib/pcsc/drivers/serial/libifdvpcd.so', pkg: 'vsmartcard-vpcd' },
  // libfaketime: the unit and medium tiers run a second time at 23:59:30 Vietnam time (below).
  { file: FAKETIME_LIB, pkg: 'faketime' },
];
const missing = needed.filter((n) => (n.file ? !existsSync(n.file) : !have(n.bin)));
if (missing.length) {
  const pkgs = missing.map((m) => m.pkg).join(' ');
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${pkgs} fonts-noto-core`;
  if (process.getuid?.() === 0) {
    console.log(`Installing system packages: ${pkgs}`);
    if (!run('sh', ['-c', cmd], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })) {
      console.error(`Could not install ${pkgs}. Run as root: ${cmd}`);
      process.exit(1);
    }
  } else {
    console.error(`Missing system packages: ${pkgs}. Run as root:\n  sudo sh -c '${cmd}'`);
    process.exit(1);
  }
}

// The PC/SC binding (`smartcard`, an optional dependency of drivers) builds from source against
// libpcsclite-dev. On a machine that lacked the headers when `npm ci` ran, npm skipped it; now that
// they are installed, install it from the lockfile (the lockfile is not changed).
if (!existsSync('node_modules/smartcard/build/Release/smartcard_napi.node')) {
  console.log('Installing the PC/SC binding (smartcard) that npm ci skipped without libpcsclite-dev');
  const pcsc = existsSync('node_modules/smartcard/package.json') ? ['rebuild', 'smartcard'] : ['install', '--no-audit', '--no-fund'];
  if (!run('npm', pcsc)) {
    console.error(`Could not build the PC/SC binding: npm ${pcsc.join(' ')}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const steps = [
  ['build web apps', process.execPath, ['scripts/build-web.mjs']],
  // The hub's JavaScript build (hub-server/dist): tests and the bench start bin/motcua-hub.mjs.
  ['build hub', process.execPath, ['hub-server/build.mjs']],
  ['lint', 'npx', ['eslint', '.']],
  // Every installed dependency must support the platform's Node (npm ci only warns).
  ['dependency engines', process.execPath, ['scripts/check-engines.mjs']],
  ['typecheck', process.execPath, ['scripts/typecheck.mjs']],
];
for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name}`);
  if (!run(cmd, args)) {
    console.error(`${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

console.log('\n== vitest (unit, medium, e2e)');
mkdirSync('test-artifacts', { recursive: true });
const counts = { passed: 0, failed: 0, skipped: 0 };
// A vitest run that has not finished by its limit is stopped and fails the suite, so that CI (90 min)
// always ends with its count. A test whose thread is blocked (a deadlock in a native call) is past
// every vitest timeout; this is what catches it. A normal run takes about 14 and 5 minutes here.
const FULL_RUN_LIMIT_MIN = 45;
const MIDNIGHT_RUN_LIMIT_MIN = 25;
/** Ctrl+C (or SIGTERM) was passed on to a vitest run: stop after it. */
let interrupted = false;
let ok = await vitest('test-artifacts/vitest-report.json', process.argv.slice(2), process.env, FULL_RUN_LIMIT_MIN);

// The suite must pass at any hour: the unit and medium tiers again with the wall clock set to
// 23:59:30 in Ho Chi Minh City (16:59:30 UTC) of today, so the business day changes half a minute
// into the run. libfaketime starts the clock there and lets it run (the monotonic clock is real, so
// timers behave). Skipped when arguments select particular tests, or with MOTCUA_NO_FAKETIME=1.
if (process.argv.length <= 2 && process.env.MOTCUA_NO_FAKETIME !== '1') {
  const day = new Date().toISOString().slice(0, 10);
  console.log(`\n== vitest (unit, medium) at ${day} 16:59:30 UTC = 23:59:30 Asia/Ho_Chi_Minh (libfaketime)`);
  const started = Date.now();
  const env = { ...process.env, TZ: 'UTC', LD_PRELOAD: FAKETIME_LIB, FAKETIME: `@${day} 16:59:30`, FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_DONT_RESET: '1' };
  ok = (await vitest('test-artifacts/vitest-report-midnight.json', ['--project', 'unit', '--project', 'medium'], env, MIDNIGHT_RUN_LIMIT_MIN)) && ok;
  console.log(`(the midnight run took ${Math.round((Date.now() - started) / 1000)} s)`);
}
console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(ok && counts.failed === 0 ? 0 : 1);

/**
 * One vitest run with a JSON report; adds its figures to `counts`. Stopped, with its whole process
 * group, if it has not finished within `limitMin` minutes.
 */
async function vitest(report, args, env, limitMin) {
  rmSync(report, { force: true });
  const running = report.replace(/\.json$/, '-running.json');
  rmSync(running, { force: true });
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--reporter=./scripts/vitest-running-reporter.mjs'];
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...reporters, ...args], { env: { ...env, MOTCUA_VITEST_RUNNING: running }, stdio: 'inherit', detached: true });
  // In its own process group, so that the limit stops its workers, browsers and daemons too.
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`\nvitest did not finish within ${limitMin} minutes: stopping it. A test hung (a blocked thread is past every test timeout).`);
    try {
      const { files, tests } = JSON.parse(readFileSync(running, 'utf8'));
      console.error(`Running when stopped:\n${[...files.map((f) => `  file ${f}`), ...tests.map((t) => `  test ${t}`)].join('\n') || '  (nothing reported)'}`);
    } catch {
      console.error(`(${running} could not be read: no file had started)`);
    }
    signalGroup('SIGKILL');
  }, limitMin * 60_000);
  // Its own process group no longer gets the terminal's Ctrl+C: pass it on.
  const forward = (signal) => {
    interrupted = true;
    signalGroup(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const passed = await new Promise((resolve) => child.on('exit', (code) => resolve(code === 0)));
  clearTimeout(timer);
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  if (interrupted) process.exit(130);
  if (timedOut || !existsSync(report)) {
    counts.failed++;
    return false;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  counts.passed += r.numPassedTests;
  counts.failed += failed === 0 && !passed ? 1 : failed; // a suite that failed to load still fails the run
  counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  return passed;
}
