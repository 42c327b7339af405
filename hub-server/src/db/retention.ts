/**
 * The SQL of the retention policy (services/retention.ts decides what is old enough). Each method
 * runs inside the caller's transaction and returns how many rows it changed.
 */
import type { PurgeSummary } from '@motcua/shared';
import type { Db } from './database';

/** Rows erased or deleted by one pass: personal data (names, ID pseudonyms, rating reasons), tickets, bookings, print jobs, events, day counters, expired credentials. */
export type PurgeCounts = PurgeSummary;

export const NO_PURGE: Readonly<PurgeCounts> = { personalData: 0, tickets: 0, appointments: 0, printJobs: 0, events: 0, dayCounters: 0, credentials: 0, housekeeping: 0 };

export class RetentionRepo {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      scrubTickets: db.prepare(
        'UPDATE tickets SET citizen_name = NULL, citizen_id_hash = NULL, rating_reason = NULL WHERE day < ? AND (citizen_name IS NOT NULL OR citizen_id_hash IS NOT NULL OR rating_reason IS NOT NULL)',
      ),
      // A rating reason is the citizen's free text (it may name them or a clerk): it goes with the names.
      scrubRatingEvents: db.prepare("UPDATE events SET payload = json_set(payload, '$.reason', NULL) WHERE type = 'ticket.rated' AND day < ? AND json_extract(payload, '$.reason') IS NOT NULL"),
      scrubAppointments: db.prepare('UPDATE appointments SET citizen_name = NULL WHERE slot_at < ? AND citizen_name IS NOT NULL'),
      printJobs: db.prepare('DELETE FROM print_jobs WHERE ticket_id IN (SELECT id FROM tickets WHERE day < ?)'),
      tickets: db.prepare('DELETE FROM tickets WHERE day < ?'),
      appointments: db.prepare('DELETE FROM appointments WHERE slot_at < ?'),
      events: db.prepare('DELETE FROM events WHERE day < ? AND seq <= ?'),
      dayCounters: db.prepare('DELETE FROM day_counters WHERE day < ?'),
      // The newest applied message is the channel's cursor (MAX(seq)): it stays whatever its age.
      cityMessages: db.prepare('DELETE FROM city_messages WHERE applied_at < ? AND seq < (SELECT MAX(seq) FROM city_messages)'),
      teamAssignments: db.prepare('DELETE FROM team_assignments WHERE day < ?'),
      dispatchState: db.prepare('DELETE FROM dispatch_state WHERE day < ?'),
      sessions: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
      newestEventAt: db.prepare('SELECT at FROM events ORDER BY seq DESC LIMIT 1'),
      namedDays: db.prepare('SELECT DISTINCT day FROM tickets WHERE day < ? AND (citizen_name IS NOT NULL OR citizen_id_hash IS NOT NULL OR rating_reason IS NOT NULL) ORDER BY day'),
      historyDays: db.prepare(
        'SELECT day FROM tickets WHERE day < ? UNION SELECT day FROM day_counters WHERE day < ? UNION SELECT day FROM events WHERE day < ? AND seq <= ? ORDER BY day',
      ),
      pairingCodes: db.prepare('DELETE FROM pairing_codes WHERE expires_at < ?'),
    };
  }

  /**
   * Erases citizens' names, ID pseudonyms and rating reasons from tickets and rating events of days
   * before `day`, and names from bookings with a slot before `slotBefore`.
   */
  scrubPersonalData(day: string, slotBefore: number): number {
    return this.q.scrubTickets.run(day).changes + this.q.scrubRatingEvents.run(day).changes + this.q.scrubAppointments.run(slotBefore).changes;
  }

  /**
   * After a purge has committed: copies the WAL into the database and truncates it, so the erased
   * values do not survive in old WAL frames (secure_delete, db/database.ts, zeroes them in the
   * database pages). Returns false when a reader kept the checkpoint from completing.
   */
  checkpoint(): boolean {
    const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return r !== undefined && r.busy === 0;
  }

  /**
   * Deletes tickets (with their print jobs) and numbering of days before `day`, bookings with a slot
   * before `slotBefore`, and events of days before `day` up to seq `eventsThrough` (events after it
   * have not reached the city yet and stay); and the housekeeping rows of those days: city messages
   * applied before `slotBefore` (but the newest, the channel's cursor), mobile-team assignments
   * (with the team member's name) and the priority streak.
   */
  purgeHistory(day: string, slotBefore: number, eventsThrough: number): Omit<PurgeCounts, 'personalData' | 'credentials'> {
    return {
      housekeeping: this.q.cityMessages.run(slotBefore).changes + this.q.teamAssignments.run(day).changes + this.q.dispatchState.run(day).changes,
      printJobs: this.q.printJobs.run(day).changes,
      tickets: this.q.tickets.run(day).changes,
      appointments: this.q.appointments.run(slotBefore).changes,
      events: eventsThrough > 0 ? this.q.events.run(day, eventsThrough).changes : 0,
      dayCounters: this.q.dayCounters.run(day).changes,
    };
  }

  /** When the newest stored event happened (null: none). */
  newestEventAt(): number | null {
    const r = this.q.newestEventAt.get() as { at: number } | undefined;
    return r?.at ?? null;
  }

  /**
   * The business days a pass with these cutoffs would touch: those whose personal data it would
   * erase, and those whose history it would delete (events only up to `eventsThrough`).
   */
  daysAffected(personalBefore: string, historyBefore: string, eventsThrough: number): { personal: string[]; history: string[] } {
    const days = (rows: unknown[]): string[] => (rows as { day: string }[]).map((r) => r.day);
    return {
      personal: days(this.q.namedDays.all(personalBefore)),
      history: days(this.q.historyDays.all(historyBefore, historyBefore, historyBefore, eventsThrough)),
    };
  }

  /** Deletes sessions and pairing codes (used or not) that expired before `now`. */
  purgeCredentials(now: number): number {
    return this.q.sessions.run(now).changes + this.q.pairingCodes.run(now).changes;
  }
}
