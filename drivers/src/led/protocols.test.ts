import { describe, expect, it } from 'vitest';
import { addressedProtocol, checksum8, crc16Modbus, LedBusDecoder, modbusProtocol, numericPart } from './protocols';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

describe('addressed LED protocol', () => {
  it('05 03 E7 EF shows 999 on board 5', () => {
    expect(hex(addressedProtocol.encodeNumber(5, 999))).toBe('0503E7EF');
    expect(checksum8([0x05, 0x03, 0xe7])).toBe(0xef);
  });

  it('wraps the checksum at 8 bits and blanks with FFFF', () => {
    expect(hex(addressedProtocol.encodeNumber(200, 9999))).toBe('C8270FFE'); // 0xC8+0x27+0x0F = 0x1FE
    expect(hex(addressedProtocol.encodeNumber(1, null))).toBe('01FFFFFF');
    expect(() => addressedProtocol.encodeNumber(0, 1)).toThrow(RangeError);
  });

  it('text frame: 3A addr line len UTF-8 sum 0A', () => {
    const f = addressedProtocol.encodeText(9, 1, 'Số 1023');
    const text = new TextEncoder().encode('Số 1023');
    expect(f[0]).toBe(0x3a);
    expect([...f.subarray(1, 4)]).toEqual([9, 1, text.length]);
    expect(f.at(-2)).toBe(checksum8([9, 1, text.length, ...text]));
    expect(f.at(-1)).toBe(0x0a);
  });

  it('the bus decoder finds digit and text frames among garbage', () => {
    const d = new LedBusDecoder('addressed');
    const stream = Uint8Array.from([0x00, ...addressedProtocol.encodeNumber(5, 999), 0x99, 0x98, ...addressedProtocol.encodeText(9, 0, 'Mời công dân'), ...addressedProtocol.encodeNumber(3, null)]);
    const evs = [];
    for (const b of stream) evs.push(...d.push(Uint8Array.of(b)));
    expect(evs.filter((e) => e.kind !== 'garbage')).toEqual([
      { kind: 'number', address: 5, value: 999, reply: null },
      { kind: 'text', address: 9, line: 0, text: 'Mời công dân' },
      { kind: 'number', address: 3, value: null, reply: null },
    ]);
  });
  // Catches `this.buf.push(...chunk)` (RangeError on a chunk of a few hundred kilobytes).
  it('the bus decoder takes a 1 MB chunk in one push', () => {
    const d = new LedBusDecoder('addressed');
    const frame = addressedProtocol.encodeNumber(5, 42);
    const chunk = new Uint8Array(1024 * 1024);
    chunk.set(frame, chunk.length - frame.length);
    const evs = d.push(chunk);
    expect(evs.filter((e) => e.kind !== 'garbage')).toEqual([{ kind: 'number', address: 5, value: 42, reply: null }]);
  });
});

describe('Modbus RTU digit module', () => {
  it('CRC16/Modbus of the textbook frame 01 06 00 00 00 01 is 48 0A (low byte first)', () => {
    const crc = crc16Modbus([0x01, 0x06, 0x00, 0x00, 0x00, 0x01]);
    expect([crc & 0xff, crc >> 8]).toEqual([0x48, 0x0a]);
    expect(hex(modbusProtocol.encodeNumber(1, 1))).toBe('010600000001480A');
  });

  it('writes the value to register 0 and accepts only the exact echo', () => {
    const req = modbusProtocol.encodeNumber(2, 1023);
    expect(hex(req.subarray(0, 6))).toBe('0206000003FF');
    expect(modbusProtocol.checkReply(req, Uint8Array.from(req))).toBe(true);
    const bad = Uint8Array.from(req);
    bad[5] = 0;
    expect(modbusProtocol.checkReply(req, bad)).toBe(false);
    expect(() => modbusProtocol.encodeText(1, 0, 'x')).toThrow();
  });

  it('the module side decodes requests with a valid CRC only', () => {
    const d = new LedBusDecoder('modbus');
    const req = modbusProtocol.encodeNumber(4, 42);
    const corrupt = Uint8Array.from(req);
    corrupt[4]! ^= 1;
    const evs = d.push(Uint8Array.from([...corrupt, ...req]));
    expect(evs.filter((e) => e.kind === 'number')).toEqual([{ kind: 'number', address: 4, value: 42, reply: req }]);
  });
});

describe('numericPart', () => {
  it('keeps the digits of a ticket number', () => {
    expect(numericPart('1023')).toBe(1023);
    expect(numericPart('A023')).toBe(23);
    expect(numericPart('AB')).toBeNull();
  });
});
