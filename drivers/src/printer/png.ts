import { PNG } from 'pngjs';
import { bitmapToRgba, type MonoBitmap } from './bitmap';

export function bitmapToPng(b: MonoBitmap): Buffer {
  const png = new PNG({ width: Math.max(1, b.width), height: Math.max(1, b.height) });
  if (b.width > 0 && b.height > 0) png.data = Buffer.from(bitmapToRgba(b).buffer);
  return PNG.sync.write(png);
}

export function pngToRgba(buf: Buffer): { width: number; height: number; data: Uint8ClampedArray } {
  const png = PNG.sync.read(buf);
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}
