/**
 * The SQL of the retention policy (services/retention.ts decides what is old enough). Each method
 * runs inside the caller's transaction and returns how many rows it changed.
 */
import type { Db } from './database';

export interface PurgeCounts {
  /** Tickets and bookings whose citizen name and hashed ID number were erased. */
  personalData: number;
  tickets: number;
  appointments: number;
  printJobs: number;
  events: number;
  dayCounters: number;
  /** Expired sign-in sessions and pairing codes. */
  credentials: number;
}

export const NO_PURGE: Readonly<PurgeCounts> = { personalData: 0, tickets: 0, appointments: 0, printJobs: 0, events: 0, dayCounters: 0, credentials: 0 };

export class RetentionRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      scrubTickets: db.prepare('UPDATE tickets SET citizen_name = NULL, citizen_id_hash = NULL WHERE day < ? AND (citizen_name IS NOT NULL OR citizen_id_hash IS NOT NULL)'),
      scrubAppointments: db.prepare('UPDATE appointments SET citizen_name = NULL WHERE slot_at < ? AND citizen_name IS NOT NULL'),
      printJobs: db.prepare('DELETE FROM print_jobs WHERE ticket_id IN (SELECT id FROM tickets WHERE day < ?)'),
      tickets: db.prepare('DELETE FROM tickets WHERE day < ?'),
      appointments: db.prepare('DELETE FROM appointments WHERE slot_at < ?'),
      events: db.prepare('DELETE FROM events WHERE day < ? AND seq <= ?'),
      dayCounters: db.prepare('DELETE FROM day_counters WHERE day < ?'),
      sessions: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
      pairingCodes: db.prepare('DELETE FROM pairing_codes WHERE expires_at < ?'),
    };
  }

  /** Erases citizens' names and hashed ID numbers from tickets of days before `day` and bookings with a slot before `slotBefore`. */
  scrubPersonalData(day: string, slotBefore: number): number {
    return this.q.scrubTickets.run(day).changes + this.q.scrubAppointments.run(slotBefore).changes;
  }

  /**
   * Deletes tickets (with their print jobs) and numbering of days before `day`, bookings with a slot
   * before `slotBefore`, and events of days before `day` up to seq `eventsThrough` (events after it
   * have not reached the city yet and stay).
   */
  purgeHistory(day: string, slotBefore: number, eventsThrough: number): Omit<PurgeCounts, 'personalData' | 'credentials'> {
    return {
      printJobs: this.q.printJobs.run(day).changes,
      tickets: this.q.tickets.run(day).changes,
      appointments: this.q.appointments.run(slotBefore).changes,
      events: eventsThrough > 0 ? this.q.events.run(day, eventsThrough).changes : 0,
      dayCounters: this.q.dayCounters.run(day).changes,
    };
  }

  /** Deletes sessions and pairing codes (used or not) that expired before `now`. */
  purgeCredentials(now: number): number {
    return this.q.sessions.run(now).changes + this.q.pairingCodes.run(now).changes;
  }
}
