/**
 * PACE v2 (ICAO 9303-11 §4.4) with the Generic Mapping over ECDH, both sides: the terminal (the
 * driver) and the chip (the virtual CCCD card), so the emulator cannot drift from the reader; both
 * are checked against the worked example of 9303-11 Appendix G.1 (pace.test.ts).
 *
 *   1. MSE:Set AT names the protocol OID, the password (MRZ or CAN) and the domain parameters.
 *   2. GENERAL AUTHENTICATE ×4 (chained, CLA 10 then 00): the chip's nonce s encrypted with
 *      K_π = KDF_π(password); an ECDH on the standard generator whose shared point H maps the
 *      generator to G' = s·G + H; an ECDH on G' giving the shared secret K → KS_enc, KS_mac; and
 *      the authentication tokens T = MAC(KS_mac, the other side's ephemeral public key).
 *   3. Secure messaging with the negotiated suite (AES: CMAC, IV = E(KS_enc, SSC); SSC starts at 0).
 *
 * Crypto: keys, ECDH shared secrets, AES, 3DES and SHA through node:crypto; point addition and
 * multiplication by a non-standard generator (which node:crypto does not offer) through
 * @noble/curves. A wrong password gives the chip another G', so the tokens do not verify: the
 * chip answers 6300 at the last step, which the terminal reports as `access_denied`.
 */
import { createECDH, createHash } from 'node:crypto';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac, deriveKey, pad, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, type SmCipher } from './crypto';
import type { SessionKeys } from './bac';
import { mrzInformation, type BacKeyInput } from './mrz';
import { concatBytes, decodeTlv, decodeTlvList, encodeTlv, hex, TlvError } from './tlv';

export class PaceError extends Error {
  override readonly name = 'PaceError';
}

/** id-PACE (0.4.0.127.0.7.2.2.4) as DER content bytes; ECDH-GM is id-PACE.2.x. */
const ID_PACE = '04007F00070202' + '04';
const ECDH_GM: Readonly<Record<string, SmCipher>> = {
  [`${ID_PACE}0201`]: '3DES',
  [`${ID_PACE}0202`]: 'AES-128',
  [`${ID_PACE}0203`]: 'AES-192',
  [`${ID_PACE}0204`]: 'AES-256',
};

/** The standardised domain parameters (9303-11 §9.5.1, Table 6) that have an ECDH here. */
const CURVES = {
  12: { name: 'NIST P-256', node: 'prime256v1', Point: p256.Point },
  13: { name: 'brainpoolP256r1', node: 'brainpoolP256r1', Point: brainpoolP256r1.Point },
  15: { name: 'NIST P-384', node: 'secp384r1', Point: p384.Point },
  16: { name: 'brainpoolP384r1', node: 'brainpoolP384r1', Point: brainpoolP384r1.Point },
  17: { name: 'brainpoolP512r1', node: 'brainpoolP512r1', Point: brainpoolP512r1.Point },
  18: { name: 'NIST P-521', node: 'secp521r1', Point: p521.Point },
} as const;
export type PaceParameterId = keyof typeof CURVES;
type Curve = (typeof CURVES)[PaceParameterId];
type Point = InstanceType<Curve['Point']>;

export function isPaceParameterId(n: number): n is PaceParameterId {
  return Object.hasOwn(CURVES, n);
}

export function curveName(id: PaceParameterId): string {
  return CURVES[id].name;
}

/** One PACEInfo of EF.CardAccess that this implementation can run. */
export interface PaceInfo {
  /** Protocol OID, DER content bytes in hex. */
  oid: string;
  cipher: SmCipher;
  parameterId: PaceParameterId;
}

/** OID content bytes (hex) of id-PACE-ECDH-GM-<cipher>. */
export function paceOid(cipher: SmCipher): string {
  const e = Object.entries(ECDH_GM).find(([, c]) => c === cipher);
  if (!e) throw new PaceError(`no PACE OID for ${cipher}`);
  return e[0];
}

/** EF.CardAccess with one PACEInfo (version 2). */
export function encodeCardAccess(info: { cipher: SmCipher; parameterId: PaceParameterId }): Uint8Array {
  const oid = Uint8Array.from(Buffer.from(paceOid(info.cipher), 'hex'));
  return encodeTlv(0x31, encodeTlv(0x30, [encodeTlv(0x06, oid), encodeTlv(0x02, Uint8Array.of(2)), encodeTlv(0x02, Uint8Array.of(info.parameterId))]));
}

function smallInt(v: Uint8Array): number {
  if (v.length === 0 || v.length > 4) throw new PaceError('INTEGER out of range');
  return v.reduce((n, b) => n * 256 + b, 0);
}

/**
 * The PACEInfos of EF.CardAccess (a SET OF SecurityInfo) this reader can run, in the card's order.
 * Other SecurityInfos (chip authentication, DH or integrated mapping) are skipped; a malformed file
 * throws PaceError.
 */
export function parseCardAccess(raw: Uint8Array): PaceInfo[] {
  let set;
  try {
    set = decodeTlv(raw);
    if (set.tag !== 0x31) throw new PaceError(`EF.CardAccess starts with tag ${set.tag.toString(16)}, not a SET`);
    const out: PaceInfo[] = [];
    for (const info of decodeTlvList(set.value)) {
      if (info.tag !== 0x30) continue;
      const [oid, version, param] = decodeTlvList(info.value);
      if (oid?.tag !== 0x06 || version?.tag !== 0x02) continue;
      const cipher = ECDH_GM[hex(oid.value)];
      if (!cipher || smallInt(version.value) !== 2) continue;
      const id = param?.tag === 0x02 ? smallInt(param.value) : null;
      if (id === null || !isPaceParameterId(id)) continue;
      out.push({ oid: hex(oid.value), cipher, parameterId: id });
    }
    return out;
  } catch (e) {
    if (e instanceof TlvError) throw new PaceError(`EF.CardAccess: ${e.message}`);
    throw e;
  }
}

/** The PACE password: the MRZ data (key reference 1) or the 6-digit CAN printed on the card (2). */
export type PacePassword = { kind: 'MRZ'; mrz: BacKeyInput } | { kind: 'CAN'; can: string };

const KEY_REF = { MRZ: 1, CAN: 2 } as const;

/** K = f(π): SHA-1 of the MRZ information (all 20 bytes), or the CAN's characters (9303-11 §9.7.3). */
export function passwordKey(p: PacePassword): Uint8Array {
  if (p.kind === 'MRZ') return new Uint8Array(createHash('sha1').update(mrzInformation(p.mrz), 'ascii').digest());
  if (!/^\d{6}$/.test(p.can)) throw new PaceError('the CAN is 6 digits');
  return new Uint8Array(Buffer.from(p.can, 'ascii'));
}

function blockOf(cipher: SmCipher): 8 | 16 {
  return cipher === '3DES' ? 8 : 16;
}

function nonceDecrypt(cipher: SmCipher, kPi: Uint8Array, z: Uint8Array): Uint8Array {
  return cipher === '3DES' ? tdesDecrypt(kPi, z) : aesCbcDecrypt(kPi, z);
}

function nonceEncrypt(cipher: SmCipher, kPi: Uint8Array, s: Uint8Array): Uint8Array {
  return cipher === '3DES' ? tdesEncrypt(kPi, s) : aesCbcEncrypt(kPi, s);
}

/** T = MAC(KS_mac, public key data object 7F49 {06 OID, 86 point}) (9303-11 §4.4.3.4, §9.4). */
export function authToken(cipher: SmCipher, ksMac: Uint8Array, oid: string, point: Uint8Array): Uint8Array {
  const pkdo = encodeTlv(0x7f49, [encodeTlv(0x06, Uint8Array.from(Buffer.from(oid, 'hex'))), encodeTlv(0x86, point)]);
  return cipher === '3DES' ? retailMac(ksMac, pad(pkdo)) : aesCmac(ksMac, pkdo).subarray(0, 8);
}

function toBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${hex(b)}`);
}

/** A public key received from the other side: on the curve, not the identity. */
function pointFrom(curve: Curve, raw: Uint8Array, what: string): Point {
  try {
    const p = curve.Point.fromBytes(raw);
    p.assertValidity();
    return p;
  } catch (e) {
    throw new PaceError(`${what} is not a point of ${curve.name}: ${(e as Error).message}`);
  }
}

/** A fresh private key from node:crypto's ECDH key generation (uniform in [1, n−1]). */
function newPrivateKey(curve: Curve): Uint8Array {
  const e = createECDH(curve.node);
  e.generateKeys();
  return new Uint8Array(e.getPrivateKey());
}

/**
 * k·G on the standard generator through node:crypto (native, no precomputation tables to build on
 * first use: noble's first BASE multiplication costs ~250 ms on this machine).
 */
function baseMul(curve: Curve, k: bigint): Point {
  const n = curve.Point.Fn.ORDER;
  const r = k % n;
  if (r === 0n) throw new PaceError('scalar is a multiple of the group order');
  const e = createECDH(curve.node);
  e.setPrivateKey(Buffer.from(r.toString(16).padStart(curve.Point.Fn.BYTES * 2, '0'), 'hex'));
  return curve.Point.fromBytes(new Uint8Array(e.getPublicKey()));
}

/** x-coordinate of sk·P through node:crypto ECDH (which also checks P is on the curve). */
function sharedX(curve: Curve, sk: Uint8Array, pub: Uint8Array): Uint8Array {
  const e = createECDH(curve.node);
  e.setPrivateKey(sk);
  try {
    return new Uint8Array(e.computeSecret(pub));
  } catch (err) {
    throw new PaceError(`ECDH on ${curve.name}: ${(err as Error).message}`);
  }
}

/** The generic mapping: G' = s·G + H with H = sk_map · PK_map(other side). */
function mapGenerator(curve: Curve, s: Uint8Array, skMap: Uint8Array, pkMapOther: Uint8Array): Point {
  const h = pointFrom(curve, pkMapOther, 'mapping public key').multiply(toBigInt(skMap));
  const sG = baseMul(curve, toBigInt(s));
  const g = sG.add(h);
  if (g.equals(curve.Point.ZERO)) throw new PaceError('mapped generator is the point at infinity');
  return g;
}

function sessionKeys(cipher: SmCipher, k: Uint8Array): SessionKeys {
  return { ksEnc: deriveKey(k, 1, cipher), ksMac: deriveKey(k, 2, cipher), ssc: new Uint8Array(blockOf(cipher)), cipher };
}

/** Dynamic authentication data of GENERAL AUTHENTICATE: 7C { tag value }. */
function dad(tag: number, value: Uint8Array): Uint8Array {
  return encodeTlv(0x7c, tag === 0 ? new Uint8Array(0) : encodeTlv(tag, value));
}

function dadValue(raw: Uint8Array, tag: number, step: string): Uint8Array {
  let v: Uint8Array | undefined;
  try {
    const outer = decodeTlv(raw);
    if (outer.tag === 0x7c) v = decodeTlvList(outer.value).find((t) => t.tag === tag)?.value;
  } catch (e) {
    throw new PaceError(`${step}: ${(e as Error).message}`);
  }
  if (!v) throw new PaceError(`${step}: no data object ${tag.toString(16)}`);
  return v;
}

/** What the terminal sends: one command per step, answered by the chip's data (SW checked by the caller). */
export interface PaceTransport {
  /** Sends a command APDU's fields; returns the answer's data and status word. */
  send(cla: number, ins: number, p1: number, p2: number, data: Uint8Array, le?: number): Promise<{ data: Uint8Array; sw: number }>;
}

export interface PaceTerminalOptions {
  /** For the Appendix G test: the terminal's mapping and ephemeral private keys. */
  privateKey?: (step: 'mapping' | 'agreement') => Uint8Array;
}

/** Raised with the status word when the chip refuses a step (6300 at the token: wrong password). */
export class PaceRefused extends PaceError {
  constructor(
    readonly step: string,
    readonly sw: number,
  ) {
    super(`${step}: chip answered ${sw.toString(16).toUpperCase().padStart(4, '0')}`);
  }
}

/** Terminal side of PACE. Returns the session keys of the secure messaging that follows. */
export async function paceTerminal(t: PaceTransport, info: PaceInfo, password: PacePassword, opts: PaceTerminalOptions = {}): Promise<SessionKeys> {
  const curve = CURVES[info.parameterId];
  const oid = Uint8Array.from(Buffer.from(info.oid, 'hex'));
  const mse = concatBytes(encodeTlv(0x80, oid), encodeTlv(0x83, Uint8Array.of(KEY_REF[password.kind])), encodeTlv(0x84, Uint8Array.of(info.parameterId)));
  const set = await t.send(0x00, 0x22, 0xc1, 0xa4, mse);
  if (set.sw !== 0x9000) throw new PaceRefused('MSE:Set AT', set.sw);
  const ga = async (last: boolean, tag: number, value: Uint8Array, step: string, answerTag: number): Promise<Uint8Array> => {
    const r = await t.send(last ? 0x00 : 0x10, 0x86, 0x00, 0x00, dad(tag, value), 256);
    if (r.sw !== 0x9000) throw new PaceRefused(step, r.sw);
    return dadValue(r.data, answerTag, step);
  };
  // 1. The encrypted nonce.
  const z = await ga(false, 0, new Uint8Array(0), 'GENERAL AUTHENTICATE (nonce)', 0x80);
  if (z.length === 0 || z.length % blockOf(info.cipher) !== 0) throw new PaceError(`encrypted nonce of ${z.length} bytes`);
  const s = nonceDecrypt(info.cipher, deriveKey(passwordKey(password), 3, info.cipher), z);
  // 2. Mapping.
  const skMap = opts.privateKey?.('mapping') ?? newPrivateKey(curve);
  const pkMap = baseMul(curve, toBigInt(skMap)).toBytes(false);
  const pkMapIc = await ga(false, 0x81, pkMap, 'GENERAL AUTHENTICATE (map)', 0x82);
  if (sameBytes(pkMapIc, pkMap)) throw new PaceError('the chip echoed the mapping key');
  const g = mapGenerator(curve, s, skMap, pkMapIc);
  // 3. Key agreement on the mapped generator.
  const skEph = opts.privateKey?.('agreement') ?? newPrivateKey(curve);
  const pkEph = g.multiply(toBigInt(skEph)).toBytes(false);
  const pkEphIc = await ga(false, 0x83, pkEph, 'GENERAL AUTHENTICATE (key agreement)', 0x84);
  if (sameBytes(pkEphIc, pkEph)) throw new PaceError('the chip echoed the ephemeral key');
  pointFrom(curve, pkEphIc, 'ephemeral public key');
  const keys = sessionKeys(info.cipher, sharedX(curve, skEph, pkEphIc));
  // 4. Mutual authentication.
  const tIc = await ga(true, 0x85, authToken(info.cipher, keys.ksMac, info.oid, pkEphIc), 'GENERAL AUTHENTICATE (token)', 0x86);
  if (!sameBytes(tIc, authToken(info.cipher, keys.ksMac, info.oid, pkEph))) throw new PaceError('the chip token does not verify');
  return keys;
}

/**
 * Chip side of PACE, as a state machine fed with MSE:Set AT and GENERAL AUTHENTICATE commands.
 * `passwords` are what the card knows (its MRZ data and its CAN). Each call returns the answer's
 * data and status word, and `session` once the last step verified the terminal's token.
 */
export class PaceChip {
  private info: PaceInfo | null = null;
  private kPi: Uint8Array | null = null;
  private s: Uint8Array | null = null;
  private g: Point | null = null;
  private keys: SessionKeys | null = null;
  private pkEph: Uint8Array | null = null;
  private pkEphPcd: Uint8Array | null = null;
  private step = 0;

  constructor(
    private readonly supported: PaceInfo,
    private readonly passwords: { mrz: BacKeyInput | null; can: string | null },
    private readonly random: (n: number) => Uint8Array,
  ) {}

  private reset(): void {
    this.info = null;
    this.kPi = null;
    this.s = null;
    this.g = null;
    this.keys = null;
    this.pkEph = null;
    this.pkEphPcd = null;
    this.step = 0;
  }

  /** MSE:Set AT (00 22 C1 A4). */
  setAt(data: Uint8Array): { sw: number } {
    this.reset();
    let dos;
    try {
      dos = decodeTlvList(data);
    } catch {
      return { sw: 0x6a80 };
    }
    const oid = dos.find((d) => d.tag === 0x80)?.value;
    const ref = dos.find((d) => d.tag === 0x83)?.value[0];
    const param = dos.find((d) => d.tag === 0x84)?.value[0] ?? this.supported.parameterId;
    if (!oid || hex(oid) !== this.supported.oid || param !== this.supported.parameterId) return { sw: 0x6a80 };
    let password: PacePassword;
    if (ref === KEY_REF.MRZ && this.passwords.mrz) password = { kind: 'MRZ', mrz: this.passwords.mrz };
    else if (ref === KEY_REF.CAN && this.passwords.can) password = { kind: 'CAN', can: this.passwords.can };
    else return { sw: 0x6a88 };
    this.info = this.supported;
    this.kPi = deriveKey(passwordKey(password), 3, this.info.cipher);
    this.step = 1;
    return { sw: 0x9000 };
  }

  /** GENERAL AUTHENTICATE (x0 86 00 00). Any failure ends the protocol (a new MSE:Set AT restarts). */
  generalAuthenticate(data: Uint8Array): { data: Uint8Array; sw: number; session?: SessionKeys } {
    const none = new Uint8Array(0);
    const info = this.info;
    if (!info || !this.kPi) return { data: none, sw: 0x6985 };
    const curve = CURVES[info.parameterId];
    const fail = (sw: number): { data: Uint8Array; sw: number } => {
      this.reset();
      return { data: none, sw };
    };
    try {
      switch (this.step) {
        case 1: {
          this.s = this.random(blockOf(info.cipher));
          this.step = 2;
          return { data: dad(0x80, nonceEncrypt(info.cipher, this.kPi, this.s)), sw: 0x9000 };
        }
        case 2: {
          const pkMapPcd = dadValue(data, 0x81, 'map');
          const skMap = newPrivateKey(curve);
          const pkMap = baseMul(curve, toBigInt(skMap)).toBytes(false);
          this.g = mapGenerator(curve, this.s ?? none, skMap, pkMapPcd);
          this.step = 3;
          return { data: dad(0x82, pkMap), sw: 0x9000 };
        }
        case 3: {
          const pkEphPcd = dadValue(data, 0x83, 'key agreement');
          pointFrom(curve, pkEphPcd, 'ephemeral public key');
          const skEph = newPrivateKey(curve);
          const g = this.g;
          if (!g) return fail(0x6985);
          this.pkEph = g.multiply(toBigInt(skEph)).toBytes(false);
          if (sameBytes(this.pkEph, pkEphPcd)) return fail(0x6a80);
          this.pkEphPcd = pkEphPcd;
          this.keys = sessionKeys(info.cipher, sharedX(curve, skEph, pkEphPcd));
          this.step = 4;
          return { data: dad(0x84, this.pkEph), sw: 0x9000 };
        }
        case 4: {
          const tPcd = dadValue(data, 0x85, 'token');
          const keys = this.keys;
          if (!keys || !this.pkEph || !this.pkEphPcd) return fail(0x6985);
          if (!sameBytes(tPcd, authToken(info.cipher, keys.ksMac, info.oid, this.pkEph))) return fail(0x6300);
          const answer = dad(0x86, authToken(info.cipher, keys.ksMac, info.oid, this.pkEphPcd));
          this.reset();
          return { data: answer, sw: 0x9000, session: keys };
        }
        default:
          return fail(0x6985);
      }
    } catch {
      return fail(0x6a80);
    }
  }
}
