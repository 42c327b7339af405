/**
 * Typed failures of a chip read. Every error the chip reader reports is a `ChipError` with a
 * closed `code`, a Vietnamese message for the kiosk screen and a flag saying whether the kiosk
 * should offer the QR path instead (it always may; `fallbackToQr` says it should right away).
 */
export const CHIP_ERROR_CODES = [
  'pcsc_unavailable',
  'no_reader',
  'reader_unplugged',
  'no_card',
  'canceled',
  'card_removed',
  'not_cccd',
  'access_denied',
  'secure_messaging',
  'bad_data',
  'inconsistent_data',
  'passive_auth_failed',
  'io',
] as const;
export type ChipErrorCode = (typeof CHIP_ERROR_CODES)[number];

const MESSAGES: Record<ChipErrorCode, { vi: string; en: string; fallbackToQr: boolean }> = {
  pcsc_unavailable: { vi: 'Đầu đọc thẻ chưa sẵn sàng, vui lòng quét mã QR.', en: 'The PC/SC service is not available.', fallbackToQr: true },
  no_reader: { vi: 'Không tìm thấy đầu đọc thẻ, vui lòng quét mã QR.', en: 'No card reader is connected.', fallbackToQr: true },
  reader_unplugged: { vi: 'Đầu đọc thẻ bị ngắt kết nối, vui lòng quét mã QR.', en: 'The card reader was unplugged.', fallbackToQr: true },
  no_card: { vi: 'Chưa có thẻ trên đầu đọc, vui lòng đặt thẻ hoặc quét mã QR.', en: 'No card was placed on the reader in time.', fallbackToQr: true },
  canceled: { vi: 'Đã hủy đọc thẻ.', en: 'The read was canceled.', fallbackToQr: false },
  card_removed: { vi: 'Thẻ bị nhấc ra khi đang đọc, vui lòng đặt lại thẻ và giữ yên.', en: 'The card was removed during the read.', fallbackToQr: false },
  not_cccd: { vi: 'Thẻ này không phải thẻ căn cước gắn chip.', en: 'The card is not a chip ID card (no eMRTD application).', fallbackToQr: true },
  access_denied: { vi: 'Không mở được chip: thông tin số thẻ, ngày sinh hoặc ngày hết hạn không khớp.', en: 'The chip refused access: the document number, date of birth or expiry does not match.', fallbackToQr: true },
  secure_messaging: { vi: 'Lỗi bảo mật khi đọc chip, vui lòng đặt lại thẻ.', en: 'Secure messaging failed (MAC or format).', fallbackToQr: false },
  bad_data: { vi: 'Dữ liệu trên chip không đọc được.', en: 'The chip data could not be parsed.', fallbackToQr: true },
  inconsistent_data: { vi: 'Dữ liệu trên chip không nhất quán, vui lòng gặp cán bộ.', en: 'The chip data is inconsistent.', fallbackToQr: true },
  passive_auth_failed: { vi: 'Dữ liệu trên chip không khớp chữ ký của cơ quan cấp, vui lòng gặp cán bộ.', en: 'Passive authentication failed.', fallbackToQr: true },
  io: { vi: 'Lỗi khi đọc thẻ, vui lòng thử lại.', en: 'I/O error talking to the card.', fallbackToQr: false },
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
