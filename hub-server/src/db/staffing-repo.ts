/** What the staffing advice reads beyond the live state: walk-ins issued on a day, and booked appointments. */
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
    };
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
