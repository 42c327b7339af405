import { describe, expect, it } from 'vitest';
import { initialPrintState, printerTrouble, printReasonCode, printReasonText } from './print';

describe('print outcomes', () => {
  it('reads the agent’s and the hub’s reasons', () => {
    expect(printReasonCode('paper_out: Máy in hết giấy, hãy thay cuộn giấy.')).toBe('paper_out');
    expect(printReasonCode('timeout: no answer from the printer agent')).toBe('timeout');
    expect(printReasonText('paper_out: Máy in hết giấy', 'vi')).toBe('máy in hết giấy');
    expect(printReasonText('cover_open: …', 'en')).toBe('the printer cover is open');
    expect(printReasonText('something new', 'vi')).toBe('máy in gặp sự cố');
  });
  it('starts from what the hub said about the job', () => {
    expect(initialPrintState({ printJobId: 'j', repeated: false })).toEqual({ kind: 'printing' });
    expect(initialPrintState({ printJobId: null, repeated: false })).toEqual({ kind: 'none' });
    expect(initialPrintState({ printJobId: null, repeated: true })).toEqual({ kind: 'unknown' });
  });
  it('flags printer health worth telling a citizen', () => {
    const p = (health: 'ready' | 'paper_out' | 'paper_near_end') => ({ name: 'printer', kind: 'printer' as const, health, detail: null, at: 0 });
    expect(printerTrouble([p('ready')])).toBeNull();
    expect(printerTrouble([p('paper_near_end')])).toBeNull();
    expect(printerTrouble([p('paper_out')])).toBe('paper_out');
  });
});
