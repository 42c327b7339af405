/**
 * Print outcomes as the citizen should read them. A failed job arrives as `print:failed` with the
 * driver's typed code (paper_out, offline, … or the hub's `timeout`); a printer the kiosk's own
 * agent reports in trouble has a typed health. Both are shown by their code.
 */
import type { DeviceErrorCode, DeviceHealth, IssuedTicket, Lang, PeripheralStatus } from '@motcua/shared';

/** What went wrong with the printer: a failed job's code, or the printer's reported health. */
export type PrinterProblem = DeviceErrorCode | DeviceHealth;

const REASONS: Partial<Record<PrinterProblem, { vi: string; en: string }>> = {
  paper_out: { vi: 'máy in hết giấy', en: 'the printer is out of paper' },
  paper_near_end: { vi: 'máy in sắp hết giấy', en: 'the printer is nearly out of paper' },
  cover_open: { vi: 'nắp máy in đang mở', en: 'the printer cover is open' },
  offline: { vi: 'máy in đang tắt hoặc bị lỗi', en: 'the printer is off or in error' },
  error: { vi: 'máy in bị lỗi', en: 'the printer has an error' },
  disconnected: { vi: 'máy in bị mất kết nối', en: 'the printer is disconnected' },
  not_found: { vi: 'không tìm thấy máy in', en: 'the printer was not found' },
  timeout: { vi: 'máy in không trả lời', en: 'the printer did not answer' },
  io: { vi: 'lỗi truyền dữ liệu tới máy in', en: 'a data error with the printer' },
  protocol: { vi: 'máy in trả lời không hợp lệ', en: 'the printer answered oddly' },
};

export function printReasonText(reason: PrinterProblem, lang: Lang): string {
  const r = REASONS[reason];
  if (r) return r[lang];
  return lang === 'vi' ? 'máy in gặp sự cố' : 'the printer has a problem';
}

/**
 * What the ticket screen says about paper:
 * 'printing' — a job went to the printer (a failure arrives later as print:failed);
 * 'none' — no printer was available, nothing was sent;
 * 'unknown' — the ticket had been issued before (a retried tap): it may or may not have printed;
 * 'failed' — print:failed arrived for it; 'resent' — sent again on request.
 */
export type PrintState = { kind: 'printing' | 'none' | 'unknown' | 'resent' } | { kind: 'failed'; reason: PrinterProblem };

export function initialPrintState(issued: Pick<IssuedTicket, 'printJobId' | 'repeated'>): PrintState {
  if (issued.printJobId) return { kind: 'printing' };
  return { kind: issued.repeated ? 'unknown' : 'none' };
}

const TROUBLE: DeviceHealth[] = ['paper_out', 'cover_open', 'offline', 'error'];

/** A printer problem worth telling the citizen before they take a ticket (from the shell's agent). */
export function printerTrouble(peripherals: readonly PeripheralStatus[]): DeviceHealth | null {
  const p = peripherals.find((x) => x.kind === 'printer' && TROUBLE.includes(x.health));
  return p ? p.health : null;
}
