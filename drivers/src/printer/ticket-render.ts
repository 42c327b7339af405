/**
 * Renders a ticket to a 1-bit raster at the printer's dot width with @napi-rs/canvas and the
 * bundled font: Vietnamese first with full diacritics, English on a second, smaller line.
 * Pure apart from the font registration: same data → same bitmap.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { formatClock, HUB_TIME_ZONE, type TicketPrintData } from '@motcua/shared';
import QRCode from 'qrcode';
import { packRgba, type MonoBitmap } from './bitmap';
import { registerTicketFonts, TICKET_FONT_FAMILY } from './fonts';
import { say } from '../i18n';

export type PaperWidthDots = 384 | 576;

export interface RenderTicketOptions {
  /** 576 dots for 80 mm paper, 384 for 58 mm. */
  widthDots: PaperWidthDots;
  /** Time zone the issue time is printed in (the centre's). */
  timeZone?: string;
}

type Op =
  | { kind: 'text'; text: string; size: number; bold: boolean; gapAfter: number }
  | { kind: 'rule'; gapAfter: number }
  | { kind: 'inverse'; text: string; size: number; gapAfter: number }
  | { kind: 'qr'; modules: { size: number; get(r: number, c: number): number }; scale: number; gapAfter: number };

const font = (size: number, bold: boolean): string => `${bold ? 'bold ' : ''}${size}px "${TICKET_FONT_FAMILY}"`;

function wrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const words = text.normalize('NFC').split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const candidate = line ? `${line} ${w}` : w;
    if (line && ctx.measureText(candidate).width > maxWidth) {
      lines.push(line);
      line = w;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** "08:05 · 12/11/2026" in the given zone. */
export function formatIssuedAt(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(epochMs));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('hour')}:${get('minute')} · ${get('day')}/${get('month')}/${get('year')}`;
}

export function renderTicketCanvas(t: TicketPrintData, opts: RenderTicketOptions): { width: number; height: number; rgba: Uint8ClampedArray } {
  registerTicketFonts();
  const W = opts.widthDots;
  const k = W / 576; // scale everything from the 80 mm design
  const px = (n: number): number => Math.max(8, Math.round(n * k));
  // Font sizes do not shrink below what a 203 dpi head prints legibly (thin strokes vanish).
  const fs = (n: number): number => Math.max(15, Math.round(n * k));
  const margin = px(16);
  const maxText = W - 2 * margin;
  const measure = createCanvas(W, 10).getContext('2d');
  const ops: Op[] = [];
  const text = (s: string, size: number, bold = false, gapAfter = px(4)): void => {
    measure.font = font(size, bold);
    const lines = wrap(measure, s, maxText);
    lines.forEach((l, i) => ops.push({ kind: 'text', text: l, size, bold, gapAfter: i === lines.length - 1 ? gapAfter : 0 }));
  };

  text(t.centreName.vi.toUpperCase(), fs(26), true, px(2));
  text(t.centreName.en, fs(18), false, px(10));
  ops.push({ kind: 'rule', gapAfter: px(10) });
  text(`${say('vi', 'ticketHeading')} · ${say('en', 'ticketHeading')}`, fs(22), true, 0);
  text(t.number, px(t.number.length > 5 ? 110 : 150), true, px(4));
  text(t.serviceName.vi, fs(28), true, px(2));
  text(t.serviceName.en, fs(20), false, px(10));
  const zone = opts.timeZone ?? HUB_TIME_ZONE;
  if (t.appointmentAt !== null) {
    const at = formatClock(t.appointmentAt, zone);
    const label = t.bookedOnline ? 'ticketBookedOnline' : 'ticketAppointment';
    ops.push({ kind: 'inverse', text: `${say('vi', label, { time: at })} · ${say('en', label, { time: at })}`, size: fs(22), gapAfter: px(10) });
  }
  if (t.priority) ops.push({ kind: 'inverse', text: `${say('vi', 'ticketPriority', { group: t.priority.vi })} · ${say('en', 'ticketPriority', { group: t.priority.en })}`, size: fs(20), gapAfter: px(10) });
  text(say('vi', 'ticketPeopleAhead', { n: t.peopleAhead }), fs(24), true, px(2));
  text(say('en', 'ticketPeopleAhead', { n: t.peopleAhead }), fs(18), false, px(6));
  // Worded by the hub with the one formatter the screens use (shared place-and-wait.ts).
  text(say('vi', 'ticketEstimatedWait', { wait: t.wait.vi }), fs(24), true, px(2));
  text(say('en', 'ticketEstimatedWait', { wait: t.wait.en }), fs(18), false, px(10));
  if (t.counterNumbers.length > 0) {
    const list = t.counterNumbers.join(', ');
    text(say('vi', 'ticketCounters', { n: t.counterNumbers.length, list }), fs(24), true, px(2));
    text(say('en', 'ticketCounters', { n: t.counterNumbers.length, list }), fs(18), false, px(10));
  }
  const qr = QRCode.create(t.statusUrl, { errorCorrectionLevel: 'M' });
  const scale = Math.max(3, Math.floor(Math.min(px(220), W - 2 * margin) / (qr.modules.size + 8)));
  ops.push({ kind: 'qr', modules: qr.modules, scale, gapAfter: px(4) });
  text(say('vi', 'ticketScanToFollow'), fs(20), false, 0);
  text(say('en', 'ticketScanToFollow'), fs(16), false, px(8));
  text(formatIssuedAt(t.issuedAt, zone), fs(22), true, px(8));
  ops.push({ kind: 'rule', gapAfter: px(8) });
  text(t.footer.vi, fs(20), false, px(2));
  text(t.footer.en, fs(16), false, px(8));

  const lineHeight = (size: number): number => Math.round(size * 1.3);
  const heightOf = (op: Op): number =>
    op.kind === 'text' ? lineHeight(op.size) : op.kind === 'rule' ? 3 : op.kind === 'inverse' ? lineHeight(op.size) + 8 : (op.modules.size + 8) * op.scale;
  const height = margin + ops.reduce((s, op) => s + heightOf(op) + op.gapAfter, 0);

  const canvas = createCanvas(W, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, height);
  ctx.fillStyle = '#000';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  let y = margin;
  for (const op of ops) {
    const h = heightOf(op);
    if (op.kind === 'text') {
      ctx.font = font(op.size, op.bold);
      ctx.fillText(op.text, W / 2, y + Math.round(op.size * 1.05), maxText);
    } else if (op.kind === 'rule') {
      ctx.fillRect(margin, y, maxText, 2);
    } else if (op.kind === 'inverse') {
      ctx.fillRect(margin, y, maxText, h);
      ctx.fillStyle = '#fff';
      ctx.font = font(op.size, true);
      ctx.fillText(op.text, W / 2, y + 4 + Math.round(op.size * 1.05), maxText - 8);
      ctx.fillStyle = '#000';
    } else {
      const n = op.modules.size;
      const x0 = Math.round((W - (n + 8) * op.scale) / 2) + 4 * op.scale; // 4-module quiet zone
      const y0 = y + 4 * op.scale;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (op.modules.get(r, c)) ctx.fillRect(x0 + c * op.scale, y0 + r * op.scale, op.scale, op.scale);
    }
    y += h + op.gapAfter;
  }
  const img = ctx.getImageData(0, 0, W, height);
  return { width: W, height, rgba: img.data };
}

/** The ticket as the printer's 1-bit raster. */
export function renderTicket(t: TicketPrintData, opts: RenderTicketOptions): MonoBitmap {
  const { width, height, rgba } = renderTicketCanvas(t, opts);
  // A threshold above mid-grey keeps anti-aliased thin strokes of small diacritics.
  return packRgba(rgba, width, height, 170);
}
