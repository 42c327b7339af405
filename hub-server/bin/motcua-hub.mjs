#!/usr/bin/env node
// The `motcua-hub` command (hub-server/src/cli/motcua-hub.ts), run from its JavaScript build in
// hub-server/dist (`npm run build:hub`, hub-server/build.mjs): plain Node, no tsx (issue 13 item 7).
// Before it runs the build it checks that the build matches the sources:
//   - production (NODE_ENV=production or --production, what the installed service runs): a missing
//     or stale build is refused with exit code 2 (the service does not restart on 2) and the
//     command to run;
//   - otherwise (a development checkout) it is rebuilt first, and it says so on stderr.
import { buildHub, checkHubBuild } from '../build.mjs';

// Stack traces name the TypeScript lines (dist/*.js.map).
process.setSourceMapsEnabled(true);

const stale = checkHubBuild();
if (stale) {
  const production = process.env.NODE_ENV === 'production' || process.argv.includes('--production');
  if (production) {
    process.stderr.write(
      `motcua-hub: không chạy bản dựng của hub (hub-server/dist): ${stale.vi}. Dựng lại trong thư mục mã nguồn: npm run build:hub\n` +
        `motcua-hub: refusing to run the hub's build (hub-server/dist): ${stale.en}. Rebuild it in the code's folder: npm run build:hub\n`,
    );
    process.exit(2);
  }
  process.stderr.write(`motcua-hub: dựng lại hub (${stale.vi}) / building the hub (${stale.en})…\n`);
  await buildHub();
}
await import('../dist/motcua-hub.js');
