/**
 * Typed device errors. Every failure a driver reports is a `DeviceError` with a closed `code`
 * and flags a caller can branch on without parsing messages (as in node-serialport):
 * `disconnected` — the link is gone (unplugged, TCP reset, port closed): reconnect before retrying;
 * `canceled` — the operation was abandoned on purpose (close() while waiting);
 * `retryable` — the same operation may succeed later without a person doing anything.
 */
import type { DeviceErrorCode } from '@motcua/shared';

export type DeviceClass = 'printer' | 'scanner' | 'led' | 'keypad' | 'rating_pad';

// The codes are part of the hub contract (a failed print job carries one to the kiosk): defined in shared.
export { DEVICE_ERROR_CODES, type DeviceErrorCode } from '@motcua/shared';

const MESSAGES: Record<DeviceErrorCode, { vi: string; en: string; retryable: boolean }> = {
  disconnected: { vi: 'Mất kết nối với thiết bị, kiểm tra dây cáp/nguồn.', en: 'Device disconnected; check the cable and power.', retryable: true },
  timeout: { vi: 'Thiết bị không trả lời.', en: 'Device did not answer in time.', retryable: true },
  canceled: { vi: 'Thao tác đã bị huỷ.', en: 'Operation canceled.', retryable: false },
  paper_out: { vi: 'Máy in hết giấy, hãy thay cuộn giấy.', en: 'Printer is out of paper; load a new roll.', retryable: true },
  cover_open: { vi: 'Nắp máy in đang mở, hãy đóng nắp.', en: 'Printer cover is open; close it.', retryable: true },
  offline: { vi: 'Máy in đang ngoại tuyến hoặc bị lỗi.', en: 'Printer is offline or in error.', retryable: true },
  not_found: { vi: 'Không tìm thấy thiết bị.', en: 'Device not found.', retryable: true },
  protocol: { vi: 'Thiết bị trả lời dữ liệu không hợp lệ.', en: 'Device sent invalid data.', retryable: true },
  unsupported: { vi: 'Thiết bị không hỗ trợ thao tác này.', en: 'The device does not support this.', retryable: false },
  io: { vi: 'Lỗi vào/ra với thiết bị.', en: 'I/O error talking to the device.', retryable: true },
};

export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  readonly code: DeviceErrorCode;
  readonly device: DeviceClass;
  readonly disconnected: boolean;
  readonly canceled: boolean;
  readonly retryable: boolean;
  /** Vietnamese message for a clerk or the kiosk screen. */
  readonly messageVi: string;

  constructor(device: DeviceClass, code: DeviceErrorCode, detail?: string, options?: { cause?: unknown }) {
    const m = MESSAGES[code];
    super(detail ? `${m.en} (${detail})` : m.en, options);
    this.code = code;
    this.device = device;
    this.disconnected = code === 'disconnected' || code === 'not_found';
    this.canceled = code === 'canceled';
    this.retryable = m.retryable;
    this.messageVi = m.vi;
  }
}

export function isDeviceError(e: unknown): e is DeviceError {
  return e instanceof DeviceError;
}

/** Wraps anything thrown by a transport into a DeviceError (connection errors become `disconnected`). */
export function toDeviceError(device: DeviceClass, e: unknown): DeviceError {
  if (e instanceof DeviceError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const msg = e instanceof Error ? e.message : String(e);
  const disconnectedCodes = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ENODEV', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EIO', 'LIBUSB_ERROR_NO_DEVICE'];
  if (typeof code === 'string' && disconnectedCodes.includes(code)) return new DeviceError(device, 'disconnected', `${code}: ${msg}`, { cause: e });
  return new DeviceError(device, 'io', msg, { cause: e });
}
