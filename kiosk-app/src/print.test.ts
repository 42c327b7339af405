import { describe, expect, it } from 'vitest';
import { hubPrinterTrouble, initialPrintState, printerReportsReady, printerTrouble, printReasonText } from './print';

describe('print outcomes', () => {
  it('says the agent’s and the hub’s typed reasons', () => {
    expect(printReasonText('paper_out', 'vi')).toBe('máy in hết giấy');
    expect(printReasonText('timeout', 'vi')).toBe('máy in không trả lời');
    expect(printReasonText('cover_open', 'en')).toBe('the printer cover is open');
    expect(printReasonText('paper_near_end', 'en')).toBe('the printer is nearly out of paper');
    // A code without its own wording (canceled, unsupported, unknown) still says something true.
    expect(printReasonText('unsupported', 'vi')).toBe('máy in gặp sự cố');
    expect(printReasonText('unknown', 'en')).toBe('the printer has a problem');
  });
  it('starts from what the hub said about the job', () => {
    expect(initialPrintState({ printJobId: 'j', repeated: false })).toEqual({ kind: 'printing' });
    expect(initialPrintState({ printJobId: null, repeated: false })).toEqual({ kind: 'none' });
    expect(initialPrintState({ printJobId: null, repeated: true })).toEqual({ kind: 'unknown' });
  });
  it('flags printer health worth telling a citizen', () => {
    const p = (health: 'ready' | 'paper_out' | 'paper_near_end') => ({ name: 'printer', kind: 'printer' as const, health, detail: null, at: 0 });
    expect(printerTrouble([p('ready')])).toBeNull();
    // Paper running low is told too (issue 13: "paper low/out" before the tap); out of paper wins.
    expect(printerTrouble([p('paper_near_end')])).toBe('paper_near_end');
    expect(printerTrouble([p('paper_near_end'), { ...p('paper_out'), name: 'printer-2' }])).toBe('paper_out');
    expect(printerTrouble([p('paper_out')])).toBe('paper_out');
  });
  it('reads the hub’s view of the kiosk’s agent: none bound is no warning, bound but offline is an offline printer', () => {
    const p = (health: 'ready' | 'paper_out') => ({ name: 'printer', kind: 'printer' as const, health, detail: null, at: 0 });
    expect(hubPrinterTrouble(null)).toBeNull();
    expect(hubPrinterTrouble({ configured: false, online: false, printers: [], chipReaders: [] })).toBeNull();
    expect(hubPrinterTrouble({ configured: true, online: false, printers: [], chipReaders: [] })).toBe('offline');
    expect(hubPrinterTrouble({ configured: true, online: true, printers: [p('ready')], chipReaders: [] })).toBeNull();
    expect(hubPrinterTrouble({ configured: true, online: true, printers: [p('paper_out')], chipReaders: [] })).toBe('paper_out');
  });
  it('knows when the printer itself reports it can print again (from the shell agent, else from the hub)', () => {
    const p = (health: 'ready' | 'paper_out' | 'paper_near_end' | 'unknown') => ({ name: 'printer', kind: 'printer' as const, health, detail: null, at: 0 });
    const hub = (online: boolean, health: 'ready' | 'paper_out') => ({ configured: true, online, printers: [p(health)], chipReaders: [] });
    expect(printerReportsReady(null, hub(true, 'ready'))).toBe(true);
    expect(printerReportsReady(null, hub(true, 'paper_out'))).toBe(false);
    // An offline agent's last report is not a report.
    expect(printerReportsReady(null, hub(false, 'ready'))).toBe(false);
    expect(printerReportsReady(null, null)).toBe(false);
    expect(printerReportsReady(null, { configured: false, online: false, printers: [], chipReaders: [] })).toBe(false);
    // The shell's own agent wins over the hub's view.
    expect(printerReportsReady({ configured: true, peripherals: [p('paper_out')] }, hub(true, 'ready'))).toBe(false);
    expect(printerReportsReady({ configured: true, peripherals: [p('paper_near_end')] }, null)).toBe(true);
    expect(printerReportsReady({ configured: true, peripherals: [p('unknown')] }, null)).toBe(false);
  });
});
