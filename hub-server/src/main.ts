/**
 * `motcua-hub start [--config FILE] [--production]` (the built hub, hub-server/bin/motcua-hub.mjs; in
 * development also `node --import tsx hub-server/src/main.ts`): runs a hub from configuration
 * (file, then MOTCUA_* environment variables). Prints one JSON line
 * `{"event":"listening","url":…}` on stdout when ready, for scripts and tests that start it as a
 * child process.
 *
 * Production (`NODE_ENV=production` or `--production`, what the installed service runs): a
 * configuration file is required, the demo ward is refused and the secrets must exist — all made
 * by `motcua-hub init` (cli/init.ts). Otherwise (development) the built-in demo ward starts, with a
 * loud warning that its published accounts are active.
 */
import { ConfigError, isProduction, loadConfig } from './config';
import { startHub } from './hub';
import { createLogger } from './logger';

const args = process.argv.slice(2);
const configFlag = args.indexOf('--config');
const production = isProduction(process.env, args);
const log = createLogger();

try {
  const config = loadConfig(process.env, configFlag >= 0 ? args[configFlag + 1] : undefined, { production });
  const hub = await startHub({ config, logger: log, production });
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: hub.url, statusUrl: hub.statusUrl || undefined, caFile: hub.tls?.caFile, pid: process.pid, production })}\n`);
  const stop = (): void => {
    void hub.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof ConfigError) {
    log.fatal(e.message);
    // Also plain on stderr: a service manager's journal and a person at a terminal read it there.
    process.stderr.write(`motcua-hub: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
