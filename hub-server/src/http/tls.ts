/**
 * TLS with a ward-local certificate authority (issue 14, item 4).
 *
 * `motcua-hub init` creates, in the secrets folder (0700):
 * - `ward-ca.key` (0600): the CA's private key (ECDSA P-256). It signs only this hub's server
 *   certificate; it never leaves the hub PC.
 * - `ward-ca.crt`: the CA certificate (public, ten years). Devices pin it: the device agent passes
 *   it as socket.io's `ca` (Node then trusts that CA and nothing else), the Electron shells accept
 *   a certificate only when it verifies against it (drivers/src/shell/pinning.ts).
 * - `hub-tls.key` (0600) and `hub-tls.crt`: the hub's server certificate (398 days), for its
 *   host name, `localhost`, and every LAN address of the PC at the time it was issued, plus any
 *   extra names in `tls.names`. `motcua-hub cert` renews it (new addresses, new names); the hub
 *   renews it itself at start when it expires within `RENEW_BEFORE_DAYS`, or when a LAN address
 *   it now has is missing from it — with the same CA, so devices notice nothing.
 *
 * X.509 is built by @peculiar/x509 on Node's WebCrypto; verification uses node:crypto's
 * X509Certificate.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
// @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs a Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { privateDir } from '../secrets';

x509.cryptoProvider.set(globalThis.crypto);

export const CA_KEY_FILE = 'ward-ca.key';
export const CA_CERT_FILE = 'ward-ca.crt';
export const SERVER_KEY_FILE = 'hub-tls.key';
export const SERVER_CERT_FILE = 'hub-tls.crt';

const CA_DAYS = 3650;
/** The longest a server certificate may live and still be accepted by browsers (CA/B Forum). */
export const SERVER_DAYS = 398;
/** A server certificate that expires within this many days is renewed at start. */
export const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export class TlsError extends Error {}

/** What the HTTPS server and the devices need. */
export interface TlsMaterial {
  key: string;
  cert: string;
  /** The ward CA certificate (PEM): what devices pin. */
  ca: string;
  /** SHA-256 of the CA certificate (DER), as `AB:CD:…`: what a technician compares. */
  caFingerprint: string;
  caFile: string;
  certFile: string;
  /** The names and addresses the server certificate is valid for. */
  names: string[];
  notAfter: Date;
}

export interface TlsFiles {
  caKey: string;
  caCert: string;
  key: string;
  cert: string;
}

export function tlsFiles(secretsDir: string): TlsFiles {
  return { caKey: join(secretsDir, CA_KEY_FILE), caCert: join(secretsDir, CA_CERT_FILE), key: join(secretsDir, SERVER_KEY_FILE), cert: join(secretsDir, SERVER_CERT_FILE) };
}

/** The PC's host name, `localhost`, loopback and every non-internal address of its interfaces. */
export function lanNames(): string[] {
  const names = new Set<string>([hostname(), 'localhost', '127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && !a.address.startsWith('fe80:')) names.add(a.address);
  }
  return [...names].filter((n) => n.length > 0);
}

function serial(): string {
  // A positive 16-byte serial (the first bit cleared).
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0] ?? 0) & 0x7f;
  return Buffer.from(b).toString('hex');
}

async function exportKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

async function importKeyPem(pem: string): Promise<webcrypto.CryptoKey> {
  const b64 = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  return webcrypto.subtle.importKey('pkcs8', Buffer.from(b64, 'base64'), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
}

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** SHA-256 of a certificate's DER, `AB:CD:…` (what `openssl x509 -fingerprint -sha256` prints). */
export function certFingerprint(pem: string): string {
  return new NodeX509(pem).fingerprint256;
}

/** The SPKI SHA-256 (base64) of a certificate: what Chromium's --ignore-certificate-errors-spki-list takes. */
export function spkiHash(pem: string): string {
  const spki = new NodeX509(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Creates the ward CA (key 0600) in `secretsDir`; refuses to replace an existing one. */
export async function createWardCa(secretsDir: string, wardName: string, now = new Date()): Promise<void> {
  const f = tlsFiles(privateDir(secretsDir));
  if (existsSync(f.caKey) || existsSync(f.caCert)) throw new TlsError(`${f.caKey} already exists: the ward CA is made once (devices pin it). Renew the server certificate with \`motcua-hub cert\`.`);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cn = `Một Cửa ward CA — ${wardName}`.replace(/[,=+<>#;"\\]/g, ' ');
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: [{ CN: [cn] }, { O: ['Một Cửa'] }],
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  writeSecret(f.caKey, await exportKeyPem(keys.privateKey));
  writeFileSync(f.caCert, cert.toString('pem') + '\n', { mode: 0o644 });
}

/** Issues (or re-issues) the hub's server certificate, signed by the ward CA, for `names`. */
export async function issueServerCert(secretsDir: string, names: readonly string[], now = new Date(), days = SERVER_DAYS): Promise<void> {
  const f = tlsFiles(secretsDir);
  if (!existsSync(f.caKey) || !existsSync(f.caCert)) throw new TlsError(`The ward CA (${f.caKey}) is missing: create it with \`motcua-hub init\`, or restore it from the backup of the secrets folder.`);
  const caCert = new x509.X509Certificate(readFileSync(f.caCert, 'utf8'));
  const caKey = await importKeyPem(readFileSync(f.caKey, 'utf8'));
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const unique = [...new Set(names)];
  const first = unique.find((n) => !isIP(n)) ?? unique[0] ?? 'localhost';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [first] }, { O: ['Một Cửa'] }],
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(unique.map((n) => (isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  writeSecret(f.key, await exportKeyPem(keys.privateKey));
  writeFileSync(f.cert, cert.toString('pem') + '\n', { mode: 0o644 });
}

/** Why the server certificate should be renewed now, or null. */
export function renewalReason(certPem: string, caPem: string, names: readonly string[], now = new Date()): string | null {
  const cert = new NodeX509(certPem);
  const ca = new NodeX509(caPem);
  if (!cert.verify(ca.publicKey)) return 'it is not signed by the ward CA';
  if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return `it expires on ${new Date(cert.validTo).toISOString().slice(0, 10)}`;
  const missing = names.filter((n) => (isIP(n) ? cert.checkIP(n) === undefined : cert.checkHost(n) === undefined));
  if (missing.length > 0) return `it does not name ${missing.join(', ')}`;
  return null;
}

export interface LoadTlsOptions {
  /** Renew the server certificate when due (the hub at start; `motcua-hub cert`). */
  renew: boolean;
  /** Force a new server certificate even when the current one is fine. */
  force?: boolean;
  /** Extra names (a DNS name the ward uses) beyond the PC's own. */
  extraNames?: readonly string[];
  now?: Date;
  /** Told when the certificate was renewed, and why. */
  onRenew?: (reason: string) => void;
}

/** Reads the TLS material from the secrets folder, renewing the server certificate when due. */
export async function loadTls(secretsDir: string, o: LoadTlsOptions): Promise<TlsMaterial> {
  const f = tlsFiles(secretsDir);
  const now = o.now ?? new Date();
  for (const file of [f.caCert, f.caKey]) {
    if (!existsSync(file)) throw new TlsError(`${file} is missing: the hub serves HTTPS with a certificate from the ward CA. Create them with \`motcua-hub init\` (or restore the secrets folder from its backup).`);
  }
  const names = [...lanNames(), ...(o.extraNames ?? [])];
  const ca = readFileSync(f.caCert, 'utf8');
  let reason: string | null = o.force ? 'renewal asked for' : null;
  if (!existsSync(f.cert) || !existsSync(f.key)) reason = 'there is none';
  else reason ??= renewalReason(readFileSync(f.cert, 'utf8'), ca, names, now);
  if (reason !== null) {
    if (!o.renew) throw new TlsError(`The hub's TLS certificate ${f.cert} needs renewing (${reason}): run \`motcua-hub cert --config <hub.json>\`.`);
    await issueServerCert(secretsDir, names, now);
    o.onRenew?.(reason);
  }
  chmodSync(f.key, 0o600);
  const cert = readFileSync(f.cert, 'utf8');
  const parsed = new NodeX509(cert);
  return {
    key: readFileSync(f.key, 'utf8'),
    cert,
    ca,
    caFingerprint: certFingerprint(ca),
    caFile: f.caCert,
    certFile: f.cert,
    names: (parsed.subjectAltName ?? '').split(', ').map((s) => s.replace(/^(DNS|IP Address):/, '')),
    notAfter: new Date(parsed.validTo),
  };
}
