/**
 * The worked example of ICAO Doc 9303 part 11, Appendix D (BAC with the specimen MRZ
 * "L898902C<", born 1969-08-06, expiring 1994-06-23), value by value: key seed, K_enc/K_mac,
 * EXTERNAL AUTHENTICATE, session keys, SSC, and the protected SELECT / READ BINARY of EF.COM.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bacKeys, chipAuthenticate, terminalAuthData, terminalFinish } from './bac';
import { bacKeySeed, deriveKey, pad, retailMac } from './crypto';
import { mrzCheckDigit, mrzInformation } from './mrz';
import { SecureMessaging } from './sm';
import { fromHex, hex } from './tlv';
import { decodeApdu } from './apdu';

const input = { documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' };
const rndIc = fromHex('4608F91988702212');
const rndIfd = fromHex('781723860C06C226');
const kIfd = fromHex('0B795240CB7049B01C19B33E32804F0B');
const kIc = fromHex('0B4F80323EB3191CB04970CB4052790B');

describe('ICAO 9303-11 Appendix D worked example', () => {
  it('MRZ information and check digits', () => {
    expect(mrzCheckDigit('L898902C<')).toBe(3);
    expect(mrzCheckDigit('690806')).toBe(1);
    expect(mrzCheckDigit('940623')).toBe(6);
    expect(mrzInformation(input)).toBe('L898902C<369080619406236');
  });

  it('key seed and BAC keys (D.2)', () => {
    const seed = bacKeySeed(mrzInformation(input));
    expect(hex(seed)).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    expect(hex(deriveKey(seed, 1))).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(hex(deriveKey(seed, 2))).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('mutual authentication and session keys (D.3)', () => {
    const keys = bacKeys(input);
    const cmd = terminalAuthData(keys, rndIc, rndIfd, kIfd);
    expect(hex(cmd)).toBe('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2' + '5F1448EEA8AD90A7');
    const chip = chipAuthenticate(keys, cmd, rndIc, kIc);
    expect(chip).not.toBeNull();
    expect(hex(chip!.answer)).toBe('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F' + '2F2D235D074D7449');
    const s = terminalFinish(keys, chip!.answer, rndIc, rndIfd, kIfd);
    expect(hex(s.ksEnc)).toBe('979EC13B1CBFE9DCD01AB0FED307EAE5');
    expect(hex(s.ksMac)).toBe('F1CB1F1FB5ADF208806B89DC579DC1F8');
    expect(hex(s.ssc)).toBe('887022120C06C226');
    expect(chip!.session).toEqual(s);
  });

  it('the chip refuses a terminal with other keys, and the terminal a chip with other keys', () => {
    const keys = bacKeys(input);
    const other = bacKeys({ ...input, dateOfBirth: '690807' });
    expect(chipAuthenticate(keys, terminalAuthData(other, rndIc, rndIfd, kIfd), rndIc, kIc)).toBeNull();
    const chip = chipAuthenticate(keys, terminalAuthData(keys, rndIc, rndIfd, kIfd), rndIc, kIc)!;
    expect(() => terminalFinish(other, chip.answer, rndIc, rndIfd, kIfd)).toThrow(/MAC/);
    // A replayed answer to another challenge is refused too.
    expect(() => terminalFinish(keys, chip.answer, fromHex('0000000000000000'), rndIfd, kIfd)).toThrow(/nonces/);
  });

  it('secure messaging: SELECT EF.COM and READ BINARY (D.4)', () => {
    const session = { ksEnc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'), ksMac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8'), ssc: fromHex('887022120C06C226') };
    const term = new SecureMessaging(session);
    const card = new SecureMessaging(session);

    const select = term.wrap({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    expect(hex(select)).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(hex(term.counter)).toBe('887022120C06C227');
    const cmd = card.unwrapCommand(decodeApdu(select));
    expect(cmd).toMatchObject({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c });
    expect(hex(cmd!.data!)).toBe('011E');
    const selResp = card.wrapResponse(new Uint8Array(0), 0x9000);
    expect(hex(selResp)).toBe('990290008E08FA855A5D4C50A8ED9000');
    expect(term.unwrap(selResp)).toMatchObject({ sw: 0x9000, plain: false });

    const rb1 = term.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 });
    expect(hex(rb1)).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    expect(card.unwrapCommand(decodeApdu(rb1))).toMatchObject({ ins: 0xb0, le: 4 });
    const r1 = card.wrapResponse(fromHex('60145F01'), 0x9000);
    expect(hex(r1)).toBe('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');
    expect(hex(term.unwrap(r1).data)).toBe('60145F01');

    const rb2 = term.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 4, le: 0x12 });
    expect(hex(rb2)).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
    card.unwrapCommand(decodeApdu(rb2));
    const r2 = card.wrapResponse(fromHex('04303130365F36063034303030305C026175'), 0x9000);
    expect(hex(r2)).toBe('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000');
    expect(hex(term.unwrap(r2).data)).toBe('04303130365F36063034303030305C026175');
    expect(hex(term.counter)).toBe('887022120C06C22C');
  });

  it('a tampered response or command is refused', () => {
    const session = { ksEnc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'), ksMac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8'), ssc: fromHex('887022120C06C226') };
    const term = new SecureMessaging(session);
    const card = new SecureMessaging(session);
    const select = term.wrap({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    const bad = Uint8Array.from(select);
    bad[8] = (bad[8] as number) ^ 1;
    expect(card.unwrapCommand(decodeApdu(bad))).toBeNull();
    const resp = Uint8Array.from(fromHex('990290008E08FA855A5D4C50A8ED9000'));
    resp[3] = 0x01;
    expect(() => term.unwrap(resp)).toThrow(/MAC/);
  });

  it('PACE password key K_pi (Appendix G, ECDH example): SHA-1 of the MRZ data, AES-128 KDF with counter 3', () => {
    const info = mrzInformation({ documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' });
    expect(info).toBe('T22000129364081251010318');
    const k = new Uint8Array(createHash('sha1').update(info, 'ascii').digest());
    expect(hex(k)).toBe('7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD');
    expect(hex(deriveKey(k, 3, 'AES-128'))).toBe('89DED1B26624EC1E634C1989302849DD');
  });

  it('retail MAC needs a padded input', () => {
    expect(() => retailMac(new Uint8Array(16), new Uint8Array(5))).toThrow();
    expect(pad(new Uint8Array(8)).length).toBe(16);
  });
});
