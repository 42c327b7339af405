/**
 * vitest global setup of the medium and e2e tiers (vitest.config.ts): tests start the `motcua-hub`
 * command (bin/motcua-hub.mjs), which runs the hub's JavaScript build; build it once here when it is
 * missing or older than the sources, so no test sees the bin's "building the hub…" line on stderr
 * or, with --production, its refusal of a stale build.
 */
import { buildHub, checkHubBuild } from '../build.mjs';

export default async function setup(): Promise<void> {
  const stale = checkHubBuild();
  if (!stale) return;
  const n = await buildHub();
  process.stdout.write(`built the hub into hub-server/dist (${stale.en}; ${n} source files)\n`);
}
