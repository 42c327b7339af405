/**
 * SQL the manager's configuration needs beyond the hub's own repositories: settings, temporary
 * skills, catalogue and counter edits, clerk accounts, device revocation, audit paging and the
 * ticket/event rows reports aggregate. Prepared once.
 */
import type { Clerk, Counter, Field, Procedure, Service, TemporarySkill } from '@motcua/shared';
import type { Db } from './database';
import type { StoredEvent } from './repositories';

import { numOrNull, str, strOrNull, toStoredEvent } from './rows';
import type { Row } from './rows';

/** One ticket as reports need it, with its first call from the audit trail. */
export interface ReportTicketRow {
  id: string;
  day: string;
  serviceId: string;
  /** How it came: `walk_in` tickets never queued (served at once at the counter that created them). */
  channel: string;
  counterId: string | null;
  clerkId: string | null;
  state: string;
  issuedAt: number;
  queuedAt: number;
  firstCalledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  rating: number | null;
}

export class ManagerRepo {
  private readonly q;
  constructor(db: Db) {
    this.q = {
      setting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      putSetting: db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'),

      updateField: db.prepare('UPDATE fields SET code = @code, name_vi = @vi, name_en = @en, sort_order = @sortOrder WHERE id = @id'),
      deleteField: db.prepare('DELETE FROM fields WHERE id = ?'),
      fieldUse: db.prepare('SELECT (SELECT COUNT(*) FROM services WHERE field_id = @id) + (SELECT COUNT(*) FROM procedures WHERE field_id = @id) AS n'),
      updateService: db.prepare('UPDATE services SET code = @code, name_vi = @vi, name_en = @en, field_id = @fieldId, prefix = @prefix, expected_service_min = @expectedServiceMin, active = @active WHERE id = @id'),
      upsertProcedure: db.prepare(
        'INSERT INTO procedures (id, national_code, name_vi, name_en, field_id, service_id) VALUES (@id, @nationalCode, @vi, @en, @fieldId, @serviceId) ON CONFLICT (id) DO UPDATE SET national_code = excluded.national_code, name_vi = excluded.name_vi, name_en = excluded.name_en, field_id = excluded.field_id, service_id = excluded.service_id',
      ),
      deleteProcedure: db.prepare('DELETE FROM procedures WHERE id = ?'),

      updateCounterConfig: db.prepare('UPDATE counters SET number = @number, name_vi = @vi, name_en = @en, primary_services = @primary, secondary_services = @secondary, zone = @zone WHERE id = @id'),
      deleteCounter: db.prepare('DELETE FROM counters WHERE id = ?'),
      deleteCounterSessions: db.prepare('DELETE FROM sessions WHERE counter_id = ?'),
      deleteCounterTempSkills: db.prepare('DELETE FROM temporary_skills WHERE counter_id = ?'),
      counterTicketRefs: db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE (counter_id = @id OR target_counter_id = @id) AND state IN ('waiting','called','serving','held')"),
      counterDeviceRefs: db.prepare('SELECT COUNT(*) AS n FROM devices WHERE counter_id = ? AND revoked = 0'),

      updateClerk: db.prepare('UPDATE clerks SET username = @username, display_name = @displayName, role = @role, active = @active WHERE id = @id'),
      setPassword: db.prepare('UPDATE clerks SET password_hash = ? WHERE id = ?'),
      endClerkSessions: db.prepare('DELETE FROM sessions WHERE clerk_id = ?'),
      activeManagers: db.prepare("SELECT COUNT(*) AS n FROM clerks WHERE role = 'manager' AND active = 1 AND id <> ?"),

      revokeDevice: db.prepare('UPDATE devices SET revoked = 1 WHERE id = ? AND revoked = 0'),

      insertTempSkill: db.prepare('INSERT INTO temporary_skills (id, counter_id, service_id, level, until, created_at, advice_id) VALUES (@id, @counterId, @serviceId, @level, @until, @createdAt, @adviceId)'),
      openTempSkills: db.prepare('SELECT * FROM temporary_skills WHERE ended_at IS NULL ORDER BY until'),
      endTempSkill: db.prepare('UPDATE temporary_skills SET ended_at = ? WHERE id = ? AND ended_at IS NULL'),

      auditPage: db.prepare('SELECT * FROM events WHERE seq < @before AND type LIKE @prefix ORDER BY seq DESC LIMIT @limit'),

      alarmsRecorded: db.prepare("SELECT ticket_id, type FROM events WHERE day = ? AND type IN ('alarm.wait_warn','alarm.wait_breach') AND ticket_id IS NOT NULL"),
      waitingByService: db.prepare("SELECT service_id, COUNT(*) AS n FROM tickets WHERE day = ? AND state = 'waiting' GROUP BY service_id"),
      waitingTargeted: db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND state = 'waiting' AND target_counter_id = ?"),

      reportTickets: db.prepare('SELECT id, day, service_id, channel, counter_id, clerk_id, state, issued_at, queued_at, started_at, finished_at, rating FROM tickets WHERE day BETWEEN ? AND ?'),
      dossiers: db.prepare(
        "SELECT json_extract(payload, '$.procedureId') AS procedure_id, json_extract(payload, '$.serviceId') AS service_id, COUNT(*) AS n FROM events WHERE day BETWEEN ? AND ? AND type = 'ticket.dossier_recorded' GROUP BY procedure_id, service_id",
      ),
      firstCalls: db.prepare("SELECT ticket_id, MIN(at) AS at FROM events WHERE type = 'ticket.called' AND day BETWEEN ? AND ? AND ticket_id IS NOT NULL GROUP BY ticket_id"),
    };
  }

  // ---------------------------------------------------------------- settings

  setting(key: string): unknown {
    const r = this.q.setting.get(key) as Row | undefined;
    return r ? (JSON.parse(str(r.value)) as unknown) : undefined;
  }
  putSetting(key: string, value: unknown, now: number): void {
    this.q.putSetting.run(key, JSON.stringify(value), now);
  }

  // ---------------------------------------------------------------- catalogue

  updateField(f: Field): void {
    this.q.updateField.run({ id: f.id, code: f.code, vi: f.name.vi, en: f.name.en, sortOrder: f.sortOrder });
  }
  fieldInUse(id: string): boolean {
    return Number((this.q.fieldUse.get({ id }) as Row).n) > 0;
  }
  deleteField(id: string): void {
    this.q.deleteField.run(id);
  }
  updateService(s: Service): void {
    this.q.updateService.run({ ...s, vi: s.name.vi, en: s.name.en, active: s.active ? 1 : 0 });
  }
  upsertProcedure(p: Procedure): void {
    this.q.upsertProcedure.run({ ...p, vi: p.name.vi, en: p.name.en });
  }
  deleteProcedure(id: string): number {
    return this.q.deleteProcedure.run(id).changes;
  }

  // ---------------------------------------------------------------- counters

  updateCounterConfig(c: Pick<Counter, 'id' | 'number' | 'name' | 'primary' | 'secondary' | 'zone'>): void {
    this.q.updateCounterConfig.run({ id: c.id, number: c.number, vi: c.name.vi, en: c.name.en, primary: JSON.stringify(c.primary), secondary: JSON.stringify(c.secondary), zone: c.zone });
  }
  liveTicketsAtCounter(id: string): number {
    return Number((this.q.counterTicketRefs.get({ id }) as Row).n);
  }
  devicesAtCounter(id: string): number {
    return Number((this.q.counterDeviceRefs.get(id) as Row).n);
  }
  deleteCounter(id: string): void {
    this.q.deleteCounterSessions.run(id);
    this.q.deleteCounterTempSkills.run(id);
    this.q.deleteCounter.run(id);
  }

  // ---------------------------------------------------------------- clerks

  updateClerk(c: Clerk): void {
    this.q.updateClerk.run({ ...c, active: c.active ? 1 : 0 });
  }
  setPassword(id: string, hash: string): void {
    this.q.setPassword.run(hash, id);
  }
  endClerkSessions(id: string): void {
    this.q.endClerkSessions.run(id);
  }
  otherActiveManagers(id: string): number {
    return Number((this.q.activeManagers.get(id) as Row).n);
  }

  // ---------------------------------------------------------------- devices

  revokeDevice(id: string): boolean {
    return this.q.revokeDevice.run(id).changes > 0;
  }

  // ---------------------------------------------------------------- temporary skills

  insertTemporarySkill(s: TemporarySkill): void {
    this.q.insertTempSkill.run(s);
  }
  openTemporarySkills(): TemporarySkill[] {
    return (this.q.openTempSkills.all() as Row[]).map((r) => ({
      id: str(r.id),
      counterId: str(r.counter_id),
      serviceId: str(r.service_id),
      level: r.level as TemporarySkill['level'],
      until: Number(r.until),
      createdAt: Number(r.created_at),
      adviceId: strOrNull(r.advice_id),
    }));
  }
  endTemporarySkill(id: string, at: number): boolean {
    return this.q.endTempSkill.run(at, id).changes > 0;
  }

  // ---------------------------------------------------------------- audit

  auditPage(beforeSeq: number, limit: number, typePrefix: string): StoredEvent[] {
    const prefix = `${typePrefix.replace(/[%_]/g, '')}%`;
    return (this.q.auditPage.all({ before: beforeSeq, prefix, limit }) as Row[]).map(toStoredEvent);
  }

  // ---------------------------------------------------------------- queue facts

  /** "ticketId:level" of the wait alarms already recorded on a day. */
  alarmsRecorded(day: string): string[] {
    return (this.q.alarmsRecorded.all(day) as Row[]).map((r) => `${str(r.ticket_id)}:${r.type === 'alarm.wait_breach' ? 'breach' : 'warn'}`);
  }
  waitingByService(day: string): Record<string, number> {
    return Object.fromEntries((this.q.waitingByService.all(day) as Row[]).map((r) => [str(r.service_id), Number(r.n)]));
  }
  waitingTargetedAt(day: string, counterId: string): number {
    return Number((this.q.waitingTargeted.get(day, counterId) as Row).n);
  }

  // ---------------------------------------------------------------- reports

  /** Dossiers recorded at counters (`ticket.dossier_recorded`) per procedure and service, over days. */
  reportDossiers(from: string, to: string): { procedureId: string | null; serviceId: string; count: number }[] {
    return (this.q.dossiers.all(from, to) as Row[]).map((r) => ({ procedureId: strOrNull(r.procedure_id), serviceId: str(r.service_id), count: Number(r.n) }));
  }

  reportTickets(from: string, to: string): ReportTicketRow[] {
    const firstCall = new Map((this.q.firstCalls.all(from, to) as Row[]).map((r) => [str(r.ticket_id), Number(r.at)]));
    return (this.q.reportTickets.all(from, to) as Row[]).map((r) => ({
      id: str(r.id),
      day: str(r.day),
      serviceId: str(r.service_id),
      channel: str(r.channel),
      counterId: strOrNull(r.counter_id),
      clerkId: strOrNull(r.clerk_id),
      state: str(r.state),
      issuedAt: Number(r.issued_at),
      queuedAt: Number(r.queued_at),
      firstCalledAt: firstCall.get(str(r.id)) ?? null,
      startedAt: numOrNull(r.started_at),
      finishedAt: numOrNull(r.finished_at),
      rating: numOrNull(r.rating),
    }));
  }
}
