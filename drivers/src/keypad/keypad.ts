/**
 * Call keypad on RS-485/RS-232 with the vendor frame of serial/vendor-frame.ts.
 *
 * Keypad → host: CMD 'K' (0x4B), DATA [key code]:
 *   01 call_next · 02 recall · 03 start · 04 finish · 05 no_show · 06 hold · 07 pause · 08 resume
 * Host → keypad: CMD 'D' (0x44), DATA = ASCII text for its small display (≤ 8 chars);
 *   CMD 'A' (0x41), DATA [key code] acknowledges a key (the keypad beeps).
 */
import type { KeypadKey } from '@motcua/shared';
import type { Logger } from 'pino';
import { componentLogger } from '../logger';
import { SerialPeripheral, type HealthReport } from '../peripheral';
import { encodeVendorFrame, VendorFrameParser } from '../serial/vendor-frame';
import type { ByteTransport } from '../transport/transport';

export type { KeypadKey };

export const KEY_CODES: Record<KeypadKey, number> = { call_next: 1, recall: 2, start: 3, finish: 4, no_show: 5, hold: 6, pause: 7, resume: 8 };
const KEY_BY_CODE = new Map<number, KeypadKey>(Object.entries(KEY_CODES).map(([k, v]) => [v, k as KeypadKey]));
export const CMD_KEY = 0x4b;
export const CMD_DISPLAY = 0x44;
export const CMD_ACK = 0x41;

export interface KeyEvent {
  key: KeypadKey;
  address: number;
  at: number;
}

/**
 * A counter's call keypad.
 * - One `key` event per valid key frame from the configured address (others on the bus are
 *   ignored). Garbage and corrupted frames are skipped (logged), never surfaced as keys.
 * - `showText` sends to the keypad display; rejects `disconnected` when the port is down.
 * - Reconnects by itself after an unplug (see SerialPeripheral).
 */
export interface CallKeypad {
  readonly name: string;
  start(): Promise<void>;
  onKey(listener: (e: KeyEvent) => void): () => void;
  showText(text: string): Promise<void>;
  onHealth(listener: (h: HealthReport) => void): () => void;
  health(): HealthReport;
  close(): Promise<void>;
}

export function decodeKey(cmd: number, data: Uint8Array): KeypadKey | null {
  return cmd === CMD_KEY && data.length === 1 ? (KEY_BY_CODE.get(data[0]!) ?? null) : null;
}

export class SerialKeypad extends SerialPeripheral<{ key: KeyEvent }> implements CallKeypad {
  private readonly parser = new VendorFrameParser();
  private readonly address: number;
  private lastText: string | null = null;

  constructor(opts: { name?: string; transport: ByteTransport; address?: number; reconnectMs?: number; logger?: Logger }) {
    const name = opts.name ?? 'keypad';
    super(name, 'keypad', opts.transport, componentLogger('driver:keypad', opts.logger).child({ keypad: name, port: opts.transport.description }), opts.reconnectMs ?? 3000);
    this.address = opts.address ?? 1;
  }

  onKey(listener: (e: KeyEvent) => void): () => void {
    return this.events.on('key', listener);
  }

  protected onBytes(chunk: Uint8Array, now: number): void {
    const { frames, garbage } = this.parser.push(chunk);
    if (garbage) this.log.warn({ garbage }, 'skipped garbage bytes on keypad line');
    for (const f of frames) {
      if (f.addr !== this.address) continue;
      const key = decodeKey(f.cmd, f.data);
      if (!key) {
        this.log.warn({ cmd: f.cmd, data: [...f.data] }, 'unknown keypad frame');
        continue;
      }
      this.events.emit('key', { key, address: f.addr, at: now }, (e) => this.log.error({ err: e }, 'key listener failed'));
      void this.send(encodeVendorFrame({ addr: this.address, cmd: CMD_ACK, data: Uint8Array.of(KEY_CODES[key]) })).catch(() => {});
    }
  }

  async showText(text: string): Promise<void> {
    this.lastText = text;
    // The keypad display is ASCII only: strip diacritics.
    const ascii = text.normalize('NFD').replace(/[^\x20-\x7e]/g, '').slice(0, 8);
    await this.send(encodeVendorFrame({ addr: this.address, cmd: CMD_DISPLAY, data: new TextEncoder().encode(ascii) }));
  }

  protected override async onOpened(): Promise<void> {
    if (this.lastText !== null) await this.showText(this.lastText).catch(() => {});
  }
}
