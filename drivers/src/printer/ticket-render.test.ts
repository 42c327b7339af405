import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { bitmapToRgba } from './bitmap';
import { registerTicketFonts, TICKET_FONT_FAMILY } from './fonts';
import { sampleTicket } from './sample-ticket';
import { formatIssuedAt, renderTicket } from './ticket-render';

describe('ticket renderer', () => {
  it.each([576, 384] as const)('renders at %i dots with a readable QR of the status URL', (widthDots) => {
    const t = sampleTicket(3);
    const img = renderTicket(t, { widthDots });
    expect(img.width).toBe(widthDots);
    expect(img.bytesPerRow).toBe(widthDots / 8);
    expect(img.height).toBeGreaterThan(500);
    expect(jsQR(bitmapToRgba(img), img.width, img.height)?.data).toBe(t.statusUrl);
  });

  it('is deterministic: same ticket, same bitmap', () => {
    expect(renderTicket(sampleTicket(5), { widthDots: 576 }).data).toEqual(renderTicket(sampleTicket(5), { widthDots: 576 }).data);
  });

  it('prints the issue time in the centre time zone', () => {
    expect(formatIssuedAt(Date.UTC(2026, 10, 12, 17, 5), 'Asia/Ho_Chi_Minh')).toBe('00:05 · 13/11/2026');
  });

  it('the bundled font draws Vietnamese letters itself (no fallback to a system font)', () => {
    registerTicketFonts();
    const draw = (family: string, text: string): Uint8ClampedArray => {
      const c = createCanvas(200, 60).getContext('2d');
      c.font = `40px "${family}"`;
      c.fillText(text, 5, 45);
      return c.getImageData(0, 0, 200, 60).data;
    };
    for (const ch of ['Ữ', 'ặ', 'ơ', 'Đ', 'ỹ']) {
      const ours = draw(TICKET_FONT_FAMILY, ch);
      expect(ours.some((v, i) => i % 4 === 3 && v > 0)).toBe(true);
      // Where a system font is installed, our glyphs must differ from its (i.e. no fallback).
      if (GlobalFonts.has('DejaVu Sans')) expect(ours).not.toEqual(draw('DejaVu Sans', ch));
    }
  });
});
