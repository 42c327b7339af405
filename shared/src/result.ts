/**
 * Every command answers with a Result: never a thrown string, never a silent drop.
 * Error codes are a closed union; each has a message a clerk or citizen can act on, in
 * Vietnamese first and English second.
 */
import { t, type Bilingual } from './i18n/index';

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
  'locked_out',
  'storage_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Optional detail for logs and developers (which field was wrong, …). */
  detail?: string;
  /** For `locked_out` and `rate_limited`: seconds until the next attempt may succeed. */
  retryAfterSec?: number;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** Each code's message in both languages, from the shared catalogue (`error.<code>` in shared/src/i18n). */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, Bilingual>> = Object.fromEntries(
  ERROR_CODES.map((code) => [code, t.both(`error.${code}`)]),
) as Record<ErrorCode, Bilingual>;

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, detail?: string, lang: 'vi' | 'en' = 'vi'): { ok: false; error: AppError } {
  const error: AppError = { code, message: ERROR_MESSAGES[code][lang] };
  if (detail !== undefined) error.detail = detail;
  return { ok: false, error };
}

/** A `locked_out` or `rate_limited` refusal that says when to try again. */
export function refuseFor(code: 'locked_out' | 'rate_limited', retryAfterMs: number, detail?: string): { ok: false; error: AppError } {
  const r = fail(code, detail);
  r.error.retryAfterSec = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return r;
}
