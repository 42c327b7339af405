// `npm test`: the whole suite. Checks what npm cannot install (Chromium, socat, udev, PC/SC), installing
// it with apt when run as root, builds the web apps the hub serves, then runs lint, typecheck
// and the three vitest tiers, and ends with one line `N passed, N failed` from vitest's report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

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
  ['lint', 'npx', ['eslint', '.']],
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
rmSync('test-artifacts/vitest-report.json', { force: true });
const ok = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-artifacts/vitest-report.json', ...process.argv.slice(2)]);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync('test-artifacts/vitest-report.json')) {
  const report = JSON.parse(readFileSync('test-artifacts/vitest-report.json', 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (!ok && failed === 0) failed = 1; // a suite that failed to load still fails the run
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
