/**
 * SQL of the city → hub channel (services/channel.ts): the messages applied (the hub's cursor),
 * home bookings as rows of `appointments`, and the mobile-team assignments the city sends.
 */
import type { Appointment, TeamAssignment } from '@motcua/shared';
import type { Db } from './database';
import { toAppointment } from './repositories';
import { numOrNull, str, strOrNull, type Row } from './rows';

export type MessageOutcome = 'applied' | 'refused' | 'skipped';

export interface AppliedMessage {
  seq: number;
  kind: string;
  outcome: MessageOutcome;
  detail: string;
  appliedAt: number;
}

export interface HomeBookingRow extends Appointment {
  procedureCode: string | null;
  slotMinutes: number | null;
  ticketNumber: string | null;
}

export interface TeamAssignmentRow extends TeamAssignment {
  state: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  receivedAt: number;
  decidedAt: number | null;
  clerkId: string | null;
  counterId: string | null;
  /** The temporary clerk's username (accepted), null before. */
  clerkUsername: string | null;
}

export class ChannelRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      cursor: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM city_messages'),
      has: db.prepare('SELECT 1 FROM city_messages WHERE seq = ?'),
      record: db.prepare('INSERT INTO city_messages (seq, kind, outcome, detail, applied_at) VALUES (?, ?, ?, ?, ?)'),
      recent: db.prepare('SELECT * FROM city_messages ORDER BY seq DESC LIMIT ?'),
      insertHome: db.prepare(
        "INSERT INTO appointments (id, code, service_id, slot_at, citizen_name, state, ticket_id, request_id, source, procedure_code, slot_minutes) VALUES (@id, @code, @serviceId, @slotAt, @citizenName, 'booked', NULL, NULL, 'home', @procedureCode, @slotMinutes)",
      ),
      byCode: db.prepare('SELECT a.*, t.number AS ticket_number FROM appointments a LEFT JOIN tickets t ON t.id = a.ticket_id WHERE a.code = ?'),
      move: db.prepare("UPDATE appointments SET slot_at = ? WHERE id = ? AND state = 'booked'"),
      setState: db.prepare("UPDATE appointments SET state = ? WHERE id = ? AND state = 'booked'"),
      bookedIn: db.prepare("SELECT COUNT(*) AS n FROM appointments WHERE service_id = ? AND slot_at >= ? AND slot_at < ? AND state IN ('booked','checked_in') AND id <> ?"),
      homeOverdue: db.prepare("SELECT * FROM appointments WHERE source = 'home' AND state = 'booked' AND slot_at < ? ORDER BY slot_at LIMIT 500"),
      insertTeam: db.prepare(
        "INSERT INTO team_assignments (id, staff_ref, staff_name, field_codes, day, from_hm, to_hm, note, state, received_at) VALUES (@id, @staffRef, @staffName, @fieldCodes, @day, @from, @to, @note, 'pending', @receivedAt)",
      ),
      team: db.prepare('SELECT a.*, c.username AS clerk_username FROM team_assignments a LEFT JOIN clerks c ON c.id = a.clerk_id WHERE a.id = ?'),
      teams: db.prepare("SELECT a.*, c.username AS clerk_username FROM team_assignments a LEFT JOIN clerks c ON c.id = a.clerk_id WHERE a.day >= ? OR a.state = 'pending' ORDER BY a.day, a.from_hm, a.received_at"),
      acceptedWithActiveClerk: db.prepare(
        "SELECT a.*, c.username AS clerk_username FROM team_assignments a JOIN clerks c ON c.id = a.clerk_id WHERE a.state = 'accepted' AND c.active = 1 ORDER BY a.day, a.to_hm",
      ),
      clerkBusy: db.prepare("SELECT 1 FROM tickets WHERE clerk_id = ? AND state IN ('called','serving') LIMIT 1"),
      decideTeam: db.prepare('UPDATE team_assignments SET state = ?, decided_at = ?, clerk_id = COALESCE(?, clerk_id), counter_id = COALESCE(?, counter_id) WHERE id = ?'),
    };
  }

  /** The last seq applied (0 before the first message). */
  cursor(): number {
    return Number((this.q.cursor.get() as Row).seq);
  }
  has(seq: number): boolean {
    return this.q.has.get(seq) !== undefined;
  }
  record(m: AppliedMessage): void {
    this.q.record.run(m.seq, m.kind, m.outcome, m.detail, m.appliedAt);
  }
  recent(limit: number): AppliedMessage[] {
    return (this.q.recent.all(limit) as Row[]).map((r) => ({ seq: Number(r.seq), kind: str(r.kind), outcome: r.outcome as MessageOutcome, detail: str(r.detail), appliedAt: Number(r.applied_at) }));
  }

  insertHomeBooking(b: { id: string; code: string; serviceId: string; slotAt: number; citizenName: string; procedureCode: string | null; slotMinutes: number }): void {
    this.q.insertHome.run(b);
  }
  booking(code: string): HomeBookingRow | null {
    const r = this.q.byCode.get(code) as Row | undefined;
    return r ? { ...toAppointment(r), procedureCode: strOrNull(r.procedure_code), slotMinutes: numOrNull(r.slot_minutes), ticketNumber: strOrNull(r.ticket_number) } : null;
  }
  /** Appointments of a service in [from, to) that still hold their place, other than `exceptId`. */
  bookedIn(serviceId: string, from: number, to: number, exceptId = ''): number {
    return Number((this.q.bookedIn.get(serviceId, from, to, exceptId) as Row).n);
  }
  move(id: string, slotAt: number): boolean {
    return this.q.move.run(slotAt, id).changes > 0;
  }
  /** Ends a booking that is still booked: cancelled, or expired (a no-show). */
  end(id: string, state: 'cancelled' | 'expired'): boolean {
    return this.q.setState.run(state, id).changes > 0;
  }
  /** Home bookings still booked whose slot started before `before`. */
  homeBookedBefore(before: number): Appointment[] {
    return (this.q.homeOverdue.all(before) as Row[]).map(toAppointment);
  }

  insertTeam(a: TeamAssignment, receivedAt: number): void {
    this.q.insertTeam.run({ ...a, fieldCodes: JSON.stringify(a.fieldCodes), receivedAt });
  }
  team(id: string): TeamAssignmentRow | null {
    const r = this.q.team.get(id) as Row | undefined;
    return r ? toTeam(r) : null;
  }
  /** Assignments from `day` on, and any still pending. */
  teams(fromDay: string): TeamAssignmentRow[] {
    return (this.q.teams.all(fromDay) as Row[]).map(toTeam);
  }
  /** Accepted assignments whose temporary clerk account is still active. */
  acceptedWithActiveClerk(): TeamAssignmentRow[] {
    return (this.q.acceptedWithActiveClerk.all() as Row[]).map(toTeam);
  }
  /** Whether the clerk has a citizen called or at the counter now. */
  clerkBusy(clerkId: string): boolean {
    return this.q.clerkBusy.get(clerkId) !== undefined;
  }
  decideTeam(id: string, state: TeamAssignmentRow['state'], at: number, clerkId: string | null = null, counterId: string | null = null): void {
    this.q.decideTeam.run(state, at, clerkId, counterId, id);
  }
}

function toTeam(r: Row): TeamAssignmentRow {
  return {
    id: str(r.id),
    staffRef: str(r.staff_ref),
    staffName: str(r.staff_name),
    fieldCodes: JSON.parse(str(r.field_codes)) as string[],
    day: str(r.day),
    from: str(r.from_hm),
    to: str(r.to_hm),
    note: str(r.note),
    state: r.state as TeamAssignmentRow['state'],
    receivedAt: Number(r.received_at),
    decidedAt: numOrNull(r.decided_at),
    clerkId: strOrNull(r.clerk_id),
    counterId: strOrNull(r.counter_id),
    clerkUsername: strOrNull(r.clerk_username),
  };
}
