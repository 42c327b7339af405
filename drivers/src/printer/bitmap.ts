/**
 * A 1-bit image as thermal printers take it: rows of `bytesPerRow` bytes, most significant bit is
 * the leftmost dot, 1 = black (burned). `width` is in dots; padding bits at the row end are 0.
 */
export interface MonoBitmap {
  width: number;
  height: number;
  bytesPerRow: number;
  data: Uint8Array;
}

export function createBitmap(width: number, height: number): MonoBitmap {
  const bytesPerRow = Math.ceil(width / 8);
  return { width, height, bytesPerRow, data: new Uint8Array(bytesPerRow * height) };
}

export function getDot(b: MonoBitmap, x: number, y: number): boolean {
  return ((b.data[y * b.bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

/** Packs RGBA pixels (e.g. canvas ImageData) to 1 bit: dark (luma < threshold) and opaque → black. */
export function packRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, threshold = 128): MonoBitmap {
  const b = createBitmap(width, height);
  const t = threshold * 1000;
  for (let y = 0; y < height; y++) {
    const rowOut = y * b.bytesPerRow;
    const rowIn = y * width * 4;
    for (let x = 0; x < width; x++) {
      const i = rowIn + x * 4;
      const a = rgba[i + 3] ?? 0;
      // Composite over white: transparent is paper.
      const luma = (299 * (rgba[i] ?? 0) + 587 * (rgba[i + 1] ?? 0) + 114 * (rgba[i + 2] ?? 0)) * (a / 255) + 255000 * (1 - a / 255);
      if (luma < t) b.data[rowOut + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return b;
}

/** Stacks bitmaps vertically (widths may differ: the result is as wide as the widest). */
export function stackBitmaps(parts: MonoBitmap[]): MonoBitmap {
  const width = Math.max(0, ...parts.map((p) => p.width));
  const out = createBitmap(width, parts.reduce((s, p) => s + p.height, 0));
  let y = 0;
  for (const p of parts) {
    for (let r = 0; r < p.height; r++) out.data.set(p.data.subarray(r * p.bytesPerRow, (r + 1) * p.bytesPerRow), (y + r) * out.bytesPerRow);
    y += p.height;
  }
  return out;
}

/** RGBA (black on white), for PNG output and QR decoding. */
export function bitmapToRgba(b: MonoBitmap): Uint8ClampedArray {
  const out = new Uint8ClampedArray(b.width * b.height * 4);
  for (let y = 0; y < b.height; y++) {
    for (let x = 0; x < b.width; x++) {
      const v = getDot(b, x, y) ? 0 : 255;
      const i = (y * b.width + x) * 4;
      out[i] = v;
      out[i + 1] = v;
      out[i + 2] = v;
      out[i + 3] = 255;
    }
  }
  return out;
}
