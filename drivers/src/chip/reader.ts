/**
 * Reads a CCCD chip over any APDU channel (PC/SC in production, the virtual card in tests):
 * SELECT the eMRTD application, BAC, then under secure messaging EF.DG1, EF.DG13 and EF.SOD;
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
import { SecureMessaging, SecureMessagingError } from './sm';
import { parseSod, passiveAuth, type PassiveAuthResult } from './sod';
import { concatBytes, decodeTlvHeader } from './tlv';
import { EMRTD_AID_BYTES } from './aid';

/** Sends one command APDU and returns the whole response (data + SW). Throws ChipError on link loss. */
export interface ApduChannel {
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export interface ChipRead {
  dg1: Dg1;
  dg13: Dg13;
  passive: PassiveAuthResult;
  /** Milliseconds: BAC done, data groups read, total. */
  timings: { bacMs: number; readMs: number; totalMs: number };
}

export interface ReadOptions {
  /** CSCA certificates to verify the document signer against; null: "issuer not verified". */
  csca: X509Certificate[] | null;
  /** READ BINARY chunk (≤ 0xE7 so the protected answer fits a short APDU). */
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

  async readFile(fid: number, chunk: number): Promise<Uint8Array | null> {
    const sel = await this.send({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) });
    if (sel.sw === SW.FILE_NOT_FOUND) return null;
    if (sel.sw !== SW.OK) throw new ChipError('io', `SELECT ${fid.toString(16)}: ${swHex(sel.sw)}`);
    const head = await this.send({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 });
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
      const r = await this.send({ cla: 0, ins: 0xb0, p1: have >> 8, p2: have & 0xff, le });
      if (r.sw !== SW.OK || r.data.length === 0) throw new ChipError('io', `READ BINARY ${fid.toString(16)} at ${have}: ${swHex(r.sw)}`);
      parts.push(r.data);
      have += r.data.length;
    }
    return concatBytes(...parts).subarray(0, total);
  }
}

/** Reads and checks a CCCD. `key` is the MRZ data for BAC. */
export async function readCccd(ch: ApduChannel, key: BacKeyInput, opts: ReadOptions): Promise<ChipRead> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const sel = await plain(ch, { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID_BYTES });
  if (sel.sw !== SW.OK) throw new ChipError('not_cccd', `SELECT eMRTD application: ${swHex(sel.sw)}`);
  const chal = await plain(ch, { cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 });
  if (chal.sw !== SW.OK || chal.data.length !== 8) throw new ChipError('not_cccd', `GET CHALLENGE: ${swHex(chal.sw)}`);
  const keys = bacKeys(key);
  const rndIfd = new Uint8Array(randomBytes(8));
  const kIfd = new Uint8Array(randomBytes(16));
  const auth = await plain(ch, { cla: 0, ins: 0x82, p1: 0, p2: 0, data: terminalAuthData(keys, chal.data, rndIfd, kIfd), le: 40 });
  if (auth.sw !== SW.OK) throw new ChipError('access_denied', `EXTERNAL AUTHENTICATE: ${swHex(auth.sw)}`);
  let session: Session;
  try {
    session = new Session(ch, new SecureMessaging(terminalFinish(keys, auth.data, chal.data, rndIfd, kIfd)));
  } catch (e) {
    if (e instanceof BacError) throw new ChipError('access_denied', e.message, { cause: e });
    throw e;
  }
  const t1 = now();
  const chunk = Math.min(opts.chunk ?? 0xe0, 0xe7);
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
  return { dg1, dg13, passive, timings: { bacMs: t1 - t0, readMs: t2 - t1, totalMs: now() - t0 } };
}
