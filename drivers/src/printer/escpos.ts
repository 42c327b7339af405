/**
 * ESC/POS encoder: the handful of commands a raster ticket needs, as pure functions returning
 * bytes. Written by hand rather than taken from node-thermal-printer because that library sends
 * one unbanded `GS v 0` for the whole image (printers with small receive buffers drop or garble
 * tall images) and needs a PNG round trip; this is ~60 lines and tested byte for byte.
 */
import type { MonoBitmap } from './bitmap';

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

/** ESC @ — reset modes (not the buffer). */
export const initialize = (): Uint8Array => Uint8Array.of(ESC, 0x40);

/** ESC a n — 0 left, 1 centre, 2 right. */
export const align = (n: 0 | 1 | 2): Uint8Array => Uint8Array.of(ESC, 0x61, n);

/** ESC d n — print and feed n lines. */
export const feedLines = (n: number): Uint8Array => Uint8Array.of(ESC, 0x64, clampByte(n));

/** GS V 66 n — feed n dots then cut (partial when the printer has only one knife mode). */
export const cut = (opts: { partial?: boolean; feedDots?: number } = {}): Uint8Array =>
  Uint8Array.of(GS, 0x56, opts.partial === false ? 65 : 66, clampByte(opts.feedDots ?? 0));

/** DLE EOT n — real-time status: 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor. */
export const statusQuery = (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(DLE, EOT, n);

function clampByte(n: number): number {
  return Math.max(0, Math.min(255, Math.round(n)));
}

/** Default band height: 128 rows × 72 bytes ≈ 9 KiB, below every receive buffer seen in the field. */
export const DEFAULT_BAND_ROWS = 128;

/**
 * `GS v 0 m xL xH yL yH d1…dk` for each horizontal band of the image (m = 0: normal density).
 * Bands are printed back to back with no gap, so the result is the same as one tall image.
 */
export function rasterBands(img: MonoBitmap, bandRows: number = DEFAULT_BAND_ROWS): Uint8Array[] {
  if (img.bytesPerRow > 0xffff || bandRows < 1 || bandRows > 0xffff) throw new RangeError('raster too wide or band out of range');
  const bands: Uint8Array[] = [];
  for (let y = 0; y < img.height; y += bandRows) {
    const rows = Math.min(bandRows, img.height - y);
    const head = Uint8Array.of(GS, 0x76, 0x30, 0, img.bytesPerRow & 0xff, img.bytesPerRow >> 8, rows & 0xff, rows >> 8);
    const band = new Uint8Array(head.length + rows * img.bytesPerRow);
    band.set(head, 0);
    band.set(img.data.subarray(y * img.bytesPerRow, (y + rows) * img.bytesPerRow), head.length);
    bands.push(band);
  }
  return bands;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A whole ticket job: reset, centred banded raster, feed past the cutter, cut. */
export function encodeRasterJob(img: MonoBitmap, opts: { bandRows?: number; feedLinesBeforeCut?: number; cut?: boolean } = {}): Uint8Array {
  const parts = [initialize(), align(1), ...rasterBands(img, opts.bandRows), feedLines(opts.feedLinesBeforeCut ?? 4)];
  if (opts.cut !== false) parts.push(cut());
  return concatBytes(parts);
}
