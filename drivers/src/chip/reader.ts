/**
 * Reads a CCCD chip over any APDU channel (PC/SC in production, the virtual card in tests):
 * access control — PACE (with the CAN, or the MRZ data) when EF.CardAccess lists a PACE protocol
 * this reader runs, else BAC with the MRZ data (ICAO 9303-11 §4: PACE first, BAC as fallback) —
 * then the eMRTD application and, under secure messaging, EF.DG1, EF.DG13 and EF.SOD;
 * parses both data groups, cross-checks them and runs passive authentication. DG2 (the photo) is
 * never read. Every failure is a `ChipError` with a closed code.
 */
import type { X509Certificate } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { encodeApdu, SW, splitResponse, swHex, type CommandApdu } from './apdu';
import { BacError, bacKeys, terminalAuthData, terminalFinish } from './bac';
import { crossCheck } from './card-data';
import { parseDg1, type Dg1 } from './dg1';
import { parseDg13, type Dg13 } from './dg13';
import { ChipError, isChipError } from './errors';
import type { BacKeyInput } from './mrz';
import type { SmCipher } from './crypto';
import { curveName, PaceError, PaceRefused, paceTerminal, parseCardAccess, type PaceInfo, type PacePassword } from './pace';
import { SecureMessaging, SecureMessagingError } from './sm';
import { parseSod, passiveAuth, type PassiveAuthResult } from './sod';
import { concatBytes, decodeTlvHeader } from './tlv';
import { EMRTD_AID_BYTES } from './aid';

/** Sends one command APDU and returns the whole response (data + SW). Throws ChipError on link loss. */
export interface ApduChannel {
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

/**
 * What opens the chip: the MRZ data (BAC, or PACE's MRZ password) and/or the 6-digit card access
 * number printed on the card (PACE only). A bare BacKeyInput means `{ mrz }`.
 */
export interface AccessKey {
  mrz?: BacKeyInput;
  can?: string;
}

/** How the chip was opened (no secret in it). */
export interface AccessUsed {
  protocol: 'PACE' | 'BAC';
  password: 'CAN' | 'MRZ';
  cipher: SmCipher;
  /** PACE only: the domain parameters' name. */
  curve: string | null;
}

export interface ChipRead {
  access: AccessUsed;
  dg1: Dg1;
  dg13: Dg13;
  passive: PassiveAuthResult;
  /** Milliseconds: access control (PACE or BAC) done, data groups read, total. */
  timings: { accessMs: number; readMs: number; totalMs: number };
}

export interface ReadOptions {
  /** CSCA certificates to verify the document signer against; null: "issuer not verified". */
  csca: X509Certificate[] | null;
  /**
   * READ BINARY chunk, capped so the protected answer fits a short response APDU (256 bytes + SW):
   * DO87 of the padded data + DO99 + DO8E is padded + 18 bytes, so ≤ 0xE7 with 3DES (8-byte
   * padding) and ≤ 0xDF with AES (16-byte padding: 0xE0 bytes would pad to 0xF0 and overflow).
   */
  chunk?: number;
  now?: () => number;
}

const FID = { COM: 0x011e, SOD: 0x011d, DG1: 0x0101, DG13: 0x010d } as const;

async function plain(ch: ApduChannel, c: CommandApdu): Promise<{ data: Uint8Array; sw: number }> {
  return splitResponse(await ch.transmit(encodeApdu(c)));
}

class Session {
  constructor(
    private readonly ch: ApduChannel,
    private readonly sm: SecureMessaging,
  ) {}

  async send(c: CommandApdu): Promise<{ data: Uint8Array; sw: number }> {
    const raw = await this.ch.transmit(this.sm.wrap(c));
    let r;
    try {
      r = this.sm.unwrap(raw);
    } catch (e) {
      throw new ChipError('secure_messaging', (e as Error).message, { cause: e });
    }
    if (r.plain && (r.sw === SW.SM_MISSING || r.sw === SW.SM_INCORRECT)) throw new ChipError('secure_messaging', `chip answered ${swHex(r.sw)}`);
    return r;
  }

  readFile(fid: number, chunk: number): Promise<Uint8Array | null> {
    return readFile((c) => this.send(c), fid, chunk);
  }
}

/** SELECT + READ BINARY of a whole file (its length from its first TLV header); null if absent. */
async function readFile(send: (c: CommandApdu) => Promise<{ data: Uint8Array; sw: number }>, fid: number, chunk: number): Promise<Uint8Array | null> {
  const sel = await send({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) });
  if (sel.sw === SW.FILE_NOT_FOUND) return null;
  if (sel.sw !== SW.OK) throw new ChipError('io', `SELECT ${fid.toString(16)}: ${swHex(sel.sw)}`);
  const head = await send({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 });
  if (head.sw !== SW.OK || head.data.length < 2) throw new ChipError('io', `READ BINARY ${fid.toString(16)}: ${swHex(head.sw)}`);
  let total: number;
  try {
    const h = decodeTlvHeader(head.data);
    total = h.headerLength + h.length;
  } catch (e) {
    throw new ChipError('bad_data', `file ${fid.toString(16)}: ${(e as Error).message}`, { cause: e });
  }
  if (total > 32767) throw new ChipError('bad_data', `file ${fid.toString(16)} claims ${total} bytes`);
  const parts = [head.data.subarray(0, Math.min(head.data.length, total))];
  let have = parts[0]!.length;
  while (have < total) {
    const le = Math.min(chunk, total - have);
    const r = await send({ cla: 0, ins: 0xb0, p1: have >> 8, p2: have & 0xff, le });
    if (r.sw !== SW.OK || r.data.length === 0) throw new ChipError('io', `READ BINARY ${fid.toString(16)} at ${have}: ${swHex(r.sw)}`);
    parts.push(r.data);
    have += r.data.length;
  }
  return concatBytes(...parts).subarray(0, total);
}

/**
 * EF.CardAccess (read in the clear, before the application is selected): the PACE protocols of
 * the card this reader can run; empty when the file is absent or lists none (a BAC-only chip).
 */
async function paceInfos(ch: ApduChannel): Promise<PaceInfo[]> {
  // One READ BINARY by short file identifier (P1 = 80 | 1C) reads up to 256 bytes of the file and
  // selects it; a BAC-only chip answers an error (6A82 or another): no PACE.
  const first = await plain(ch, { cla: 0, ins: 0xb0, p1: 0x80 | 0x1c, p2: 0, le: 256 });
  if ((first.sw !== SW.OK && first.sw !== SW.END_OF_FILE) || first.data.length < 2) return [];
  let raw: Uint8Array;
  try {
    const h = decodeTlvHeader(first.data);
    const total = h.headerLength + h.length;
    if (total > 4096) throw new ChipError('bad_data', `EF.CardAccess claims ${total} bytes`);
    const parts = [first.data.subarray(0, Math.min(first.data.length, total))];
    let have = parts[0]!.length;
    while (have < total) {
      const r = await plain(ch, { cla: 0, ins: 0xb0, p1: have >> 8, p2: have & 0xff, le: Math.min(0xdf, total - have) });
      if (r.sw !== SW.OK || r.data.length === 0) throw new ChipError('io', `READ BINARY EF.CardAccess at ${have}: ${swHex(r.sw)}`);
      parts.push(r.data);
      have += r.data.length;
    }
    raw = concatBytes(...parts);
  } catch (e) {
    if (isChipError(e)) throw e;
    throw new ChipError('bad_data', `EF.CardAccess: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseCardAccess(raw);
  } catch (e) {
    throw new ChipError('bad_data', (e as Error).message, { cause: e });
  }
}

/** PACE, then SELECT the eMRTD application under its secure messaging. */
async function openWithPace(ch: ApduChannel, info: PaceInfo, password: PacePassword): Promise<Session> {
  let keys;
  try {
    keys = await paceTerminal(
      { send: (cla, ins, p1, p2, data, le) => plain(ch, { cla, ins, p1, p2, data, le }) },
      info,
      password,
    );
  } catch (e) {
    if (e instanceof PaceRefused && (e.sw === SW.AUTH_FAILED || (e.sw & 0xfff0) === 0x63c0)) throw new ChipError('access_denied', `PACE with the ${password.kind}: ${e.message}`, { cause: e });
    if (e instanceof PaceError) throw new ChipError(e instanceof PaceRefused ? 'access_denied' : 'secure_messaging', `PACE: ${e.message}`, { cause: e });
    throw e;
  }
  const session = new Session(ch, new SecureMessaging(keys));
  const sel = await session.send({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID_BYTES });
  if (sel.sw !== SW.OK) throw new ChipError('not_cccd', `SELECT eMRTD application: ${swHex(sel.sw)}`);
  return session;
}

/** BAC: SELECT the application, GET CHALLENGE, EXTERNAL AUTHENTICATE. */
async function openWithBac(ch: ApduChannel, key: BacKeyInput): Promise<Session> {
  const sel = await plain(ch, { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID_BYTES });
  if (sel.sw !== SW.OK) throw new ChipError('not_cccd', `SELECT eMRTD application: ${swHex(sel.sw)}`);
  const chal = await plain(ch, { cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 });
  if (chal.sw !== SW.OK || chal.data.length !== 8) throw new ChipError('not_cccd', `GET CHALLENGE: ${swHex(chal.sw)}`);
  const keys = bacKeys(key);
  const rndIfd = new Uint8Array(randomBytes(8));
  const kIfd = new Uint8Array(randomBytes(16));
  const auth = await plain(ch, { cla: 0, ins: 0x82, p1: 0, p2: 0, data: terminalAuthData(keys, chal.data, rndIfd, kIfd), le: 40 });
  if (auth.sw !== SW.OK) throw new ChipError('access_denied', `EXTERNAL AUTHENTICATE: ${swHex(auth.sw)}`);
  try {
    return new Session(ch, new SecureMessaging(terminalFinish(keys, auth.data, chal.data, rndIfd, kIfd)));
  } catch (e) {
    if (e instanceof BacError) throw new ChipError('access_denied', e.message, { cause: e });
    throw e;
  }
}

function accessKey(k: BacKeyInput | AccessKey): AccessKey {
  return 'documentNumber' in k ? { mrz: k } : k;
}

/**
 * Reads and checks a CCCD with `key`: PACE with the CAN (or else the MRZ data) when the card offers
 * PACE, BAC with the MRZ data otherwise. A CAN alone cannot open a BAC-only chip (access_denied).
 */
export async function readCccd(ch: ApduChannel, key: BacKeyInput | AccessKey, opts: ReadOptions): Promise<ChipRead> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const k = accessKey(key);
  if (k.can === undefined && k.mrz === undefined) throw new ChipError('access_denied', 'neither the MRZ data nor the CAN was given');
  const info = (await paceInfos(ch))[0];
  let opened: { session: Session; access: AccessUsed } | null = null;
  if (info) {
    const password: PacePassword = k.can !== undefined ? { kind: 'CAN', can: k.can } : { kind: 'MRZ', mrz: k.mrz! };
    try {
      opened = { session: await openWithPace(ch, info, password), access: { protocol: 'PACE', password: password.kind, cipher: info.cipher, curve: curveName(info.parameterId) } };
    } catch (e) {
      // Refused at MSE:Set AT (this password kind or these parameters not accepted), before any key
      // was tried: a chip that offers PACE also offers BAC in the transition period (9303-11 §4.2),
      // so the MRZ data, when given, still opens it. A wrong password (6300 at the token) is final.
      const refusedAtSetAt = isChipError(e) && e.cause instanceof PaceRefused && e.cause.step === 'MSE:Set AT';
      if (!refusedAtSetAt || !k.mrz) throw e;
    }
  }
  if (!opened) {
    if (!k.mrz) throw new ChipError('access_denied', 'this chip offers BAC only, which needs the MRZ data (the CAN opens PACE chips only)');
    opened = { session: await openWithBac(ch, k.mrz), access: { protocol: 'BAC', password: 'MRZ', cipher: '3DES', curve: null } };
  }
  const { session, access } = opened;
  const t1 = now();
  const chunk = Math.min(opts.chunk ?? 0xdf, access.cipher === '3DES' ? 0xe7 : 0xdf);
  let dg1Raw: Uint8Array | null;
  let dg13Raw: Uint8Array | null;
  let sodRaw: Uint8Array | null;
  try {
    dg1Raw = await session.readFile(FID.DG1, chunk);
    dg13Raw = await session.readFile(FID.DG13, chunk);
    sodRaw = await session.readFile(FID.SOD, chunk);
  } catch (e) {
    if (isChipError(e)) throw e;
    if (e instanceof SecureMessagingError) throw new ChipError('secure_messaging', e.message, { cause: e });
    throw e;
  }
  const t2 = now();
  if (!dg1Raw) throw new ChipError('not_cccd', 'no DG1');
  if (!dg13Raw) throw new ChipError('not_cccd', 'no DG13 (an ePassport or another ID card)');
  if (!sodRaw) throw new ChipError('bad_data', 'no EF.SOD');
  const dg1 = parseDg1(dg1Raw);
  const dg13 = parseDg13(dg13Raw);
  crossCheck(dg1, dg13);
  const passive = await passiveAuth(parseSod(sodRaw), new Map([[1, dg1Raw], [13, dg13Raw]]), opts.csca);
  if (passive.status === 'failed') throw new ChipError('passive_auth_failed', passive.message);
  return { access, dg1, dg13, passive, timings: { accessMs: t1 - t0, readMs: t2 - t1, totalMs: now() - t0 } };
}
