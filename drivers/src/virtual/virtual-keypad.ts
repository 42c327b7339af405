import type { KeypadKey } from '@motcua/shared';
import { CMD_ACK, CMD_DISPLAY, KEY_CODES } from '../keypad/keypad';
import { encodeVendorFrame, VendorFrameParser } from '../serial/vendor-frame';
import { VirtualSerialDevice } from './virtual-serial';

/** A call keypad: `press(key)` sends the key frame; shows what the host sends to its display. */
export class VirtualKeypad extends VirtualSerialDevice {
  /** Text on the keypad's display. */
  display = '';
  acks: number[] = [];
  private readonly parser = new VendorFrameParser();

  constructor(readonly address = 1) {
    super('keypad');
  }

  press(key: KeypadKey, address = this.address): Promise<void> {
    return this.writeRaw(encodeVendorFrame({ addr: address, cmd: 0x4b, data: Uint8Array.of(KEY_CODES[key]) }));
  }

  protected onData(bytes: Uint8Array): void {
    for (const f of this.parser.push(bytes).frames) {
      if (f.addr !== this.address) continue;
      if (f.cmd === CMD_DISPLAY) this.display = new TextDecoder().decode(f.data);
      else if (f.cmd === CMD_ACK) this.acks.push(f.data[0] ?? 0);
    }
  }
}
