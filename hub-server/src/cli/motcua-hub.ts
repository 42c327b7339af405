/**
 * `motcua-hub <command>`: `init` (first-run setup, cli/init.ts), `cert` (renew the TLS certificate,
 * cli/cert.ts), `start` (the hub, main.ts; the installed service runs
 * `motcua-hub start --production --config <folder>/hub.json`), `backup` and `restore` (cli/backup.ts).
 */
import { runBackup, runRestore } from './backup';
import { runInit } from './init';
import { CERT_USAGE, runCert } from './cert';

const [command, ...rest] = process.argv.slice(2);
if (command === 'init') {
  process.exitCode = await runInit(rest);
} else if (command === 'cert') {
  process.exitCode = await runCert(rest);
} else if (command === 'backup') {
  process.exitCode = await runBackup(rest);
} else if (command === 'restore') {
  process.exitCode = runRestore(rest);
} else if (command === 'start') {
  await import('../main');
} else {
  process.stderr.write(`Usage: motcua-hub init --dir <folder> --hub-id <id> --name <centre name> [--password-file <file>] …  (motcua-hub init --help)\n       motcua-hub start --config <folder>/hub.json [--production]\n       ${CERT_USAGE}\n       motcua-hub backup <file or folder> [--config <folder>/hub.json]\n       motcua-hub restore <file> [--config <folder>/hub.json]\n`);
  process.exitCode = command === undefined || command === '--help' ? 0 : 2;
}
