/**
 * Passive authentication (ICAO 9303-11 §5.1, 9303-10 §4.6.2): EF.SOD (tag 0x77) holds a CMS
 * SignedData (RFC 5652) whose content is the LDSSecurityObject — the hash of every data group —
 * signed by a Document Signer (DS) whose certificate is in the SignedData and is itself signed by
 * the country's CSCA.
 *
 * Parsing and the CMS signature check use PKI.js / ASN1.js (maintained by PeculiarVentures); the
 * DS → CSCA link uses node:crypto's X509Certificate. What is checked:
 *   1. each data group read hashes to the value in the SOD (hash algorithm from the SOD);
 *   2. the SignedData signature (with its signed attributes: content type and message digest)
 *      verifies with the DS certificate it carries;
 *   3. when a CSCA folder is configured: the DS certificate is issued and signed by one of the CSCA
 *      certificates there (a CA certificate), and is within its validity period.
 * Without a CSCA folder the result is "chip data consistent, issuer not verified": the data are
 * those the DS key signed, but nothing ties that key to the state. Revocation (CRLs) is not checked.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ChipError } from './errors';
import { decodeTlv } from './tlv';

export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface Sod {
  hashAlgorithm: string;
  /** Data group number → hash. */
  hashes: Map<number, Uint8Array>;
  signedData: pkijs.SignedData;
  /** The DS certificate carried in the SOD (DER). */
  dsCertificate: Uint8Array | null;
}

export type PassiveAuthStatus = 'verified' | 'consistent_issuer_not_verified' | 'failed';

export interface PassiveAuthResult {
  status: PassiveAuthStatus;
  /** Every data group read hashes to the SOD's value. */
  hashesOk: boolean;
  dataGroups: { dg: number; ok: boolean }[];
  /** The SOD signature verifies with its DS certificate. */
  signatureOk: boolean;
  /** The DS certificate chains to a configured CSCA. */
  issuerVerified: boolean;
  /** "chip data verified against CSCA …", "chip data consistent, issuer not verified", or the failure. */
  message: string;
}

function toBytes(b: ArrayBuffer | ArrayBufferView): Uint8Array {
  return b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function bad(detail: string, cause?: unknown): ChipError {
  return new ChipError('bad_data', `EF.SOD: ${detail}`, { cause });
}

export function parseSod(file: Uint8Array): Sod {
  let ci: pkijs.ContentInfo;
  try {
    const outer = decodeTlv(file);
    if (outer.tag !== 0x77) throw bad(`tag ${outer.tag.toString(16)}, expected 77`);
    ci = pkijs.ContentInfo.fromBER(Uint8Array.from(outer.value));
  } catch (e) {
    if (e instanceof ChipError) throw e;
    throw bad((e as Error).message, e);
  }
  if (ci.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw bad(`content type ${ci.contentType}`);
  let sd: pkijs.SignedData;
  try {
    sd = new pkijs.SignedData({ schema: ci.content });
  } catch (e) {
    throw bad(`SignedData: ${(e as Error).message}`, e);
  }
  if (sd.encapContentInfo.eContentType !== OID_LDS_SECURITY_OBJECT) throw bad(`eContentType ${sd.encapContentInfo.eContentType}`);
  const eContent = sd.encapContentInfo.eContent;
  if (!eContent) throw bad('no LDSSecurityObject');
  const lds = asn1js.fromBER(eContent.getValue());
  if (lds.offset === -1 || !(lds.result instanceof asn1js.Sequence)) throw bad('LDSSecurityObject is not a SEQUENCE');
  const [, alg, groups] = lds.result.valueBlock.value;
  const oid = alg instanceof asn1js.Sequence ? alg.valueBlock.value[0] : undefined;
  if (!(oid instanceof asn1js.ObjectIdentifier)) throw bad('no hash algorithm');
  const hashAlgorithm = HASHES[oid.valueBlock.toString()];
  if (!hashAlgorithm) throw bad(`unknown hash algorithm ${oid.valueBlock.toString()}`);
  if (!(groups instanceof asn1js.Sequence)) throw bad('no data group hashes');
  const hashes = new Map<number, Uint8Array>();
  for (const g of groups.valueBlock.value) {
    const [n, h] = g instanceof asn1js.Sequence ? g.valueBlock.value : [];
    if (!(n instanceof asn1js.Integer) || !(h instanceof asn1js.OctetString)) throw bad('malformed DataGroupHash');
    hashes.set(n.valueBlock.valueDec, toBytes(h.valueBlock.valueHexView));
  }
  const cert = sd.certificates?.find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  return { hashAlgorithm, hashes, signedData: sd, dsCertificate: cert ? toBytes(cert.toSchema().toBER()) : null };
}

/** Loads every certificate (DER or PEM; .cer .crt .der .pem) in a folder. */
export function loadCscaFolder(dir: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const name of readdirSync(dir)) {
    if (!/\.(cer|crt|der|pem)$/i.test(name)) continue;
    const raw = readFileSync(join(dir, name));
    const text = raw.toString('latin1');
    const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    for (const c of pems ?? [raw]) out.push(new X509Certificate(c));
  }
  return out;
}

/** Passive authentication of the data groups read (number → file bytes as read, with their tag). */
export async function passiveAuth(sod: Sod, read: Map<number, Uint8Array>, csca: X509Certificate[] | null, now = new Date()): Promise<PassiveAuthResult> {
  const dataGroups = [...read].map(([dg, bytes]) => {
    const expected = sod.hashes.get(dg);
    const actual = createHash(sod.hashAlgorithm).update(bytes).digest();
    return { dg, ok: expected !== undefined && Buffer.compare(actual, Buffer.from(expected)) === 0 };
  });
  const hashesOk = dataGroups.length > 0 && dataGroups.every((d) => d.ok);
  let signatureOk = false;
  try {
    signatureOk = (await sod.signedData.verify({ signer: 0, checkChain: false, extendedMode: true })).signatureVerified === true;
  } catch {
    signatureOk = false;
  }
  let issuerVerified = false;
  let issuerNote = '';
  if (csca && sod.dsCertificate && signatureOk) {
    const ds = new X509Certificate(sod.dsCertificate);
    const inDate = (c: X509Certificate): boolean => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
    const issuer = csca.find((c) => c.ca && ds.checkIssued(c) && ds.verify(c.publicKey));
    issuerVerified = issuer !== undefined && inDate(ds);
    issuerNote = issuer ? (issuerVerified ? ` by CSCA "${issuer.subject.replace(/\n/g, ', ')}"` : ' (DS certificate outside its validity)') : ' (DS certificate not issued by a configured CSCA)';
  }
  const failures = [...(hashesOk ? [] : [`data group hash mismatch: DG${dataGroups.filter((d) => !d.ok).map((d) => d.dg).join(', DG')}`]), ...(signatureOk ? [] : ['SOD signature does not verify'])];
  if (failures.length > 0) return { status: 'failed', hashesOk, dataGroups, signatureOk, issuerVerified: false, message: failures.join('; ') };
  if (csca && !issuerVerified) return { status: 'failed', hashesOk, dataGroups, signatureOk, issuerVerified, message: `issuer not verified${issuerNote}` };
  if (!csca) return { status: 'consistent_issuer_not_verified', hashesOk, dataGroups, signatureOk, issuerVerified, message: 'chip data consistent, issuer not verified' };
  return { status: 'verified', hashesOk, dataGroups, signatureOk, issuerVerified, message: `chip data verified${issuerNote}` };
}
