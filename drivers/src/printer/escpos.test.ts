import { describe, expect, it } from 'vitest';
import { createBitmap, getDot, packRgba, stackBitmaps } from './bitmap';
import { align, cut, encodeRasterJob, feedLines, initialize, rasterBands, statusQuery } from './escpos';
import { EscPosDecoder } from './escpos-decoder';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ESC/POS encoder', () => {
  it('encodes the fixed commands byte for byte', () => {
    expect(hex(initialize())).toBe('1b40');
    expect(hex(align(1))).toBe('1b6101');
    expect(hex(feedLines(4))).toBe('1b6404');
    expect(hex(feedLines(999))).toBe('1b64ff');
    expect(hex(cut())).toBe('1d564200');
    expect(hex(cut({ partial: false, feedDots: 10 }))).toBe('1d56410a');
    expect(hex(statusQuery(1))).toBe('100401');
    expect(hex(statusQuery(4))).toBe('100404');
  });

  it('bands a raster with GS v 0 headers carrying bytes per row and rows (little endian)', () => {
    const img = createBitmap(576, 300); // 72 bytes per row
    img.data.fill(0xaa);
    const bands = rasterBands(img, 128);
    expect(bands).toHaveLength(3);
    expect(hex(bands[0]!.subarray(0, 8))).toBe('1d76300048008000'); // 72 bytes, 128 rows
    expect(hex(bands[2]!.subarray(0, 8))).toBe('1d76300048002c00'); // 300 - 256 = 44 rows
    expect(bands[0]!.length).toBe(8 + 72 * 128);
    expect(bands.reduce((s, b) => s + b.length - 8, 0)).toBe(72 * 300);
  });

  it('encodes widths above 255 bytes per row and heights above 255 rows with a high byte', () => {
    const img = createBitmap(8 * 300, 2);
    expect(hex(rasterBands(img, 1000)[0]!.subarray(0, 8))).toBe('1d7630002c010200');
    const tall = createBitmap(8, 700);
    expect(hex(rasterBands(tall, 1000)[0]!.subarray(0, 8))).toBe('1d7630000100bc02');
  });

  it('a whole job starts with ESC @, ends with feed + cut, and round-trips through the decoder', () => {
    const img = createBitmap(384, 260);
    for (let y = 0; y < 260; y++) img.data[y * img.bytesPerRow + (y % 48)] = 0x80;
    const job = encodeRasterJob(img, { bandRows: 100 });
    expect(hex(job.subarray(0, 5))).toBe('1b401b6101');
    expect(hex(job.subarray(job.length - 7))).toBe('1b64041d564200');
    const events = new EscPosDecoder().push(job);
    const rasters = events.flatMap((e) => (e.type === 'raster' ? [e.image] : []));
    expect(rasters.map((r) => r.height)).toEqual([100, 100, 60]);
    const back = stackBitmaps(rasters);
    expect(back.data).toEqual(img.data);
    expect(events.at(-1)).toEqual({ type: 'cut', partial: true });
  });
});

describe('ESC/POS decoder', () => {
  it('handles any chunking, including splits inside headers and data', () => {
    const img = createBitmap(16, 3);
    img.data.set([0xff, 0x00, 0x0f, 0xf0, 0x81, 0x18]);
    const job = new Uint8Array([...encodeRasterJob(img), ...statusQuery(2)]);
    for (const size of [1, 2, 3, 7, 11]) {
      const d = new EscPosDecoder();
      const evs = [];
      for (let i = 0; i < job.length; i += size) evs.push(...d.push(job.subarray(i, i + size)));
      expect(evs.map((e) => e.type)).toEqual(['init', 'setting', 'raster', 'feed', 'cut', 'status_query']);
      const r = evs[2];
      expect(r?.type === 'raster' && [...r.image.data]).toEqual([0xff, 0x00, 0x0f, 0xf0, 0x81, 0x18]);
      expect(d.pending).toBe(0);
    }
  });

  it('decodes UTF-8 text lines and keeps going after unknown commands', () => {
    const d = new EscPosDecoder();
    const bytes = new Uint8Array([...Buffer.from('Xin chào\n'), 0x1b, 0x99, ...Buffer.from('A'), 0x1b, 0x45, 1, ...Buffer.from('B\n'), 0x07]);
    const evs = d.push(bytes);
    expect(evs.filter((e) => e.type === 'text')).toEqual([
      { type: 'text', line: 'Xin chào' },
      { type: 'text', line: 'AB' },
    ]);
    expect(evs.filter((e) => e.type === 'unknown').length).toBe(2);
  });

  it('does not wait forever for an absurd raster header', () => {
    const d = new EscPosDecoder();
    const evs = d.push(Uint8Array.of(0x1d, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0xff, 0x1b, 0x40));
    expect(evs.map((e) => e.type)).toEqual(['unknown', 'init']);
  });
});

describe('bitmap packing', () => {
  it('thresholds RGBA to 1-bit, MSB leftmost, transparent as paper', () => {
    const rgba = new Uint8ClampedArray(10 * 1 * 4);
    const set = (x: number, v: number, a = 255): void => {
      rgba.set([v, v, v, a], x * 4);
    };
    for (let x = 0; x < 10; x++) set(x, 255);
    set(0, 0);
    set(8, 30);
    set(9, 0, 0); // transparent black = paper
    const b = packRgba(rgba, 10, 1);
    expect(b.bytesPerRow).toBe(2);
    expect([...b.data]).toEqual([0x80, 0x80]);
    expect(getDot(b, 0, 0)).toBe(true);
    expect(getDot(b, 9, 0)).toBe(false);
  });
});
