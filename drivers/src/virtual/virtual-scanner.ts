import { VirtualSerialDevice } from './virtual-serial';

/** A scanner in USB-CDC mode: `scan(text)` types the code down the line with its suffix. */
export class VirtualScanner extends VirtualSerialDevice {
  constructor() {
    super('scanner');
  }

  protected onData(): void {}

  /** `suffix` as configured on the scanner; 'none' relies on the driver's inter-character timeout. */
  async scan(text: string, suffix: '\r' | '\n' | '\r\n' | 'none' = '\r\n', opts: { chunkSize?: number; gapMs?: number } = {}): Promise<void> {
    const bytes = new TextEncoder().encode(text + (suffix === 'none' ? '' : suffix));
    const size = opts.chunkSize ?? bytes.length;
    for (let i = 0; i < bytes.length; i += size) {
      await this.writeRaw(bytes.subarray(i, i + size));
      if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
    }
  }
}
