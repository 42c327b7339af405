/** A small ward for the kiosk's unit tests (the hub's demo seed is not importable from here). */
import type { Counter, IssuedTicket, Snapshot } from '@motcua/shared';
import { ALWAYS_OPEN_HOURS, DEFAULT_OPENING_POLICY } from '@motcua/shared';

const counter = (id: string, number: number, primary: string[], secondary: string[] = []): Counter => ({ id, number, name: { vi: `Quầy ${number}`, en: `Counter ${number}` }, primary, secondary, status: 'open', pauseReason: null, clerkId: null, zone: null });

export function testSnapshot(): Snapshot {
  return {
    seq: 1,
    now: Date.UTC(2026, 10, 23, 2, 0, 0),
    day: '2026-11-23',
    role: 'kiosk',
    centre: { hubId: 'demo', name: { vi: 'Trung tâm', en: 'Centre' }, address: '', targetWaitMin: 20, timeZone: 'Asia/Ho_Chi_Minh', publicUrl: 'http://hub', publicUrlSource: 'lan', rating: { scale: 4, timeoutSec: 30, askReasonAtOrBelow: 2 }, recallLimit: 3, priority: { elderlyAge: 60, maxInRow: 2 }, retention: { personalDataDays: 30 }, alarms: { warnMin: 15, breachMin: 20, busyMin: 30 }, opening: { openingHours: ALWAYS_OPEN_HOURS, opening: DEFAULT_OPENING_POLICY } },
    fields: [
      { id: 'f-ho-tich', code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' }, sortOrder: 2 },
      { id: 'f-chung-thuc', code: 'CT', name: { vi: 'Chứng thực', en: 'Certification' }, sortOrder: 1 },
      { id: 'f-dat-dai', code: 'DD', name: { vi: 'Đất đai', en: 'Land' }, sortOrder: 3 },
      { id: 'f-tra', code: 'TKQ', name: { vi: 'Trả kết quả', en: 'Results' }, sortOrder: 6 },
      { id: 'f-empty', code: 'X', name: { vi: 'Trống', en: 'Empty' }, sortOrder: 9 },
    ],
    services: [
      { id: 's-ct', code: 'CT', name: { vi: 'Chứng thực bản sao, chữ ký', en: 'Certified copies' }, fieldId: 'f-chung-thuc', prefix: '1', expectedServiceMin: 5, active: true },
      { id: 's-ht', code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' }, fieldId: 'f-ho-tich', prefix: '2', expectedServiceMin: 12, active: true },
      { id: 's-dd', code: 'DD', name: { vi: 'Đất đai', en: 'Land' }, fieldId: 'f-dat-dai', prefix: '3', expectedServiceMin: 18, active: false },
      { id: 's-tra', code: 'TKQ', name: { vi: 'Nhận kết quả hồ sơ', en: 'Collect results' }, fieldId: 'f-tra', prefix: '6', expectedServiceMin: 3, active: true },
    ],
    procedures: [
      { id: 'p-2000815', nationalCode: '2.000815', name: { vi: 'Chứng thực bản sao từ bản chính', en: 'Certified copy from the original' }, fieldId: 'f-chung-thuc', serviceId: 's-ct' },
      { id: 'p-1001193', nationalCode: '1.001193', name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, fieldId: 'f-ho-tich', serviceId: 's-ht' },
      { id: 'p-1000894', nationalCode: '1.000894', name: { vi: 'Đăng ký kết hôn', en: 'Marriage registration' }, fieldId: 'f-ho-tich', serviceId: 's-ht' },
      { id: 'p-1004227', nationalCode: '1.004227', name: { vi: 'Đăng ký biến động đất đai', en: 'Land changes' }, fieldId: 'f-dat-dai', serviceId: 's-dd' },
    ],
    counters: [counter('c1', 1, ['s-ct'], ['s-ht', 's-tra']), counter('c2', 2, ['s-ht'], ['s-ct']), counter('c5', 5, ['s-tra'], ['s-ht'])],
    tickets: [],
    recentCalls: [],
    loads: [
      { serviceId: 's-ct', waiting: 2, oldestQueuedAt: null, estimatedWaitMin: 6, next: { peopleAhead: 2, wait: { kind: 'range', low: 5, high: 10 }, long: false }, priority: { peopleAhead: 0, wait: { kind: 'soon' }, long: false } },
      { serviceId: 's-ht', waiting: 9, oldestQueuedAt: null, estimatedWaitMin: 34.6, next: { peopleAhead: 9, wait: { kind: 'range', low: 30, high: 40 }, long: true }, priority: { peopleAhead: 1, wait: { kind: 'under', min: 10 }, long: false } },
    ],
    devices: [],
  };
}

export function testIssued(over: Partial<IssuedTicket> = {}, id = 't1', number = '2001'): IssuedTicket {
  return {
    ticket: { id, day: '2026-11-23', number, seqNo: 1, serviceId: 's-ht', procedureId: 'p-1001193', channel: 'kiosk', priorityGroup: null, state: 'waiting', issuedAt: 1000, queuedAt: 1000, slotAt: null, targetCounterId: null, counterId: null, calledAt: null, startedAt: null, finishedAt: null, recallCount: 0, predictedWaitMin: 5, peopleAheadAtIssue: 2 },
    place: { peopleAhead: 2, wait: { kind: 'range', low: 5, high: 10 }, long: false },
    statusUrl: `http://hub/t/${id}`,
    printJobId: 'job-1',
    repeated: false,
    ...over,
  };
}
