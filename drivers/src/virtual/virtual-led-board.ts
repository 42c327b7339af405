import { createCanvas } from '@napi-rs/canvas';
import { LedBusDecoder, type LedProtocolId } from '../led/protocols';
import { registerTicketFonts, TICKET_FONT_FAMILY } from '../printer/fonts';
import { VirtualSerialDevice } from './virtual-serial';

/**
 * Every board on an RS-485 bus at once: digit displays by address and a main text board. It
 * decodes the frames of its protocol (Modbus modules echo valid requests), keeps what each board
 * shows, and renders it as text or as a PNG (red LEDs on black).
 */
export class VirtualLedBoard extends VirtualSerialDevice {
  readonly digits = new Map<number, number | null>();
  readonly lines = new Map<number, Map<number, string>>();
  garbageBytes = 0;
  /** When true, Modbus modules do not answer (a board without power). */
  mute = false;
  private readonly decoder: LedBusDecoder;
  private changeWaiters: (() => void)[] = [];

  constructor(readonly protocol: LedProtocolId) {
    super(`led-${protocol}`);
    this.decoder = new LedBusDecoder(protocol);
  }

  protected onData(bytes: Uint8Array): void {
    for (const ev of this.decoder.push(bytes)) {
      if (ev.kind === 'garbage') this.garbageBytes += ev.bytes;
      else if (ev.kind === 'number') {
        this.digits.set(ev.address, ev.value);
        if (ev.reply && !this.mute) void this.writeRaw(ev.reply).catch(() => {});
      } else {
        let board = this.lines.get(ev.address);
        if (!board) this.lines.set(ev.address, (board = new Map<number, string>()));
        board.set(ev.line, ev.text);
      }
      const w = this.changeWaiters;
      this.changeWaiters = [];
      for (const f of w) f();
    }
  }

  /** Resolves at the next change on the bus. */
  nextChange(timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no LED change')), timeoutMs);
      this.changeWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** What a person would read: one line per board. */
  renderText(): string {
    const out: string[] = [];
    for (const [addr, v] of [...this.digits].sort((a, b) => a[0] - b[0])) out.push(`[${String(addr).padStart(3, '0')}] ${v === null ? '----' : String(v).padStart(4, ' ')}`);
    for (const [addr, board] of [...this.lines].sort((a, b) => a[0] - b[0])) {
      for (const [line, text] of [...board].sort((a, b) => a[0] - b[0])) out.push(`[${String(addr).padStart(3, '0')}:${line}] ${text}`);
    }
    return out.join('\n');
  }

  renderPng(): Buffer {
    registerTicketFonts();
    const text = this.renderText().split('\n');
    const canvas = createCanvas(640, Math.max(1, text.length) * 44 + 16);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#ff3b1f';
    ctx.font = `bold 32px "${TICKET_FONT_FAMILY}"`;
    text.forEach((l, i) => ctx.fillText(l, 12, 44 * (i + 1)));
    return canvas.toBuffer('image/png');
  }
}
