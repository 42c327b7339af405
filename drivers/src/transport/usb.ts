/// <reference types="w3c-web-usb" />
/**
 * Raw USB printer-class transport through the `usb` package (WebUSB-style API): claims the first
 * interface of class 7 (printer), writes to its bulk OUT endpoint and reads status from its bulk
 * IN endpoint (present on bidirectional printers, protocol 2). On Linux the usblp kernel driver
 * is detached first. Unplugging makes transfers fail → `disconnected`.
 */
import { DeviceError, toDeviceError, type DeviceClass } from '../errors';
import { BufferedTransport } from './transport';

export const USB_CLASS_PRINTER = 7;

/** The part of a WebUSB device this transport uses (lets tests pass a fake). */
export interface UsbPrinterDevice {
  vendorId: number;
  productId: number;
  productName?: string | null | undefined;
  manufacturerName?: string | null | undefined;
  serialNumber?: string | null | undefined;
  configuration: USBConfiguration | null | undefined;
  open(): Promise<void>;
  close(): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  transferOut(endpoint: number, data: Uint8Array): Promise<USBOutTransferResult>;
  transferIn(endpoint: number, length: number): Promise<USBInTransferResult>;
  detachKernelDriver?(n: number): Promise<void>;
}

export interface PrinterEndpoints {
  interfaceNumber: number;
  out: { endpointNumber: number; packetSize: number };
  in: { endpointNumber: number; packetSize: number } | null;
}

/** Pure: picks the printer-class interface and its bulk endpoints, or null if there is none. */
export function findPrinterEndpoints(configuration: Pick<USBConfiguration, 'interfaces'> | null | undefined): PrinterEndpoints | null {
  for (const iface of configuration?.interfaces ?? []) {
    const alt = iface.alternate;
    if (alt.interfaceClass !== USB_CLASS_PRINTER) continue;
    const bulkOut = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
    if (!bulkOut) continue;
    const bulkIn = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
    return {
      interfaceNumber: iface.interfaceNumber,
      out: { endpointNumber: bulkOut.endpointNumber, packetSize: bulkOut.packetSize },
      in: bulkIn ? { endpointNumber: bulkIn.endpointNumber, packetSize: bulkIn.packetSize } : null,
    };
  }
  return null;
}

export interface UsbSelector {
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
}

export function matchesSelector(d: Pick<UsbPrinterDevice, 'vendorId' | 'productId' | 'serialNumber'>, s: UsbSelector): boolean {
  return (s.vendorId === undefined || d.vendorId === s.vendorId) && (s.productId === undefined || d.productId === s.productId) && (s.serialNumber === undefined || d.serialNumber === s.serialNumber);
}

/** Lists attached USB devices that have a printer-class interface. */
export async function listUsbPrinters(): Promise<UsbPrinterDevice[]> {
  const { usb } = await import('usb');
  const devices = (await usb.getDevices()) as unknown as UsbPrinterDevice[];
  return devices.filter((d) => findPrinterEndpoints(d.configuration) !== null);
}

export class UsbTransport extends BufferedTransport {
  readonly description: string;
  private dev: UsbPrinterDevice | null = null;
  private eps: PrinterEndpoints | null = null;
  private reading = false;

  constructor(
    device: DeviceClass,
    private readonly selector: UsbSelector,
    /** Injected device lookup (tests); defaults to the `usb` package. */
    private readonly findDevices: () => Promise<UsbPrinterDevice[]> = listUsbPrinters,
  ) {
    super(device);
    const hex = (n: number | undefined): string => (n === undefined ? '*' : n.toString(16).padStart(4, '0'));
    this.description = `usb:${hex(selector.vendorId)}:${hex(selector.productId)}${selector.serialNumber ? `:${selector.serialNumber}` : ''}`;
  }

  protected async doOpen(): Promise<void> {
    let devices: UsbPrinterDevice[];
    try {
      devices = await this.findDevices();
    } catch (e) {
      throw new DeviceError(this.device, 'not_found', `USB unavailable: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const dev = devices.find((d) => matchesSelector(d, this.selector));
    if (!dev) throw new DeviceError(this.device, 'not_found', `${this.description}: no such USB printer`);
    try {
      await dev.open();
      const eps = findPrinterEndpoints(dev.configuration);
      if (!eps) throw new DeviceError(this.device, 'unsupported', `${this.description}: no printer-class bulk OUT endpoint`);
      await dev.detachKernelDriver?.(eps.interfaceNumber).catch(() => {}); // not attached, or not Linux
      await dev.claimInterface(eps.interfaceNumber);
      this.dev = dev;
      this.eps = eps;
    } catch (e) {
      await dev.close().catch(() => {});
      throw toDeviceError(this.device, e);
    }
  }

  protected async doWrite(data: Uint8Array): Promise<void> {
    const dev = this.dev;
    const eps = this.eps;
    if (!dev || !eps) throw new DeviceError(this.device, 'disconnected', this.description);
    try {
      const r = await dev.transferOut(eps.out.endpointNumber, data);
      if (r.status !== 'ok' || r.bytesWritten !== data.length) throw new DeviceError(this.device, 'io', `${this.description}: transfer ${r.status}, ${r.bytesWritten}/${data.length} bytes`);
    } catch (e) {
      const err = toDeviceError(this.device, e);
      if (err.code !== 'io') this.fail(err);
      throw err;
    }
  }

  protected override onReadWaiting(): void {
    if (this.reading) return;
    this.reading = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      while (this.readPending && this.dev && this.eps) {
        if (!this.eps.in) {
          // Unidirectional printer: no status can arrive; the pending read times out.
          return;
        }
        const r = await this.dev.transferIn(this.eps.in.endpointNumber, this.eps.in.packetSize || 64);
        if (r.data && r.data.byteLength > 0) this.received(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
        else await new Promise((res) => setTimeout(res, 10));
      }
    } catch (e) {
      this.fail(toDeviceError(this.device, e));
    } finally {
      this.reading = false;
    }
  }

  private fail(err: DeviceError): void {
    const dev = this.dev;
    this.dev = null;
    this.eps = null;
    void dev?.close().catch(() => {});
    this.closed(`${this.description}: ${err.message}`, err);
  }

  protected async doClose(): Promise<void> {
    const dev = this.dev;
    const eps = this.eps;
    this.dev = null;
    this.eps = null;
    if (!dev) return;
    if (eps) await dev.releaseInterface(eps.interfaceNumber).catch(() => {});
    await dev.close();
  }
}
