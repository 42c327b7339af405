/**
 * Print outcomes as the citizen should read them. A failed job arrives as `print:failed` with the
 * driver's typed code (paper_out, offline, … or the hub's `timeout`); a printer the kiosk's own
 * agent reports in trouble has a typed health. Both are shown by their code.
 */
import type { DeviceErrorCode, DeviceHealth, IssuedTicket, KioskPrinter, Lang, PeripheralStatus } from '@motcua/shared';
import { tr, type KeyOf } from './i18n';

/** What went wrong with the printer: a failed job's code, or the printer's reported health. */
export type PrinterProblem = DeviceErrorCode | DeviceHealth;

const REASONS: Partial<Record<PrinterProblem, KeyOf>> = {
  paper_out: 'printer_paper_out',
  paper_near_end: 'printer_paper_near_end',
  cover_open: 'printer_cover_open',
  offline: 'printer_offline',
  error: 'printer_error',
  disconnected: 'printer_disconnected',
  not_found: 'printer_not_found',
  timeout: 'printer_timeout',
  io: 'printer_io',
  protocol: 'printer_protocol',
};

export function printReasonText(reason: PrinterProblem, lang: Lang): string {
  return tr(lang, REASONS[reason] ?? 'printer_problem');
}

/**
 * What the ticket screen says about paper:
 * 'printing' — a job went to the printer (a failure arrives later as print:failed);
 * 'none' — no printer was available, nothing was sent;
 * 'unknown' — the ticket had been issued before (a retried tap): it may or may not have printed;
 * 'failed' — print:failed arrived for it; 'resent' — sent again on request;
 * 'printed' — print:printed arrived: the paper is out.
 */
export type PrintState = { kind: 'printing' | 'none' | 'unknown' | 'resent' | 'printed' } | { kind: 'failed'; reason: PrinterProblem };

export function initialPrintState(issued: Pick<IssuedTicket, 'printJobId' | 'repeated'>): PrintState {
  if (issued.printJobId) return { kind: 'printing' };
  return { kind: issued.repeated ? 'unknown' : 'none' };
}

/** Worst first: what stops printing, then paper running low. */
const TROUBLE: DeviceHealth[] = ['paper_out', 'cover_open', 'offline', 'error', 'paper_near_end'];

/** A printer problem worth telling the citizen before they take a ticket (from the shell's agent, or the hub). */
export function printerTrouble(peripherals: readonly PeripheralStatus[]): DeviceHealth | null {
  for (const h of TROUBLE) if (peripherals.some((x) => x.kind === 'printer' && x.health === h)) return h;
  return null;
}

/** A printer in `peripherals` reports it can print (paper in, cover shut, online). */
function reportsReady(peripherals: readonly PeripheralStatus[]): boolean {
  return peripherals.some((x) => x.kind === 'printer' && (x.health === 'ready' || x.health === 'paper_near_end'));
}

/**
 * The printer's own live report says it can print now: from the kiosk's shell agent when there is
 * one, else from the hub's view of the kiosk's agent. False when nothing reports (no agent, agent
 * offline, status unknown): then only a print result says whether the printer works.
 */
export function printerReportsReady(agent: { configured: boolean; peripherals: readonly PeripheralStatus[] } | null, hub: KioskPrinter | null): boolean {
  if (agent?.configured) return reportsReady(agent.peripherals);
  return hub !== null && hub.configured && hub.online && reportsReady(hub.printers);
}

/**
 * A failed job's reason that the printer's status reports by itself: once the printer reports ready
 * again (paper refilled, cover shut, back online), that reason no longer holds. A hub `timeout` or
 * an `io` / `protocol` failure is not seen in the status, so only a print that goes through clears it.
 */
const STATUS_REASONS: readonly PrinterProblem[] = ['paper_out', 'paper_near_end', 'cover_open', 'offline', 'error', 'disconnected'];
export function clearedByReadyStatus(reason: PrinterProblem): boolean {
  return STATUS_REASONS.includes(reason);
}

/** The same from the hub's view of the kiosk's agent (`kiosk:printer`): an agent configured but offline is an offline printer. */
export function hubPrinterTrouble(k: KioskPrinter | null): PrinterProblem | null {
  if (!k?.configured) return null;
  if (!k.online) return 'offline';
  return printerTrouble(k.printers);
}
