/**
 * Basic Access Control (ICAO 9303-11 §4.3): mutual authentication with EXTERNAL AUTHENTICATE and
 * the derivation of the 3DES session keys and send sequence counter. Both sides are here: the
 * terminal (used by the driver) and the chip (used by the virtual CCCD card), so the emulator
 * cannot drift from the reader; both are checked against the worked example of 9303-11 Appendix D.
 */
import { bacKeySeed, deriveKey, pad, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, type SmCipher } from './crypto';
import { mrzInformation, type BacKeyInput } from './mrz';
import { concatBytes } from './tlv';

export interface BacKeys {
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

export interface SessionKeys {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Send sequence counter before the first increment: 8 bytes (3DES) or 16 (AES). */
  ssc: Uint8Array;
  /** The secure-messaging suite; absent: 3DES (BAC). */
  cipher?: SmCipher;
}

export class BacError extends Error {
  override readonly name = 'BacError';
}

/** K_enc and K_mac from the MRZ data. */
export function bacKeys(input: BacKeyInput): BacKeys {
  const seed = bacKeySeed(mrzInformation(input));
  return { kEnc: deriveKey(seed, 1), kMac: deriveKey(seed, 2) };
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

function sessionFrom(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): SessionKeys {
  const seed = xor(kIfd, kIc);
  return { ksEnc: deriveKey(seed, 1), ksMac: deriveKey(seed, 2), ssc: concatBytes(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)) };
}

/** Terminal step 1: the EXTERNAL AUTHENTICATE data (E_IFD || M_IFD) from the chip's challenge. */
export function terminalAuthData(keys: BacKeys, rndIc: Uint8Array, rndIfd: Uint8Array, kIfd: Uint8Array): Uint8Array {
  if (rndIc.length !== 8 || rndIfd.length !== 8 || kIfd.length !== 16) throw new BacError('RND.IC and RND.IFD are 8 bytes, K.IFD 16');
  const eIfd = tdesEncrypt(keys.kEnc, concatBytes(rndIfd, rndIc, kIfd));
  return concatBytes(eIfd, retailMac(keys.kMac, pad(eIfd)));
}

/** Terminal step 2: checks the chip's answer (E_IC || M_IC) and derives the session. */
export function terminalFinish(keys: BacKeys, answer: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array, kIfd: Uint8Array): SessionKeys {
  if (answer.length !== 40) throw new BacError(`EXTERNAL AUTHENTICATE answer is ${answer.length} bytes, expected 40`);
  const eIc = answer.subarray(0, 32);
  if (!sameBytes(retailMac(keys.kMac, pad(eIc)), answer.subarray(32))) throw new BacError('chip MAC does not verify');
  const r = tdesDecrypt(keys.kEnc, eIc);
  if (!sameBytes(r.subarray(0, 8), rndIc) || !sameBytes(r.subarray(8, 16), rndIfd)) throw new BacError('chip answered with other nonces');
  return sessionFrom(kIfd, r.subarray(16, 32), rndIc, rndIfd);
}

/**
 * Chip side: checks the terminal's EXTERNAL AUTHENTICATE data against the challenge it issued and
 * returns its answer and the session, or null when the terminal used other keys (→ 6300).
 */
export function chipAuthenticate(keys: BacKeys, cmdData: Uint8Array, rndIc: Uint8Array, kIc: Uint8Array): { answer: Uint8Array; session: SessionKeys } | null {
  if (cmdData.length !== 40) return null;
  const eIfd = cmdData.subarray(0, 32);
  if (!sameBytes(retailMac(keys.kMac, pad(eIfd)), cmdData.subarray(32))) return null;
  const s = tdesDecrypt(keys.kEnc, eIfd);
  const rndIfd = s.subarray(0, 8);
  if (!sameBytes(s.subarray(8, 16), rndIc)) return null;
  const kIfd = s.subarray(16, 32);
  const eIc = tdesEncrypt(keys.kEnc, concatBytes(rndIc, rndIfd, kIc));
  return { answer: concatBytes(eIc, retailMac(keys.kMac, pad(eIc))), session: sessionFrom(kIfd, kIc, rndIc, rndIfd) };
}
