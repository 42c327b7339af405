/**
 * What the staffing advice reads beyond the live state: walk-ins issued on a day, booked
 * appointments, and for the reserve budget the windows it advised and the counters' status changes.
 */
import type { CounterStatusChange, ReserveWindow } from '../domain/reserve-budget';
import type { Db } from './database';
import { str } from './rows';
import type { Row } from './rows';

export class StaffingRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      // Walk-ins only: appointments come in through the booked list.
      issuedOn: db.prepare("SELECT service_id, issued_at FROM tickets WHERE day = ? AND channel <> 'appointment'"),
      booked: db.prepare("SELECT service_id, slot_at FROM appointments WHERE state = 'booked' AND slot_at >= ? AND slot_at < ?"),
      recordWindow: db.prepare('INSERT OR IGNORE INTO reserve_windows (day, counter_id, from_at, until_at) VALUES (?, ?, ?, ?)'),
      windows: db.prepare('SELECT counter_id, from_at, until_at FROM reserve_windows WHERE day = ?'),
      statusChanges: db.prepare("SELECT at, type, json_extract(payload, '$.counterId') AS counter_id FROM events WHERE day = ? AND type IN ('counter.opened', 'counter.paused', 'counter.resumed', 'counter.closed') ORDER BY seq"),
    };
  }

  /** Records a window the advice asked a reserve counter to be open in (the same window twice is kept once). */
  recordReserveWindow(day: string, w: ReserveWindow): void {
    this.q.recordWindow.run(day, w.counterId, w.from, w.until);
  }

  /** The reserve windows advised on `day`, and the counters' status changes of that day in order. */
  reserveUse(day: string): { windows: ReserveWindow[]; changes: CounterStatusChange[] } {
    const windows = (this.q.windows.all(day) as Row[]).map((r) => ({ counterId: str(r.counter_id), from: Number(r.from_at), until: Number(r.until_at) }));
    if (windows.length === 0) return { windows, changes: [] };
    const changes = (this.q.statusChanges.all(day) as Row[]).map((r) => ({ at: Number(r.at), counterId: str(r.counter_id), kind: str(r.type).slice('counter.'.length) as CounterStatusChange['kind'] }));
    return { windows, changes };
  }

  /** The walk-in tickets issued on `day`: service and issue time. */
  walkInsOn(day: string): { serviceId: string; issuedAt: number }[] {
    return (this.q.issuedOn.all(day) as Row[]).map((r) => ({ serviceId: str(r.service_id), issuedAt: Number(r.issued_at) }));
  }

  /** Appointments still booked with a slot in [from, to). */
  booked(from: number, to: number): { serviceId: string; slotAt: number }[] {
    return (this.q.booked.all(from, to) as Row[]).map((r) => ({ serviceId: str(r.service_id), slotAt: Number(r.slot_at) }));
  }
}
