import { describe, expect, it } from 'vitest';
import { DeviceError } from '../errors';
import { findPrinterEndpoints, matchesSelector, UsbTransport, type UsbPrinterDevice } from './usb';

const ep = (endpointNumber: number, direction: 'in' | 'out', type: 'bulk' | 'interrupt' = 'bulk') => ({ endpointNumber, direction, type, packetSize: 64 }) as USBEndpoint;
const iface = (interfaceNumber: number, interfaceClass: number, endpoints: USBEndpoint[]) =>
  ({ interfaceNumber, claimed: false, alternate: { alternateSetting: 0, interfaceClass, interfaceSubclass: 1, interfaceProtocol: 2, interfaceName: null, endpoints }, alternates: [] }) as unknown as USBInterface;

function fakePrinter(opts: { withIn?: boolean; statusReply?: number[] } = {}): UsbPrinterDevice & { written: Uint8Array[]; claimed: number[] } {
  const replies = [...(opts.statusReply ?? [])];
  const dev = {
    vendorId: 0x0416,
    productId: 0x5011,
    serialNumber: 'ABC',
    written: [] as Uint8Array[],
    claimed: [] as number[],
    configuration: { configurationValue: 1, configurationName: null, interfaces: [iface(0, 3, [ep(1, 'in', 'interrupt')]), iface(1, 7, [ep(2, 'out'), ...(opts.withIn === false ? [] : [ep(3, 'in')])])] } as unknown as USBConfiguration,
    open: () => Promise.resolve(),
    close: () => Promise.resolve(),
    claimInterface: (n: number) => (dev.claimed.push(n), Promise.resolve()),
    releaseInterface: () => Promise.resolve(),
    transferOut: (endpoint: number, data: Uint8Array) => {
      expect(endpoint).toBe(2);
      dev.written.push(Uint8Array.from(data));
      return Promise.resolve({ status: 'ok', bytesWritten: data.length } as USBOutTransferResult);
    },
    transferIn: (endpoint: number) => {
      expect(endpoint).toBe(3);
      const b = replies.shift();
      return Promise.resolve({ status: 'ok', data: b === undefined ? new DataView(new ArrayBuffer(0)) : new DataView(Uint8Array.of(b).buffer) } as USBInTransferResult);
    },
  };
  return dev;
}

describe('USB printer-class endpoint selection', () => {
  it('picks the class-7 interface and its bulk OUT/IN endpoints', () => {
    expect(findPrinterEndpoints(fakePrinter().configuration)).toEqual({ interfaceNumber: 1, out: { endpointNumber: 2, packetSize: 64 }, in: { endpointNumber: 3, packetSize: 64 } });
    expect(findPrinterEndpoints(fakePrinter({ withIn: false }).configuration)?.in).toBeNull();
    expect(findPrinterEndpoints({ interfaces: [iface(0, 3, [ep(1, 'out')])] })).toBeNull();
    expect(findPrinterEndpoints(null)).toBeNull();
  });

  it('matches selectors by vendor, product and serial', () => {
    const d = fakePrinter();
    expect(matchesSelector(d, {})).toBe(true);
    expect(matchesSelector(d, { vendorId: 0x0416, productId: 0x5011 })).toBe(true);
    expect(matchesSelector(d, { vendorId: 0x04b8 })).toBe(false);
    expect(matchesSelector(d, { serialNumber: 'XYZ' })).toBe(false);
  });
});

describe('UsbTransport (fake device)', () => {
  it('claims the printer interface, writes to bulk OUT and reads status from bulk IN', async () => {
    const dev = fakePrinter({ statusReply: [0x12] });
    const t = new UsbTransport('printer', { vendorId: 0x0416 }, () => Promise.resolve([dev]));
    await t.open();
    expect(dev.claimed).toEqual([1]);
    await t.write(Uint8Array.of(0x10, 0x04, 0x01));
    expect([...dev.written[0]!]).toEqual([0x10, 0x04, 0x01]);
    expect([...(await t.read(1, 500))]).toEqual([0x12]);
    await t.close();
  });

  it('no matching device → not_found; a one-way printer times out status reads', async () => {
    const missing = new UsbTransport('printer', { vendorId: 0x1234 }, () => Promise.resolve([fakePrinter()]));
    const err = await missing.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceError);
    expect((err as DeviceError).code).toBe('not_found');
    const oneWay = new UsbTransport('printer', {}, () => Promise.resolve([fakePrinter({ withIn: false })]));
    await oneWay.open();
    await expect(oneWay.read(1, 50)).rejects.toMatchObject({ code: 'timeout' });
    await oneWay.close();
  });
});
