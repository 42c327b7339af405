/**
 * `node --import tsx hub-server/src/main.ts [--config FILE]`: runs a hub from configuration
 * (file, then MOTCUA_* environment variables). Prints one JSON line `{"event":"listening","url":…}`
 * on stdout when ready, for scripts and tests that start it as a child process.
 */
import { ConfigError, loadConfig } from './config';
import { startHub } from './hub';
import { createLogger } from './logger';

const args = process.argv.slice(2);
const configFlag = args.indexOf('--config');
const log = createLogger();

try {
  const config = loadConfig(process.env, configFlag >= 0 ? args[configFlag + 1] : undefined);
  const hub = await startHub({ config, logger: log });
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: hub.url, pid: process.pid })}\n`);
  const stop = (): void => {
    void hub.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof ConfigError) {
    log.fatal(e.message);
    process.exit(2);
  }
  throw e;
}
