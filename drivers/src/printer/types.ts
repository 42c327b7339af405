import type { TicketPrintData } from '@motcua/shared';
import type { PrinterStatus } from './status';

export type { TicketPrintData };

export interface PrintReport {
  /** Raster size actually sent. */
  widthDots: number;
  heightDots: number;
  bytes: number;
  /** Render + encode + send + status confirmation. */
  durationMs: number;
  /** Status read after the job (null for printers that cannot report status). */
  statusAfter: PrinterStatus | null;
}

/**
 * A ticket printer.
 *
 * - `printTicket` renders the ticket as a raster and sends it. Before sending it asks the printer
 *   for its real-time status (if the transport is two-way) and refuses with DeviceError
 *   `paper_out` / `cover_open` / `offline` without sending anything. It resolves once every byte
 *   was accepted and the status read afterwards shows no fault; if the link drops mid-job it
 *   rejects `disconnected` (part of the ticket may have printed: the caller decides to retry or
 *   to show the ticket on screen — nothing is retried here, nothing is dropped silently).
 *   Operations are serialised: a status poll never interleaves with a job.
 * - `getStatus` never rejects: no answer, a closed link or garbage bytes give `offline` with a
 *   `detail`. A closed link is reopened on the next call.
 * - `onStatus` fires when the state changes, from monitoring polls, jobs and link drops.
 * - `close` stops monitoring and closes the link; pending operations reject `canceled`.
 */
export interface TicketPrinter {
  readonly name: string;
  readonly widthDots: 384 | 576;
  printTicket(ticket: TicketPrintData): Promise<PrintReport>;
  getStatus(): Promise<PrinterStatus>;
  onStatus(listener: (status: PrinterStatus) => void): () => void;
  /** Polls status every `intervalMs` (default 5 s) and emits changes. */
  startMonitoring(intervalMs?: number): void;
  close(): Promise<void>;
}
