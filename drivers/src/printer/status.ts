/**
 * Real-time status (`DLE EOT n`) bytes → a typed printer state. Bits per the Epson reference
 * (TM-T20/T88 family; clones follow it): every status byte has bits 1 and 4 set and bits 0 and 7
 * clear, which is how a garbage byte is told from an answer.
 */
export const PRINTER_STATES = ['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export interface PrinterStatus {
  state: PrinterState;
  /** Printer answered and says it is online (it may still warn: paper near end). */
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** Mechanical / cutter / unrecoverable error flagged in DLE EOT 2 bit 6. */
  error: boolean;
  /** Why it is offline when the bytes do not say (no answer, disconnected, garbage). */
  detail: string | null;
  /** The raw answers to DLE EOT 1, 2, 4; null where there was none. */
  raw: StatusBytes;
}

export interface StatusBytes {
  printer: number | null;
  offlineCause: number | null;
  paperSensor: number | null;
}

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export const STATUS_BITS = {
  printer: { offline: 0x08, drawer: 0x04 },
  offlineCause: { coverOpen: 0x04, feedButton: 0x08, paperEndStop: 0x20, error: 0x40 },
  paperSensor: { nearEnd: 0x0c, end: 0x60 },
} as const;

/** Maps the three answers; any missing or malformed answer makes the printer `offline`. */
export function mapStatus(raw: StatusBytes, detailWhenMissing = 'no answer to status query'): PrinterStatus {
  const { printer, offlineCause, paperSensor } = raw;
  const bad = [printer, offlineCause, paperSensor].find((b): b is number => b !== null && !isStatusByte(b));
  if (printer === null || offlineCause === null || paperSensor === null || bad !== undefined) {
    return {
      state: 'offline',
      online: false,
      coverOpen: false,
      paperNearEnd: false,
      paperOut: false,
      error: false,
      detail: bad !== undefined ? `malformed status byte 0x${bad.toString(16).padStart(2, '0')}` : detailWhenMissing,
      raw,
    };
  }
  const offline = (printer & STATUS_BITS.printer.offline) !== 0;
  const coverOpen = (offlineCause & STATUS_BITS.offlineCause.coverOpen) !== 0;
  const paperOut = (paperSensor & STATUS_BITS.paperSensor.end) !== 0 || (offlineCause & STATUS_BITS.offlineCause.paperEndStop) !== 0;
  const paperNearEnd = (paperSensor & STATUS_BITS.paperSensor.nearEnd) !== 0;
  const error = (offlineCause & STATUS_BITS.offlineCause.error) !== 0;
  // Most specific cause first: an open cover also makes the paper sensor read "end".
  const state: PrinterState = coverOpen ? 'cover_open' : paperOut ? 'paper_out' : offline || error ? 'offline' : paperNearEnd ? 'paper_near_end' : 'ready';
  return { state, online: !offline && !error && !coverOpen && !paperOut, coverOpen, paperNearEnd, paperOut, error, detail: error ? 'printer reports an error' : null, raw };
}

/** The bytes a printer in the given condition answers (used by the virtual printer and tests). */
export function statusBytesFor(c: { offline?: boolean; coverOpen?: boolean; paperNearEnd?: boolean; paperOut?: boolean; error?: boolean }): { printer: number; offlineCause: number; paperSensor: number } {
  const stopped = c.offline || c.coverOpen || c.paperOut || c.error;
  return {
    printer: 0x12 | (stopped ? STATUS_BITS.printer.offline : 0),
    offlineCause: 0x12 | (c.coverOpen ? STATUS_BITS.offlineCause.coverOpen : 0) | (c.paperOut ? STATUS_BITS.offlineCause.paperEndStop : 0) | (c.error ? STATUS_BITS.offlineCause.error : 0),
    paperSensor: 0x12 | (c.paperNearEnd || c.paperOut ? STATUS_BITS.paperSensor.nearEnd : 0) | (c.paperOut ? STATUS_BITS.paperSensor.end : 0),
  };
}
