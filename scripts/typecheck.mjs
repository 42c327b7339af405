// Type-checks every workspace with its own tsconfig (strict, no emit).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const projects = ['.', 'shared', 'hub-server', 'drivers', 'kiosk-app', 'counter-app', 'display-board', 'manager-app', 'city-server', 'tests'];
let failed = 0;
for (const p of projects) {
  if (!existsSync(`${p}/tsconfig.json`)) continue;
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', p], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck failed in ${p}`);
  }
}
process.exit(failed ? 1 : 0);
