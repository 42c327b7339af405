/**
 * Every command answers with a Result: never a thrown string, never a silent drop.
 * Error codes are a closed union; each has a message a clerk or citizen can act on, in
 * Vietnamese first and English second.
 */
export const ERROR_CODES = [
  'invalid_payload',
  'protocol_mismatch',
  'unauthenticated',
  'bad_credentials',
  'forbidden',
  'wrong_counter',
  'not_found',
  'invalid_state',
  'recall_limit',
  'no_ticket',
  'counter_not_open',
  'service_unavailable',
  'duplicate',
  'pairing_code_invalid',
  'conflict',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Optional detail for logs and developers (which field was wrong, …). */
  detail?: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ERROR_MESSAGES: Record<ErrorCode, { vi: string; en: string }> = {
  invalid_payload: { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request data is invalid.' },
  protocol_mismatch: { vi: 'Phiên bản ứng dụng không khớp với máy chủ, hãy tải lại trang.', en: 'App version does not match the hub; reload the page.' },
  unauthenticated: { vi: 'Bạn cần đăng nhập hoặc ghép nối thiết bị trước.', en: 'Sign in or pair this device first.' },
  bad_credentials: { vi: 'Sai tên đăng nhập hoặc mã PIN/mật khẩu.', en: 'Wrong username or PIN/password.' },
  forbidden: { vi: 'Tài khoản hoặc thiết bị này không được phép làm thao tác này.', en: 'This account or device may not do that.' },
  wrong_counter: { vi: 'Bạn chỉ được thao tác tại quầy của mình.', en: 'You may only act at your own counter.' },
  not_found: { vi: 'Không tìm thấy dữ liệu yêu cầu.', en: 'Not found.' },
  invalid_state: { vi: 'Không thể làm thao tác này ở trạng thái hiện tại của số.', en: 'That action is not allowed in the ticket’s current state.' },
  recall_limit: { vi: 'Đã gọi lại quá số lần cho phép; số được chuyển sang vắng mặt.', en: 'Recall limit reached; the ticket was marked as no-show.' },
  no_ticket: { vi: 'Không còn công dân nào chờ ở quầy này.', en: 'Nobody is waiting for this counter.' },
  counter_not_open: { vi: 'Quầy chưa mở hoặc đang tạm dừng.', en: 'The counter is not open or is paused.' },
  service_unavailable: { vi: 'Dịch vụ này hiện không có quầy nào phục vụ.', en: 'No counter currently serves this service.' },
  duplicate: { vi: 'Yêu cầu này đã được xử lý.', en: 'This request was already handled.' },
  pairing_code_invalid: { vi: 'Mã ghép nối không đúng hoặc đã hết hạn.', en: 'The pairing code is wrong or has expired.' },
  conflict: { vi: 'Thay đổi này xung đột với dữ liệu hiện có.', en: 'This change conflicts with existing data.' },
  rate_limited: { vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau giây lát.', en: 'Too many requests; try again shortly.' },
  internal: { vi: 'Lỗi hệ thống, vui lòng thử lại hoặc báo quản lý.', en: 'System error; try again or tell the manager.' },
};

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, detail?: string, lang: 'vi' | 'en' = 'vi'): { ok: false; error: AppError } {
  const error: AppError = { code, message: ERROR_MESSAGES[code][lang] };
  if (detail !== undefined) error.detail = detail;
  return { ok: false, error };
}
