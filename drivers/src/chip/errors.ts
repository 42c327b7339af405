/**
 * Typed failures of a chip read. Every error the chip reader reports is a `ChipError` with a
 * closed `code`, a Vietnamese message for the kiosk screen and a flag saying whether the kiosk
 * should offer the QR path instead (it always may; `fallbackToQr` says it should right away).
 */
import { CHIP_ERROR_CODES, type ChipErrorCode } from '@motcua/shared';
import { say } from '../i18n';

// One list of codes for the driver and the wire (shared/src/protocol.ts).
export { CHIP_ERROR_CODES, type ChipErrorCode };

const MESSAGES: Record<ChipErrorCode, { vi: string; en: string; fallbackToQr: boolean }> = {
  pcsc_unavailable: { ...say.both('chip.pcsc_unavailable'), fallbackToQr: true },
  no_reader: { ...say.both('chip.no_reader'), fallbackToQr: true },
  reader_unplugged: { ...say.both('chip.reader_unplugged'), fallbackToQr: true },
  no_card: { ...say.both('chip.no_card'), fallbackToQr: true },
  canceled: { ...say.both('chip.canceled'), fallbackToQr: false },
  card_removed: { ...say.both('chip.card_removed'), fallbackToQr: false },
  not_cccd: { ...say.both('chip.not_cccd'), fallbackToQr: true },
  access_denied: { ...say.both('chip.access_denied'), fallbackToQr: true },
  secure_messaging: { ...say.both('chip.secure_messaging'), fallbackToQr: false },
  bad_data: { ...say.both('chip.bad_data'), fallbackToQr: true },
  inconsistent_data: { ...say.both('chip.inconsistent_data'), fallbackToQr: true },
  passive_auth_failed: { ...say.both('chip.passive_auth_failed'), fallbackToQr: true },
  io: { ...say.both('chip.io'), fallbackToQr: false },
};

export class ChipError extends Error {
  override readonly name = 'ChipError';
  readonly code: ChipErrorCode;
  readonly messageVi: string;
  readonly fallbackToQr: boolean;

  constructor(code: ChipErrorCode, detail?: string, options?: { cause?: unknown }) {
    const m = MESSAGES[code];
    super(detail ? `${m.en} (${detail})` : m.en, options);
    this.code = code;
    this.messageVi = m.vi;
    this.fallbackToQr = m.fallbackToQr;
  }
}

export function isChipError(e: unknown): e is ChipError {
  return e instanceof ChipError;
}
