/**
 * ICAO 9303-11 cryptographic building blocks, all through `node:crypto` (no cipher is written
 * here): the key derivation function (§9.7.1), ISO/IEC 9797-1 padding method 2, two-key 3DES in
 * CBC mode with a zero IV (BAC and 3DES secure messaging) and the ISO/IEC 9797-1 MAC algorithm 3
 * ("retail MAC") with DES.
 *
 * OpenSSL 3 (Node 20) no longer offers single DES (`des-ecb`/`des-cbc` are in the legacy
 * provider), so single-DES steps run as `des-ede-*` with both halves of the key equal, which is
 * single DES by construction (E_K(D_K(E_K(x))) = E_K(x)).
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { concatBytes } from './tlv';

export type SmCipher = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

const ZERO_IV8 = new Uint8Array(8);

/** Sets the DES parity bit (least significant) of each byte so each byte has odd parity. */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const out = Uint8Array.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i] as number;
    let ones = 0;
    for (let k = 1; k < 8; k++) ones += (b >> k) & 1;
    out[i] = (b & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

/** KDF(K, c) of 9303-11 §9.7.1: c = 1 for the encryption key, 2 for the MAC key, 3 for PACE's π key. */
export function deriveKey(seed: Uint8Array, counter: 1 | 2 | 3, cipher: SmCipher = '3DES'): Uint8Array {
  const c = Uint8Array.of(0, 0, 0, counter);
  if (cipher === '3DES') return adjustDesParity(createHash('sha1').update(seed).update(c).digest().subarray(0, 16));
  if (cipher === 'AES-128') return new Uint8Array(createHash('sha1').update(seed).update(c).digest().subarray(0, 16));
  const d = createHash('sha256').update(seed).update(c).digest();
  return new Uint8Array(cipher === 'AES-192' ? d.subarray(0, 24) : d);
}

/** BAC: K_seed = first 16 bytes of SHA-1(MRZ_information). */
export function bacKeySeed(mrzInformation: string): Uint8Array {
  return new Uint8Array(createHash('sha1').update(mrzInformation, 'ascii').digest().subarray(0, 16));
}

/** ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a multiple of `block`. */
export function pad(data: Uint8Array, block = 8): Uint8Array {
  const n = data.length + 1;
  const out = new Uint8Array(Math.ceil(n / block) * block);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Removes ISO/IEC 9797-1 method 2 padding; throws if there is none. */
export function unpad(data: Uint8Array): Uint8Array {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0) i--;
  if (i < 0 || data[i] !== 0x80) throw new Error('bad padding');
  return data.subarray(0, i);
}

function run(c: { update(b: Uint8Array): Buffer; final(): Buffer; setAutoPadding(p: boolean): unknown }, data: Uint8Array): Uint8Array {
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** Two-key 3DES, CBC, IV = 0 (data must be block-aligned). */
export function tdesEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV8): Uint8Array {
  return run(createCipheriv('des-ede-cbc', key, iv), data);
}

export function tdesDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV8): Uint8Array {
  return run(createDecipheriv('des-ede-cbc', key, iv), data);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 with DES, 8-byte output, over `data` that is already padded
 * (callers pad with method 2). Key = Ka || Kb.
 */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Uint8Array {
  if (key.length !== 16) throw new RangeError('retail MAC key must be 16 bytes');
  if (paddedData.length === 0 || paddedData.length % 8 !== 0) throw new RangeError('MAC input must be padded to 8 bytes');
  const ka = key.subarray(0, 8);
  const singleDes = concatBytes(ka, ka);
  // CBC-DES over every block but the last (single DES as EDE with equal keys).
  const head = paddedData.subarray(0, paddedData.length - 8);
  const chain = head.length > 0 ? tdesEncrypt(singleDes, head).subarray(head.length - 8) : ZERO_IV8;
  const last = paddedData.subarray(paddedData.length - 8);
  const x = new Uint8Array(8);
  for (let i = 0; i < 8; i++) x[i] = (chain[i] as number) ^ (last[i] as number);
  // Final block: E_Ka(D_Kb(E_Ka(x))) — exactly two-key 3DES-EDE on one block.
  return run(createCipheriv('des-ede-ecb', key, null), x);
}

/** Constant-time-enough comparison for MACs (lengths are public). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] as number) ^ (b[i] as number);
  return d === 0;
}

/** AES key length → node:crypto cipher name for `mode`. */
function aesName(key: Uint8Array, mode: 'cbc' | 'ecb'): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError(`AES key must be 16, 24 or 32 bytes, not ${key.length}`);
  return `aes-${key.length * 8}-${mode}`;
}

const ZERO_IV16 = new Uint8Array(16);

/** AES-CBC without padding (data must be block-aligned); IV zero unless given. */
export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV16): Uint8Array {
  return run(createCipheriv(aesName(key, 'cbc'), key, iv), data);
}

export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV16): Uint8Array {
  return run(createDecipheriv(aesName(key, 'cbc'), key, iv), data);
}

/** One AES block in ECB mode (the IV of AES secure messaging is E(KS_enc, SSC)). */
export function aesBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  if (block.length !== 16) throw new RangeError('an AES block is 16 bytes');
  return run(createCipheriv(aesName(key, 'ecb'), key, null), block);
}

/** Doubling in GF(2^128) for the CMAC subkeys (NIST SP 800-38B §6.1). */
function dbl(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = (((b[i] as number) << 1) | (i < 15 ? (b[i + 1] as number) >> 7 : 0)) & 0xff;
  if ((b[0] as number) & 0x80) out[15] = (out[15] as number) ^ 0x87;
  return out;
}

/**
 * AES-CMAC (NIST SP 800-38B, RFC 4493), full 16 bytes: the MAC mode of PACE tokens and AES secure
 * messaging (9303-11 §9.8.6.2 truncates it to 8). Node has no CMAC API, so the mode is composed
 * here from node:crypto's AES (subkeys from E(K, 0), then CBC-MAC with the last block masked).
 */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k1 = dbl(aesBlock(key, ZERO_IV16));
  const k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(data.length / 16));
  const complete = data.length > 0 && data.length % 16 === 0;
  const last = new Uint8Array(16);
  const tail = data.subarray((n - 1) * 16);
  last.set(tail);
  if (!complete) last[tail.length] = 0x80;
  const mask = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] = (last[i] as number) ^ (mask[i] as number);
  const msg = concatBytes(data.subarray(0, (n - 1) * 16), last);
  const c = aesCbcEncrypt(key, msg);
  return c.subarray(c.length - 16);
}
