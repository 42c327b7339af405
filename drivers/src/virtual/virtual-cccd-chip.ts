/**
 * A virtual CCCD chip: an ICAO 9303 eMRTD application (BAC with 3DES secure messaging, and on
 * request PACE with the CAN or MRZ data and AES secure messaging, listed in EF.CardAccess; EF.COM,
 * EF.SOD, DG1, DG13) answering real APDUs, and a client of vpcd's socket protocol so that pcscd
 * shows it in the reader "Virtual PCD 00 00" (Debian package vsmartcard-vpcd).
 *
 * vpcd protocol (vsmartcard, vpcd/vpcd.c): vpcd listens on TCP (default 35963) and the card
 * connects to it; every message either way is a 2-byte big-endian length and a payload. A
 * 1-byte payload from vpcd is a control message: 0 power off, 1 power on, 2 reset, 4 "send your
 * ATR" (the card answers with the ATR); anything longer is a command APDU, answered with the
 * response APDU. Closing the socket is removing the card.
 *
 * Faults for tests: `kind: 'not_cccd'` (a card without the eMRTD application: SELECT fails),
 * `removeAfterReads` (the card leaves the field after that many READ BINARY commands), and a
 * reader that uses other MRZ data gets 6300 at EXTERNAL AUTHENTICATE (BAC) or at the last GENERAL
 * AUTHENTICATE (PACE, also for a wrong CAN) as a real chip answers.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { EMRTD_AID_BYTES as EMRTD_AID } from '../chip/aid';
import { decodeApdu, SW, withSw, type CommandApdu } from '../chip/apdu';
import { bacKeys, chipAuthenticate, type BacKeys } from '../chip/bac';
import type { SmCipher } from '../chip/crypto';
import { encodeCardAccess, PaceChip, paceOid, type PaceParameterId } from '../chip/pace';
import { encodeDg1 } from '../chip/dg1';
import { encodeDg13 } from '../chip/dg13';
import { cccdBacKey, type BacKeyInput } from '../chip/mrz';
import { SecureMessaging } from '../chip/sm';
import { encodeTlv } from '../chip/tlv';
import { componentLogger } from '../logger';
import type { TestCitizen } from './cccd-test-data';
import type { TestPki } from './test-pki';

/** ISO 14443-4 card without historical bytes, T=1 (PC/SC part 3 ATR for contactless cards). */
export const VIRTUAL_ATR = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);

const FID = { COM: 0x011e, SOD: 0x011d, DG1: 0x0101, DG13: 0x010d, CARD_ACCESS: 0x011c } as const;

export interface CccdCardFiles {
  com: Uint8Array;
  sod: Uint8Array;
  dg1: Uint8Array;
  dg13: Uint8Array;
}

/** EF.COM: LDS 1.7, Unicode 4.0.0, tag list DG1 (61), DG13 (6D). */
export function encodeCom(): Uint8Array {
  return encodeTlv(0x60, [encodeTlv(0x5f01, new TextEncoder().encode('0107')), encodeTlv(0x5f36, new TextEncoder().encode('040000')), encodeTlv(0x5c, Uint8Array.of(0x61, 0x6d))]);
}

/** The files of a virtual card for `citizen`, with an SOD signed by `pki`'s document signer. */
export async function cccdCardFiles(citizen: TestCitizen, pki: TestPki, opts: { surname?: string; givenNames?: string; tamperDg13After?: (dg13: Uint8Array) => Uint8Array } = {}): Promise<CccdCardFiles> {
  const k = cccdBacKey(citizen.idNumber, citizen.dateOfBirth, citizen.expiryDate);
  const ascii = citizen.fullName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase();
  const [sur = '', ...given] = ascii.split(' ');
  const dg1 = encodeDg1({ ...k, idNumber: citizen.idNumber, sex: citizen.sex === 'Nam' ? 'M' : 'F', surname: opts.surname ?? sur, givenNames: opts.givenNames ?? given.join(' ') });
  const dg13 = encodeDg13(citizen);
  const sod = await pki.signSod(new Map([[1, dg1], [13, dg13]]));
  return { com: encodeCom(), sod, dg1, dg13: opts.tamperDg13After ? opts.tamperDg13After(dg13) : dg13 };
}

export interface VirtualCccdCardOptions {
  kind?: 'cccd' | 'not_cccd';
  files?: CccdCardFiles;
  /** The MRZ data the chip's BAC keys come from. */
  citizen?: Pick<TestCitizen, 'idNumber' | 'dateOfBirth' | 'expiryDate'>;
  /** Leave the field after this many READ BINARY commands (card removed mid-read). */
  removeAfterReads?: number;
  /**
   * PACE (generic mapping, ECDH) besides BAC: listed in EF.CardAccess with these domain parameters
   * and cipher; `can` is the 6-digit card access number printed on the card (null: the chip takes
   * only the MRZ password for PACE and refuses the CAN at MSE:Set AT). Absent: BAC only.
   */
  pace?: { cipher: SmCipher; parameterId: PaceParameterId; can: string | null };
}

/** The card's APDU logic, independent of any transport (also used in-process by unit tests). */
export class VirtualCccdCard {
  private readonly kind: 'cccd' | 'not_cccd';
  private readonly files: Map<number, Uint8Array>;
  private readonly keys: BacKeys | null;
  private appSelected = false;
  private challenge: Uint8Array | null = null;
  private sm: SecureMessaging | null = null;
  private current: Uint8Array | null = null;
  private currentFid: number | null = null;
  private readonly pace: PaceChip | null;
  private reads = 0;
  readonly removeAfterReads: number | null;
  /** Called when the card decides to leave the field (removeAfterReads). */
  onRemove: (() => void) | null = null;
  /** APDUs seen (instruction bytes only, for tests). */
  readonly log: number[] = [];

  constructor(opts: VirtualCccdCardOptions) {
    this.kind = opts.kind ?? 'cccd';
    const f = opts.files;
    this.files = new Map(f ? [[FID.COM, f.com], [FID.SOD, f.sod], [FID.DG1, f.dg1], [FID.DG13, f.dg13]] : []);
    const c = opts.citizen;
    const mrz: BacKeyInput | null = c ? cccdBacKey(c.idNumber, c.dateOfBirth, c.expiryDate) : null;
    this.keys = mrz ? bacKeys(mrz) : null;
    const p = opts.pace;
    this.pace = p && this.kind === 'cccd' ? new PaceChip({ oid: paceOid(p.cipher), cipher: p.cipher, parameterId: p.parameterId }, { mrz, can: p.can }, (n) => new Uint8Array(randomBytes(n))) : null;
    if (p) this.files.set(FID.CARD_ACCESS, encodeCardAccess({ cipher: p.cipher, parameterId: p.parameterId }));
    this.removeAfterReads = opts.removeAfterReads ?? null;
    if (this.kind === 'cccd' && (!f || !this.keys)) throw new Error('a CCCD card needs its files and citizen');
  }

  reset(): Uint8Array {
    this.appSelected = false;
    this.challenge = null;
    this.sm = null;
    this.current = null;
    this.currentFid = null;
    return VIRTUAL_ATR;
  }

  /** Answers one command APDU. */
  transmit(raw: Uint8Array): Uint8Array {
    let c: CommandApdu;
    try {
      c = decodeApdu(raw);
    } catch {
      return withSw(new Uint8Array(0), SW.WRONG_LENGTH);
    }
    this.log.push(c.ins);
    if (this.kind === 'not_cccd') {
      // A bank or transport card: no eMRTD application.
      if (c.ins === 0xa4) return withSw(new Uint8Array(0), SW.FILE_NOT_FOUND);
      return withSw(new Uint8Array(0), SW.INS_NOT_SUPPORTED);
    }
    if (this.sm) {
      if ((c.cla & 0x0c) !== 0x0c) {
        this.sm = null;
        return withSw(new Uint8Array(0), SW.SM_MISSING);
      }
      const plain = this.sm.unwrapCommand(c);
      if (!plain) {
        this.sm = null;
        return withSw(new Uint8Array(0), SW.SM_INCORRECT);
      }
      const r = this.process(plain);
      // Errors after the session is up are protected too (as on eMRTD chips that keep the session).
      return this.sm ? this.sm.wrapResponse(r.data, r.sw) : withSw(r.data, r.sw);
    }
    const r = this.process(c);
    return withSw(r.data, r.sw);
  }

  private process(c: CommandApdu): { data: Uint8Array; sw: number } {
    const none = new Uint8Array(0);
    switch (c.ins) {
      case 0xa4: {
        if (c.p1 === 0x04) {
          const ok = c.data !== undefined && Buffer.compare(Buffer.from(c.data), Buffer.from(EMRTD_AID)) === 0;
          this.appSelected = ok;
          return { data: none, sw: ok ? SW.OK : SW.FILE_NOT_FOUND };
        }
        if (c.p1 === 0x02 && c.data?.length === 2) {
          const fid = ((c.data[0] as number) << 8) | (c.data[1] as number);
          // EF.CardAccess is readable in the clear (it says how to open the chip); a BAC-only card has none.
          if (!this.sm && fid !== FID.CARD_ACCESS) return { data: none, sw: SW.SECURITY_NOT_SATISFIED };
          const f = this.files.get(fid);
          this.current = f ?? null;
          this.currentFid = f ? fid : null;
          return { data: none, sw: f ? SW.OK : SW.FILE_NOT_FOUND };
        }
        return { data: none, sw: SW.WRONG_P1P2 };
      }
      case 0x84: {
        if (!this.appSelected) return { data: none, sw: SW.CONDITIONS_NOT_SATISFIED };
        this.challenge = new Uint8Array(randomBytes(8));
        return { data: this.challenge, sw: SW.OK };
      }
      case 0x82: {
        const challenge = this.challenge;
        this.challenge = null;
        if (!challenge || !this.keys || !c.data) return { data: none, sw: SW.CONDITIONS_NOT_SATISFIED };
        const r = chipAuthenticate(this.keys, c.data, challenge, new Uint8Array(randomBytes(16)));
        if (!r) return { data: none, sw: SW.AUTH_FAILED };
        const answer = { data: r.answer, sw: SW.OK };
        this.sm = new SecureMessaging(r.session);
        return answer;
      }
      case 0x22: {
        // MSE:Set AT for PACE (P1P2 C1A4).
        if (!this.pace || c.p1 !== 0xc1 || c.p2 !== 0xa4 || !c.data) return { data: none, sw: this.pace ? SW.WRONG_P1P2 : SW.INS_NOT_SUPPORTED };
        this.sm = null;
        return { data: none, ...this.pace.setAt(c.data) };
      }
      case 0x86: {
        if (!this.pace) return { data: none, sw: SW.INS_NOT_SUPPORTED };
        const r = this.pace.generalAuthenticate(c.data ?? none);
        // The answer to the last step goes out in the clear; the session starts with the next command.
        if (r.session) this.sm = new SecureMessaging(r.session);
        return { data: r.data, sw: r.sw };
      }
      case 0xb0: {
        if (c.p1 & 0x80) {
          // READ BINARY with a short file identifier (P1 = 80 | SFI, P2 = offset) selects the file too.
          const fid = 0x0100 | (c.p1 & 0x1f);
          if (!this.sm && fid !== FID.CARD_ACCESS) return { data: none, sw: SW.SECURITY_NOT_SATISFIED };
          const f = this.files.get(fid);
          this.current = f ?? null;
          this.currentFid = f ? fid : null;
          if (!f) return { data: none, sw: SW.FILE_NOT_FOUND };
          return { data: f.subarray(c.p2, c.p2 + (c.le ?? 256)), sw: SW.OK };
        }
        if (!this.sm && this.currentFid !== FID.CARD_ACCESS) return { data: none, sw: SW.SECURITY_NOT_SATISFIED };
        if (!this.current) return { data: none, sw: SW.CONDITIONS_NOT_SATISFIED };
        if (this.currentFid !== FID.CARD_ACCESS) this.reads++;
        if (this.removeAfterReads !== null && this.reads > this.removeAfterReads) {
          this.onRemove?.();
          return { data: none, sw: SW.CONDITIONS_NOT_SATISFIED };
        }
        const offset = (c.p1 << 8) | c.p2;
        if (offset > this.current.length) return { data: none, sw: SW.WRONG_P1P2 };
        const le = c.le ?? 256;
        return { data: this.current.subarray(offset, offset + le), sw: SW.OK };
      }
      default:
        return { data: none, sw: SW.INS_NOT_SUPPORTED };
    }
  }
}

/**
 * Puts a `VirtualCccdCard` into vpcd's reader: connects to vpcd, answers its messages, and can
 * be removed (socket closed) and re-inserted. It answers on the event loop it runs on, so it runs
 * in a `VpcdCardSlot`'s thread, never on the thread of a PC/SC client (see vpcd-card-slot.ts: a
 * synchronous PC/SC call there would wait for a card that cannot answer).
 */
export class VpcdCardConnection {
  private socket: Socket | null = null;
  private buf = Buffer.alloc(0);
  private readonly log: Logger;
  private closing = false;

  constructor(
    readonly card: VirtualCccdCard,
    private readonly opts: {
      host?: string;
      port?: number;
      logger?: Logger;
      /** The card left the reader: `remove()`, the card itself (`removeAfterReads`), or vpcd closed the link. */
      onRemoved?: () => void;
    } = {},
  ) {
    this.log = componentLogger('virtual:cccd-chip', opts.logger);
    card.onRemove = () => this.remove();
  }

  get inserted(): boolean {
    return this.socket !== null;
  }

  /** Connects to vpcd (retrying until `timeoutMs`, as vpcd starts with pcscd). */
  async insert(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.closing = false;
    for (;;) {
      try {
        this.socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect({ host: this.opts.host ?? '127.0.0.1', port: this.opts.port ?? 35963 });
          s.once('connect', () => {
            s.off('error', reject);
            resolve(s);
          });
          s.once('error', reject);
        });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`vpcd not reachable on port ${this.opts.port ?? 35963}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const s = this.socket;
    s.setNoDelay(true);
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('error', (e) => this.log.warn({ err: e.message }, 'vpcd link error'));
    s.on('close', () => {
      if (this.socket !== s) return;
      this.socket = null;
      if (!this.closing) this.log.info('vpcd closed the link');
      this.opts.onRemoved?.();
    });
    this.log.info({ port: this.opts.port ?? 35963 }, 'virtual CCCD card inserted');
  }

  /** Takes the card out of the field (closes the link; pcscd sees the card removed). */
  remove(): void {
    const s = this.socket;
    if (!s) return;
    this.closing = true;
    this.socket = null;
    s.destroy();
    this.card.reset();
    this.log.info('virtual CCCD card removed');
    this.opts.onRemoved?.();
  }

  private send(payload: Uint8Array): void {
    const s = this.socket;
    if (!s) return;
    const head = Buffer.alloc(2);
    head.writeUInt16BE(payload.length);
    s.write(Buffer.concat([head, Buffer.from(payload)]));
  }

  private onData(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 2) {
      const n = this.buf.readUInt16BE(0);
      if (this.buf.length < 2 + n) return;
      const msg = new Uint8Array(this.buf.subarray(2, 2 + n));
      this.buf = this.buf.subarray(2 + n);
      if (n === 1) {
        const ctl = msg[0];
        if (ctl === 0 || ctl === 1 || ctl === 2) this.card.reset();
        else if (ctl === 4) this.send(VIRTUAL_ATR);
        continue;
      }
      if (n === 0) continue;
      const r = this.card.transmit(msg);
      if (this.socket) this.send(r);
    }
  }
}
