/**
 * The ticket font: Be Vietnam Pro (SIL OFL), bundled from npm (@fontsource/be-vietnam-pro).
 * Fontsource ships subsets; the `latin` and `vietnamese` subsets together cover every Vietnamese
 * letter (precomposed U+1EA0–1EF9, ơ/ư/đ/ă/ĩ/ũ and the combining marks). Both are registered under
 * one family name per weight, and @napi-rs/canvas (Skia) picks the face that has each glyph.
 * @napi-rs/canvas reads WOFF2 directly, so no TTF conversion is needed.
 */
import { GlobalFonts } from '@napi-rs/canvas';
import { createRequire } from 'node:module';

export const TICKET_FONT_FAMILY = 'Motcua Ticket';

let registered = false;

export function ticketFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  const files: string[] = [];
  for (const weight of [400, 700]) {
    for (const subset of ['latin', 'vietnamese', 'latin-ext']) {
      files.push(require.resolve(`@fontsource/be-vietnam-pro/files/be-vietnam-pro-${subset}-${weight}-normal.woff2`));
    }
  }
  return files;
}

/** Idempotent. Throws if a font file is missing (a broken install must not print tofu). */
export function registerTicketFonts(): void {
  if (registered) return;
  for (const file of ticketFontFiles()) {
    const ok = GlobalFonts.registerFromPath(file, TICKET_FONT_FAMILY);
    if (!ok) throw new Error(`could not register ticket font ${file}`);
  }
  registered = true;
}
