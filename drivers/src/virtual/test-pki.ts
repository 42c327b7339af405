/**
 * A test PKI made at test time (never a real key): a CSCA (self-signed CA), a Document Signer
 * certificate it signs, and EF.SOD files signed by the DS over the data groups of a virtual card.
 * ECDSA P-256 with SHA-256 through WebCrypto (node:crypto), certificates and CMS through PKI.js.
 */
import { createHash, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID_LDS_SECURITY_OBJECT } from '../chip/sod';
import { encodeTlv } from '../chip/tlv';


const ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

export interface TestPki {
  /** DER of the CSCA certificate (what a CSCA folder holds). */
  cscaDer: Uint8Array;
  dsDer: Uint8Array;
  /** Signs an SOD over `dataGroups` (number → file bytes). */
  signSod(dataGroups: Map<number, Uint8Array>): Promise<Uint8Array>;
}

function name(cn: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.6', value: new asn1js.PrintableString({ value: 'VN' }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }),
    ],
  });
}

async function certificate(opts: { serial: number; subject: string; issuer: string; publicKey: CryptoKey; signingKey: CryptoKey; ca: boolean; notBefore: Date; notAfter: Date }): Promise<pkijs.Certificate> {
  const c = new pkijs.Certificate();
  c.version = 2;
  c.serialNumber = new asn1js.Integer({ value: opts.serial });
  c.issuer = name(opts.issuer);
  c.subject = name(opts.subject);
  c.notBefore.value = opts.notBefore;
  c.notAfter.value = opts.notAfter;
  c.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: opts.ca }).toSchema().toBER(false), parsedValue: new pkijs.BasicConstraints({ cA: opts.ca }) }),
  ];
  await c.subjectPublicKeyInfo.importKey(opts.publicKey);
  await c.sign(opts.signingKey, 'SHA-256');
  return c;
}

/** A new CSCA and DS (keys live only in memory). `dsValid` shifts the DS validity for expiry tests. */
export async function createTestPki(opts: { cscaName?: string; now?: Date } = {}): Promise<TestPki> {
  const now = opts.now ?? new Date();
  const year = 365 * 24 * 3600 * 1000;
  const subtle = webcrypto.subtle;
  const csca = await subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ds = await subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cscaName = opts.cscaName ?? 'Test CSCA Viet Nam (Mot Cua tests)';
  const cscaCert = await certificate({ serial: 1, subject: cscaName, issuer: cscaName, publicKey: csca.publicKey, signingKey: csca.privateKey, ca: true, notBefore: new Date(now.getTime() - year), notAfter: new Date(now.getTime() + 10 * year) });
  const dsCert = await certificate({ serial: 2, subject: 'Test Document Signer (Mot Cua tests)', issuer: cscaName, publicKey: ds.publicKey, signingKey: csca.privateKey, ca: false, notBefore: new Date(now.getTime() - year), notAfter: new Date(now.getTime() + 5 * year) });

  async function signSod(dataGroups: Map<number, Uint8Array>): Promise<Uint8Array> {
    const lds = new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_SHA256 })] }),
        new asn1js.Sequence({
          value: [...dataGroups].sort(([a], [b]) => a - b).map(([n, bytes]) => new asn1js.Sequence({ value: [new asn1js.Integer({ value: n }), new asn1js.OctetString({ valueHex: createHash('sha256').update(bytes).digest() })] })),
        }),
      ],
    });
    const content = lds.toBER(false);
    const sd = new pkijs.SignedData({
      version: 3,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_LDS_SECURITY_OBJECT, eContent: new asn1js.OctetString({ valueHex: content }) }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: dsCert.issuer, serialNumber: dsCert.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: OID_LDS_SECURITY_OBJECT })] }),
              new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(new Uint8Array(content)).digest() })] }),
            ],
          }),
        }),
      ],
      certificates: [dsCert],
    });
    await sd.sign(ds.privateKey, 0, 'SHA-256');
    const ci = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: sd.toSchema(true) });
    return encodeTlv(0x77, new Uint8Array(ci.toSchema().toBER(false)));
  }

  return { cscaDer: new Uint8Array(cscaCert.toSchema().toBER(false)), dsDer: new Uint8Array(dsCert.toSchema().toBER(false)), signSod };
}
