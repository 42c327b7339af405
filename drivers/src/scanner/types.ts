import type { CccdResult } from '@motcua/shared';
import type { HealthReport } from '../peripheral';

export interface ScanEvent {
  /** The decoded text, without its terminator. */
  raw: string;
  /** The CCCD parse of `raw` (a scan that is not a CCCD is still delivered, with the reason). */
  cccd: CccdResult;
  source: 'serial' | 'wedge';
  at: number;
}

/**
 * A 2D ID-card scanner.
 *
 * - One `scan` event per code read. A scan ends with CR, LF or CRLF, or when no byte arrived for
 *   the inter-character timeout (scanners set up without a suffix). Partial data is held until
 *   then; nothing is emitted for a half-received code until the timeout.
 * - Bytes that are not valid UTF-8, or an over-long run without terminator, are dropped with a
 *   warning in the log and an `error` event (`protocol`); reading carries on with the next code.
 * - `start()` resolves even if the scanner is unplugged: health goes `offline` and the driver
 *   reopens the port every few seconds; scans resume by themselves when it is back.
 */
export interface IdScanner {
  readonly name: string;
  start(): Promise<void>;
  onScan(listener: (scan: ScanEvent) => void): () => void;
  onHealth(listener: (h: HealthReport) => void): () => void;
  health(): HealthReport;
  close(): Promise<void>;
}
