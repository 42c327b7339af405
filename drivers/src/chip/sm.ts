/**
 * Secure messaging with 3DES session keys (ICAO 9303-11 §9.8): DO'87' (padding indicator 01 +
 * encrypted data), DO'97' (Le), DO'99' (status word), DO'8E' (MAC over SSC || header || DOs,
 * ISO/IEC 9797-1 alg. 3 with padding method 2). The send sequence counter is incremented before
 * each command and each response. Terminal side (`wrap`/`unwrap`) and chip side (`unwrapCommand`/
 * `wrapResponse`) share the counter logic.
 *
 * Two cipher suites (9303-11 §9.8.5–9.8.6): 3DES (BAC, or PACE with a 3DES OID): 8-byte blocks and
 * counter, CBC with a zero IV, retail MAC; AES (PACE with an AES OID): 16-byte blocks and counter,
 * CBC with IV = E(KS_enc, SSC), AES-CMAC truncated to 8 bytes. Every primitive is node:crypto.
 */
import { encodeApdu, type CommandApdu, type ResponseApdu, splitResponse, withSw } from './apdu';
import { aesBlock, aesCbcDecrypt, aesCbcEncrypt, aesCmac, pad, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, unpad, type SmCipher } from './crypto';
import type { SessionKeys } from './bac';
import { concatBytes, decodeTlvList, encodeTlv } from './tlv';

/** The block cipher operations of one secure-messaging suite, keyed. */
interface Suite {
  block: 8 | 16;
  encrypt(ssc: Uint8Array, padded: Uint8Array): Uint8Array;
  decrypt(ssc: Uint8Array, data: Uint8Array): Uint8Array;
  /** 8-byte MAC over SSC || data, padded here. */
  mac(ssc: Uint8Array, data: Uint8Array): Uint8Array;
}

function suite(cipher: SmCipher, ksEnc: Uint8Array, ksMac: Uint8Array): Suite {
  if (cipher === '3DES') {
    return {
      block: 8,
      encrypt: (_ssc, d) => tdesEncrypt(ksEnc, d),
      decrypt: (_ssc, d) => tdesDecrypt(ksEnc, d),
      mac: (ssc, d) => retailMac(ksMac, pad(concatBytes(ssc, d), 8)),
    };
  }
  return {
    block: 16,
    encrypt: (ssc, d) => aesCbcEncrypt(ksEnc, d, aesBlock(ksEnc, ssc)),
    decrypt: (ssc, d) => aesCbcDecrypt(ksEnc, d, aesBlock(ksEnc, ssc)),
    mac: (ssc, d) => aesCmac(ksMac, pad(concatBytes(ssc, d), 16)).subarray(0, 8),
  };
}

export class SecureMessagingError extends Error {
  override readonly name = 'SecureMessagingError';
}

export class SecureMessaging {
  private readonly suite: Suite;
  private readonly ssc: Uint8Array;
  readonly cipher: SmCipher;

  constructor(keys: SessionKeys) {
    this.cipher = keys.cipher ?? '3DES';
    this.suite = suite(this.cipher, keys.ksEnc, keys.ksMac);
    this.ssc = Uint8Array.from(keys.ssc);
    if (this.ssc.length !== this.suite.block) throw new SecureMessagingError(`send sequence counter must be ${this.suite.block} bytes for ${this.cipher}`);
  }

  /** The current counter (for tests). */
  get counter(): Uint8Array {
    return Uint8Array.from(this.ssc);
  }

  private increment(): void {
    for (let i = this.ssc.length - 1; i >= 0; i--) {
      this.ssc[i] = ((this.ssc[i] as number) + 1) & 0xff;
      if (this.ssc[i] !== 0) return;
    }
  }

  private mac(data: Uint8Array): Uint8Array {
    return this.suite.mac(this.ssc, data);
  }

  private enc(data: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(1), this.suite.encrypt(this.ssc, pad(data, this.suite.block)));
  }

  private dec(do87: Uint8Array): Uint8Array {
    return unpad(this.suite.decrypt(this.ssc, do87.subarray(1)));
  }

  /** Terminal: protects a plain command APDU. */
  wrap(c: CommandApdu): Uint8Array {
    if (c.ins % 2 === 1) throw new SecureMessagingError('odd INS (DO85) is not used for the files read here');
    this.increment();
    const header = Uint8Array.of(c.cla | 0x0c, c.ins, c.p1, c.p2);
    const do87 = c.data && c.data.length > 0 ? encodeTlv(0x87, this.enc(c.data)) : new Uint8Array(0);
    const do97 = c.le !== undefined ? encodeTlv(0x97, Uint8Array.of(c.le & 0xff)) : new Uint8Array(0);
    const cc = this.mac(concatBytes(pad(header, this.suite.block), do87, do97));
    const body = concatBytes(do87, do97, encodeTlv(0x8e, cc));
    return encodeApdu({ cla: header[0] as number, ins: c.ins, p1: c.p1, p2: c.p2, data: body, le: 256 });
  }

  /**
   * Terminal: checks and decrypts a protected response. A bare status word other than 9000 (the
   * chip answers errors unprotected and ends the session) is returned as is with `plain: true`.
   */
  unwrap(raw: Uint8Array): ResponseApdu & { plain: boolean } {
    const r = splitResponse(raw);
    if (r.data.length === 0) {
      // Unprotected error: the chip has dropped the session; the counter is no longer in step.
      return { data: r.data, sw: r.sw, plain: true };
    }
    this.increment();
    const dos = decodeTlvList(r.data);
    const do87 = dos.find((t) => t.tag === 0x87);
    const do99 = dos.find((t) => t.tag === 0x99);
    const do8e = dos.find((t) => t.tag === 0x8e);
    if (!do99 || do99.value.length !== 2) throw new SecureMessagingError('response without DO99');
    if (!do8e) throw new SecureMessagingError('response without DO8E');
    const macInput = concatBytes(...dos.filter((t) => t.tag === 0x87 || t.tag === 0x99).map((t) => r.data.subarray(t.offset, t.offset + t.encodedLength)));
    if (!sameBytes(this.mac(macInput), do8e.value)) throw new SecureMessagingError('response MAC does not verify');
    let data: Uint8Array = new Uint8Array(0);
    if (do87) {
      if (do87.value[0] !== 1) throw new SecureMessagingError('unknown padding indicator');
      data = this.dec(do87.value);
    }
    return { data, sw: ((do99.value[0] as number) << 8) | (do99.value[1] as number), plain: false };
  }

  /** Chip: checks and decrypts a protected command; null when the MAC or format is wrong. */
  unwrapCommand(c: CommandApdu): CommandApdu | null {
    if ((c.cla & 0x0c) !== 0x0c) return null;
    this.increment();
    const body = c.data ?? new Uint8Array(0);
    let dos;
    try {
      dos = decodeTlvList(body);
    } catch {
      return null;
    }
    const do87 = dos.find((t) => t.tag === 0x87);
    const do97 = dos.find((t) => t.tag === 0x97);
    const do8e = dos.find((t) => t.tag === 0x8e);
    if (!do8e) return null;
    const header = Uint8Array.of(c.cla, c.ins, c.p1, c.p2);
    const macInput = concatBytes(pad(header, this.suite.block), ...dos.filter((t) => t.tag === 0x87 || t.tag === 0x97).map((t) => body.subarray(t.offset, t.offset + t.encodedLength)));
    if (!sameBytes(this.mac(macInput), do8e.value)) return null;
    const out: CommandApdu = { cla: c.cla & ~0x0c, ins: c.ins, p1: c.p1, p2: c.p2 };
    if (do87) {
      try {
        out.data = this.dec(do87.value);
      } catch {
        return null;
      }
    }
    if (do97) out.le = do97.value[0] === 0 ? 256 : do97.value[0];
    return out;
  }

  /** Chip: protects a response. */
  wrapResponse(data: Uint8Array, sw: number): Uint8Array {
    this.increment();
    const do87 = data.length > 0 ? encodeTlv(0x87, this.enc(data)) : new Uint8Array(0);
    const do99 = encodeTlv(0x99, Uint8Array.of(sw >> 8, sw & 0xff));
    const cc = this.mac(concatBytes(do87, do99));
    return withSw(concatBytes(do87, do99, encodeTlv(0x8e, cc)), sw);
  }
}
