/**
 * The Electron shells trust the ward CA and nothing else (issue 14, item 4). A hub serving HTTPS
 * has a certificate from its ward-local CA (hub-server/src/http/tls.ts); the shell's configuration
 * names that CA's certificate (`hubCaFile`, a public file: `motcua-hub init` prints its path and
 * fingerprint, the hub serves it at http://<hub>/ca.crt). Every certificate the window's session
 * sees is then checked here: signed by the ward CA, in its validity period, for the host name
 * asked for — otherwise refused, whatever the system's roots say (a LAN attacker with a
 * certificate from a public CA for another name gets nothing). Without a `hubCaFile` (an http://
 * lab hub) Chromium's own verification stands.
 */
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { ShellLogger } from './types';

/**
 * A shell's `hubCaFile` setting: the ward CA certificate (PEM file) that an https:// hub's
 * certificate must come from.
 */
export const HubCaFile = z.string().min(1).optional();

/** A zod refinement for a shell's configuration: an https:// hub needs its `hubCaFile`. */
export function requireHubCa(c: { hubUrl: string; hubCaFile?: string | undefined }, ctx: z.RefinementCtx): void {
  if (c.hubUrl.startsWith('https:') && !c.hubCaFile) ctx.addIssue({ code: 'custom', message: 'an https:// hub needs hubCaFile: the ward CA certificate to pin (motcua-hub init prints its path)', path: ['hubCaFile'] });
}

/** Electron's `setCertificateVerifyProc` results. */
export const CERT_OK = 0;
export const CERT_FAILED = -2;
export const CERT_USE_CHROMIUM = -3;

/** What Electron's certificate verify procedure is given (the part used here). */
export interface CertificateVerifyRequest {
  hostname: string;
  certificate: { data: string };
}

export interface PinnableSession {
  setCertificateVerifyProc(proc: ((request: CertificateVerifyRequest, callback: (verificationResult: number) => void) => void) | null): void;
}

/** Why `leafPem` is not a valid certificate from the CA `caPem` for `hostname` at `now`, or null. */
export function caMismatch(leafPem: string, caPem: string, hostname: string, now: Date = new Date()): string | null {
  let leaf: X509Certificate;
  let ca: X509Certificate;
  try {
    leaf = new X509Certificate(leafPem);
    ca = new X509Certificate(caPem);
  } catch (e) {
    return `unreadable certificate (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return 'not issued by the ward CA';
  const t = now.getTime();
  if (t < Date.parse(leaf.validFrom) || t > Date.parse(leaf.validTo)) return `not valid now (${leaf.validFrom} – ${leaf.validTo})`;
  const host = hostname.replace(/^\[|\]$/g, '');
  const matches = isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
  if (!matches) return `not for ${host}`;
  return null;
}

/** Reads the ward CA certificate a shell pins; a clear error names the file. */
export function readWardCa(file: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): string {
  let pem: string;
  try {
    pem = read(file);
  } catch (e) {
    throw new Error(`hubCaFile ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): copy the ward CA certificate from the hub (motcua-hub init prints its path)`);
  }
  try {
    new X509Certificate(pem);
  } catch {
    throw new Error(`hubCaFile ${file} is not a PEM certificate`);
  }
  return pem;
}

/** Makes `session` accept only certificates from the ward CA (`caPem`); null leaves Chromium's check. */
export function pinWardCa(session: PinnableSession, caPem: string | null, log?: ShellLogger): void {
  if (caPem === null) return;
  session.setCertificateVerifyProc((request, callback) => {
    const why = caMismatch(request.certificate.data, caPem, request.hostname);
    if (why !== null) log?.warn({ host: request.hostname, why }, 'certificate refused: not from the ward CA');
    callback(why === null ? CERT_OK : CERT_FAILED);
  });
}

/**
 * A fetch for `probeHub` that trusts only the ward CA (Node's own fetch would check the public
 * roots and refuse the hub). Resolves `{ ok }` for a 2xx answer; rejects on any TLS or network error.
 */
export function pinnedFetch(caPem: string): (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean }> {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = httpsGet(url, { ca: caPem, rejectUnauthorized: true, signal: init.signal }, (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve({ ok: code >= 200 && code < 300 });
      });
      req.on('error', reject);
    });
}
