/**
 * `motcua-hub cert --config <hub.json> [--force] [--print-ca]`: renews the hub's TLS server
 * certificate from the ward CA (new LAN addresses, names, or near expiry; `--force` always), and
 * prints the CA's path and fingerprint for setting up devices. A ward set up before TLS existed
 * gets its CA here (once: devices pin it), and `tls.enabled` is then set in its configuration.
 * `--print-ca` prints the CA certificate (PEM, public) on stdout.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { createWardCa, loadTls, tlsFiles, TlsError } from '../http/tls';
import { secretsDirOf } from '../secrets';
import { tlsSummary } from './init';

export const CERT_USAGE = 'Usage: motcua-hub cert --config <folder>/hub.json [--force] [--print-ca]';

export async function runCert(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${CERT_USAGE}\n`);
    return 0;
  }
  const i = args.indexOf('--config');
  const file = i >= 0 ? args[i + 1] : process.env.MOTCUA_CONFIG;
  if (!file) {
    process.stderr.write(`motcua-hub cert: --config is required.\n${CERT_USAGE}\n`);
    return 2;
  }
  try {
    const config = loadConfig({ ...process.env, MOTCUA_CONFIG: file }, file);
    const secrets = secretsDirOf(config);
    const lines: string[] = [];
    if (!existsSync(tlsFiles(secrets).caKey)) {
      await createWardCa(secrets, config.centre.name.vi);
      lines.push(`Created the ward CA in ${secrets} (once: devices pin it).`);
    }
    const tls = await loadTls(secrets, { renew: true, force: args.includes('--force'), extraNames: config.tls.names, onRenew: (why) => lines.push(`Issued a new server certificate (${why}).`) });
    if (!config.tls.enabled) {
      const abs = resolve(file);
      const raw = JSON.parse(readFileSync(abs, 'utf8')) as Record<string, unknown>;
      writeFileSync(abs, `${JSON.stringify({ ...raw, tls: { ...config.tls, enabled: true } }, null, 2)}\n`, { mode: 0o600 });
      lines.push(`Turned TLS on in ${abs}.`);
    }
    if (args.includes('--print-ca')) {
      process.stdout.write(tls.ca);
      return 0;
    }
    process.stdout.write([...lines, ...tlsSummary(tls, config.port, config.tls.httpPort), ''].join('\n'));
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof TlsError) {
      process.stderr.write(`motcua-hub cert: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
