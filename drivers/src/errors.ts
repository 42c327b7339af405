/**
 * Typed device errors. Every failure a driver reports is a `DeviceError` with a closed `code`
 * and flags a caller can branch on without parsing messages (as in node-serialport):
 * `disconnected` — the link is gone (unplugged, TCP reset, port closed): reconnect before retrying;
 * `canceled` — the operation was abandoned on purpose (close() while waiting);
 * `retryable` — the same operation may succeed later without a person doing anything.
 */
import type { DeviceErrorCode } from '@motcua/shared';
import { say } from './i18n';

export type DeviceClass = 'printer' | 'scanner' | 'led' | 'keypad' | 'rating_pad';

// The codes are part of the hub contract (a failed print job carries one to the kiosk): defined in shared.
export { DEVICE_ERROR_CODES, type DeviceErrorCode } from '@motcua/shared';

const MESSAGES: Record<DeviceErrorCode, { vi: string; en: string; retryable: boolean }> = {
  disconnected: { ...say.both('error.disconnected'), retryable: true },
  timeout: { ...say.both('error.timeout'), retryable: true },
  canceled: { ...say.both('error.canceled'), retryable: false },
  paper_out: { ...say.both('error.paper_out'), retryable: true },
  cover_open: { ...say.both('error.cover_open'), retryable: true },
  offline: { ...say.both('error.offline'), retryable: true },
  not_found: { ...say.both('error.not_found'), retryable: true },
  protocol: { ...say.both('error.protocol'), retryable: true },
  unsupported: { ...say.both('error.unsupported'), retryable: false },
  io: { ...say.both('error.io'), retryable: true },
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
  /**
   * A print job's every byte reached the printer before this failure: the ticket may be on paper.
   * Such a job is never sent again automatically (the citizen is offered a reprint instead).
   */
  readonly written: boolean;

  constructor(device: DeviceClass, code: DeviceErrorCode, detail?: string, options?: { cause?: unknown; written?: boolean }) {
    const m = MESSAGES[code];
    super(detail ? `${m.en} (${detail})` : m.en, options);
    this.code = code;
    this.device = device;
    this.disconnected = code === 'disconnected' || code === 'not_found';
    this.canceled = code === 'canceled';
    this.retryable = m.retryable;
    this.messageVi = m.vi;
    this.written = options?.written ?? false;
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
