/**
 * Mobile support teams at the city (issue 19 item 2): the roster (who, which fields each can
 * serve), the assignments sent to wards, and what the wards answered.
 *
 * - Sending an assignment writes its `city_team_assignments` row and enqueues `team.assigned` for
 *   the ward's hub (channel/outbox.ts) in ONE transaction; a move from another ward withdraws the
 *   member's current assignment there (`team.withdrawn`) in the same transaction.
 * - The hub answers through the upward sync: `city.message_applied` (the message reached the hub:
 *   delivered, or skipped with the reason) and `team.decided` (accepted, declined, withdrawn).
 *   `applyHubAnswers` projects them onto the assignment's status during ingest, in the ingest's
 *   transaction (so a status is never ahead of, or behind, the events the city holds).
 * - Every write is audited in `city_audit` (team.member_created, team.member_saved, team.assigned,
 *   team.withdrawn) in the transaction that makes it.
 */
import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { businessDay, CalendarDay, hhmmToMinutes, localMidnight, type Clock, type SyncEvent } from '@motcua/shared';
import { inTransaction } from '../db/client';
import { enqueueForHub } from '../channel/outbox';

export const TEAM_STATUSES = ['sent', 'delivered', 'skipped', 'accepted', 'declined', 'withdrawing', 'withdrawn'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];
/** Statuses in which the member is (or is about to be) at the ward: they can be withdrawn. */
export const ACTIVE_STATUSES: readonly TeamStatus[] = ['sent', 'delivered', 'accepted'];

const FieldCodes = z.array(z.string().trim().min(1).max(32)).max(50);

/** A member as an admin enters it. `fieldCodes` are the field codes (lĩnh vực) the member can serve. */
export const TeamMemberInput = z.object({
  name: z.string().trim().min(1).max(80),
  phone: z
    .string()
    .trim()
    .transform((s) => s.replace(/[\s.-]/g, ''))
    .pipe(z.string().regex(/^(\+?\d{8,15})?$/, 'phone: 8–15 digits, optionally starting with +'))
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null),
  fieldCodes: FieldCodes.min(1, 'at least one field'),
  active: z.boolean().default(true),
});
export type TeamMemberInput = z.input<typeof TeamMemberInput>;

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

export const AssignInput = z
  .object({
    memberId: z.coerce.number().int().positive(),
    hubId: z.string().min(1).max(64),
    fieldCodes: FieldCodes.min(1, 'at least one field'),
    day: CalendarDay,
    from: Hhmm,
    to: Hhmm,
    note: z.string().trim().max(500).default(''),
    /** The member's current assignment this one replaces (a move): withdrawn in the same transaction. */
    replaces: z.string().min(1).max(64).nullable().default(null),
    /** The recommender's modelled late shares of the ward (without, with the move), kept for the record. */
    lateWithout: z.number().min(0).max(1).nullable().default(null),
    lateWith: z.number().min(0).max(1).nullable().default(null),
  })
  .refine((a) => hhmmToMinutes(a.from) < hhmmToMinutes(a.to), { message: 'from must be before to', path: ['to'] });
export type AssignInput = z.input<typeof AssignInput>;

export interface TeamMember {
  memberId: number;
  name: string;
  phone: string | null;
  fieldCodes: string[];
  active: boolean;
}

export interface TeamAssignmentRecord {
  assignmentId: string;
  memberId: number;
  memberName: string;
  hubId: string;
  hubName: { vi: string; en: string };
  fieldCodes: string[];
  day: string;
  from: string;
  to: string;
  note: string;
  status: TeamStatus;
  /** The hub's reason when it skipped a message; what the city did when it withdrew. */
  detail: string | null;
  lateWithout: number | null;
  lateWith: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export type TeamErrorCode = 'invalid_input' | 'not_found' | 'inactive' | 'unknown_field' | 'past' | 'conflict' | 'not_withdrawable';

/** A refusal, Vietnamese first, then English. */
export class TeamError extends Error {
  constructor(
    readonly code: TeamErrorCode,
    readonly status: number,
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi} / ${en}`);
    this.name = 'TeamError';
  }
}

/** Who does it, for the audit. */
export interface TeamActor {
  username: string;
  address: string | null;
}

function invalid(e: z.ZodError): TeamError {
  const issue = e.issues[0];
  const path = issue?.path.join('.') ?? '';
  return new TeamError('invalid_input', 400, `Dữ liệu không hợp lệ: ${path} (${issue?.message ?? ''})`, `Invalid input: ${path} (${issue?.message ?? 'invalid'})`);
}

interface MemberRow {
  member_id: string;
  name: string;
  phone: string | null;
  field_codes: string[];
  active: boolean;
}
const memberOf = (r: MemberRow): TeamMember => ({ memberId: Number(r.member_id), name: r.name, phone: r.phone, fieldCodes: r.field_codes, active: r.active });

interface AssignmentRow {
  assignment_id: string;
  member_id: string;
  member_name: string;
  hub_id: string;
  name_vi: string;
  name_en: string;
  field_codes: string[];
  day: string;
  from_hhmm: string;
  to_hhmm: string;
  note: string;
  status: TeamStatus;
  detail: string | null;
  late_without: number | null;
  late_with: number | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}
const assignmentOf = (r: AssignmentRow): TeamAssignmentRecord => ({
  assignmentId: r.assignment_id,
  memberId: Number(r.member_id),
  memberName: r.member_name,
  hubId: r.hub_id,
  hubName: { vi: r.name_vi, en: r.name_en },
  fieldCodes: r.field_codes,
  day: r.day,
  from: r.from_hhmm,
  to: r.to_hhmm,
  note: r.note,
  status: r.status,
  detail: r.detail,
  lateWithout: r.late_without,
  lateWith: r.late_with,
  createdBy: r.created_by,
  createdAt: r.created_at.getTime(),
  updatedAt: r.updated_at.getTime(),
});

const ASSIGNMENT_SELECT = `SELECT a.*, m.name AS member_name, h.name_vi, h.name_en
  FROM city_team_assignments a JOIN city_team_members m USING (member_id) JOIN city_hubs h USING (hub_id)`;

async function audit(c: PoolClient, at: number, kind: string, actor: TeamActor, detail: Record<string, unknown>): Promise<void> {
  await c.query('INSERT INTO city_audit (at, kind, username, actor, address, detail) VALUES ($1, $2, NULL, $3, $4, $5)', [new Date(at), kind, actor.username, actor.address, JSON.stringify(detail)]);
}

/** The team events a hub sends that answer an assignment (`applyHubAnswers` reads them). */
export const isTeamAnswer = (e: SyncEvent): boolean => e.type === 'team.decided' || (e.type === 'city.message_applied' && (e.payload.kind === 'team.assigned' || e.payload.kind === 'team.withdrawn'));

/** Assignments of days in [from, to] (one ward's, or all), by day, hours, ward (the /teams page, a ward's page, the weekly report). */
export async function teamAssignments(db: Pool | PoolClient, o: { from: string; to: string; hubId?: string }): Promise<TeamAssignmentRecord[]> {
  const r = await db.query<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.day BETWEEN $1 AND $2 AND ($3::text IS NULL OR a.hub_id = $3) ORDER BY a.day, a.from_hhmm, h.name_vi, a.created_at`, [
    o.from,
    o.to,
    o.hubId ?? null,
  ]);
  return r.rows.map(assignmentOf);
}

export class TeamService {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  today(): string {
    return businessDay(this.clock.now(), this.timeZone);
  }

  async members(): Promise<TeamMember[]> {
    const r = await this.pool.query<MemberRow>('SELECT * FROM city_team_members ORDER BY active DESC, name, member_id');
    return r.rows.map(memberOf);
  }

  async createMember(input: unknown, actor: TeamActor): Promise<TeamMember> {
    const p = TeamMemberInput.safeParse(input);
    if (!p.success) throw invalid(p.error);
    const m = p.data;
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<MemberRow>('INSERT INTO city_team_members (name, phone, field_codes, active) VALUES ($1, $2, $3, $4) RETURNING *', [m.name, m.phone, [...new Set(m.fieldCodes)], m.active]);
      const row = memberOf(r.rows[0] as MemberRow);
      await audit(c, this.clock.now(), 'team.member_created', actor, { memberId: row.memberId, name: row.name, fieldCodes: row.fieldCodes, active: row.active });
      return row;
    });
  }

  async updateMember(memberId: number, input: unknown, actor: TeamActor): Promise<TeamMember> {
    const p = TeamMemberInput.safeParse(input);
    if (!p.success) throw invalid(p.error);
    const m = p.data;
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<MemberRow>('UPDATE city_team_members SET name = $2, phone = $3, field_codes = $4, active = $5, updated_at = now() WHERE member_id = $1 RETURNING *', [
        memberId,
        m.name,
        m.phone,
        [...new Set(m.fieldCodes)],
        m.active,
      ]);
      const row = r.rows[0];
      if (!row) throw new TeamError('not_found', 404, `Không có thành viên đội số ${memberId}`, `No team member ${memberId}`);
      const saved = memberOf(row);
      await audit(c, this.clock.now(), 'team.member_saved', actor, { memberId, name: saved.name, fieldCodes: saved.fieldCodes, active: saved.active });
      return saved;
    });
  }

  /** Assignments of days in [from, to] (one ward's, or all), by day, hours, ward. */
  assignments(o: { from: string; to: string; hubId?: string }): Promise<TeamAssignmentRecord[]> {
    return teamAssignments(this.pool, o);
  }

  async assignment(id: string): Promise<TeamAssignmentRecord | null> {
    const r = await this.pool.query<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.assignment_id = $1`, [id]);
    return r.rows[0] ? assignmentOf(r.rows[0]) : null;
  }

  /**
   * (`input` is read with `AssignInput`: a form's or a JSON body's fields, refused with a clear error.)
   * Sends a member to a ward: the row and the `team.assigned` message in one transaction (and, for
   * a move, the withdrawal of the assignment it replaces). Refuses an inactive member, a field the
   * member or the ward does not have, hours already over, and overlapping hours elsewhere that the
   * assignment does not say it replaces.
   */
  async assign(input: unknown, actor: TeamActor): Promise<TeamAssignmentRecord> {
    const p = AssignInput.safeParse(input);
    if (!p.success) throw invalid(p.error);
    const a = p.data;
    const now = this.clock.now();
    const end = localMidnight(Date.parse(`${a.day}T12:00:00Z`), this.timeZone) + hhmmToMinutes(a.to) * 60_000;
    if (end <= now) throw new TeamError('past', 400, `Khung giờ ${a.from}–${a.to} ngày ${a.day} đã qua`, `The hours ${a.from}–${a.to} on ${a.day} are over`);
    const id = `t-${randomBytes(9).toString('base64url')}`;
    const saved = await inTransaction(this.pool, async (c) => {
      // The member's row lock serialises two admins sending the same member at once.
      const m = (await c.query<MemberRow>('SELECT * FROM city_team_members WHERE member_id = $1 FOR UPDATE', [a.memberId])).rows[0];
      if (!m) throw new TeamError('not_found', 404, `Không có thành viên đội số ${a.memberId}`, `No team member ${a.memberId}`);
      if (!m.active) throw new TeamError('inactive', 409, `${m.name} không còn hoạt động trong đội`, `${m.name} is no longer active in the team`);
      const hub = (await c.query<{ name_vi: string; field_codes: string[]; active: boolean }>('SELECT name_vi, field_codes, active FROM city_hubs WHERE hub_id = $1', [a.hubId])).rows[0];
      if (!hub?.active) throw new TeamError('not_found', 404, `Không có phường ${a.hubId}`, `No ward ${a.hubId}`);
      const fields = [...new Set(a.fieldCodes)];
      const notMember = fields.filter((f) => !m.field_codes.includes(f));
      if (notMember.length) throw new TeamError('unknown_field', 400, `${m.name} không phục vụ lĩnh vực ${notMember.join(', ')}`, `${m.name} does not serve field(s) ${notMember.join(', ')}`);
      const notWard = hub.field_codes.length ? fields.filter((f) => !hub.field_codes.includes(f)) : [];
      if (notWard.length) throw new TeamError('unknown_field', 400, `${hub.name_vi} không có lĩnh vực ${notWard.join(', ')}`, `${a.hubId} has no field(s) ${notWard.join(', ')}`);
      const overlapping = await c.query<{ assignment_id: string; hub_id: string; name_vi: string; from_hhmm: string; to_hhmm: string }>(
        `SELECT a.assignment_id, a.hub_id, h.name_vi, a.from_hhmm, a.to_hhmm FROM city_team_assignments a JOIN city_hubs h USING (hub_id)
          WHERE a.member_id = $1 AND a.day = $2 AND a.status = ANY($3) AND a.from_hhmm < $5 AND a.to_hhmm > $4`,
        [a.memberId, a.day, ACTIVE_STATUSES, a.from, a.to],
      );
      for (const o of overlapping.rows) {
        if (o.assignment_id === a.replaces) continue;
        throw new TeamError(
          'conflict',
          409,
          `${m.name} đã được phân công tại ${o.name_vi} từ ${o.from_hhmm} đến ${o.to_hhmm}: rút phân công đó trước`,
          `${m.name} is already assigned to ${o.hub_id} from ${o.from_hhmm} to ${o.to_hhmm}: withdraw that first`,
        );
      }
      if (a.replaces !== null) await this.withdrawIn(c, a.replaces, actor, `moved to ${a.hubId}`, a.memberId);
      const seq = await enqueueForHub(c, a.hubId, {
        kind: 'team.assigned',
        assignment: { id, staffRef: `m${m.member_id}`, staffName: m.name, fieldCodes: fields, day: a.day, from: a.from, to: a.to, note: a.note },
      });
      await c.query(
        `INSERT INTO city_team_assignments (assignment_id, member_id, hub_id, field_codes, day, from_hhmm, to_hhmm, note, assigned_seq, late_without, late_with, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [id, a.memberId, a.hubId, fields, a.day, a.from, a.to, a.note, seq, a.lateWithout, a.lateWith, actor.username],
      );
      await audit(c, now, 'team.assigned', actor, { assignmentId: id, memberId: a.memberId, hubId: a.hubId, fieldCodes: fields, day: a.day, from: a.from, to: a.to, replaces: a.replaces });
      return id;
    });
    return (await this.assignment(saved)) as TeamAssignmentRecord;
  }

  /** Withdraws an assignment: `team.withdrawn` for the hub, in the transaction that marks it. */
  async withdraw(assignmentId: string, actor: TeamActor): Promise<TeamAssignmentRecord> {
    await inTransaction(this.pool, (c) => this.withdrawIn(c, assignmentId, actor, 'withdrawn by the city', null));
    return (await this.assignment(assignmentId)) as TeamAssignmentRecord;
  }

  private async withdrawIn(c: PoolClient, assignmentId: string, actor: TeamActor, why: string, memberId: number | null): Promise<void> {
    const row = (await c.query<{ hub_id: string; member_id: string; status: TeamStatus }>('SELECT hub_id, member_id, status FROM city_team_assignments WHERE assignment_id = $1 FOR UPDATE', [assignmentId])).rows[0];
    if (!row || (memberId !== null && Number(row.member_id) !== memberId)) throw new TeamError('not_found', 404, `Không có phân công ${assignmentId}`, `No assignment ${assignmentId}`);
    if (!ACTIVE_STATUSES.includes(row.status)) throw new TeamError('not_withdrawable', 409, `Phân công ${assignmentId} đang ở trạng thái "${row.status}", không rút được`, `Assignment ${assignmentId} is ${row.status}: nothing to withdraw`);
    const seq = await enqueueForHub(c, row.hub_id, { kind: 'team.withdrawn', id: assignmentId });
    await c.query("UPDATE city_team_assignments SET status = 'withdrawing', withdrawn_seq = $2, detail = $3, updated_at = now() WHERE assignment_id = $1", [assignmentId, seq, why]);
    await audit(c, this.clock.now(), 'team.withdrawn', actor, { assignmentId, hubId: row.hub_id, was: row.status });
  }

  /**
   * The hub's answers (read during ingest, in its transaction): `city.message_applied` for a
   * `team.assigned` (delivered, or skipped with the hub's reason) or a `team.withdrawn` that had
   * nothing to undo, and `team.decided`. A decision that arrives after the city withdrew keeps the
   * withdrawal in progress; a withdrawal confirmed by the hub always ends it.
   */
  static async applyHubAnswers(client: PoolClient, hubId: string, events: readonly SyncEvent[]): Promise<void> {
    const set = (where: string, params: unknown[], status: TeamStatus, detail: string | null, from: readonly TeamStatus[]) =>
      client.query(`UPDATE city_team_assignments SET status = $1, detail = coalesce($2, detail), updated_at = now() WHERE hub_id = $3 AND ${where} AND status = ANY($4)`, [status, detail, hubId, from, ...params]);
    for (const e of events) {
      if (e.type === 'city.message_applied') {
        const p = e.payload;
        if (p.kind === 'team.assigned') {
          if (p.outcome === 'applied') await set('assigned_seq = $5', [p.seq], 'delivered', null, ['sent']);
          else await set('assigned_seq = $5', [p.seq], 'skipped', p.detail, ['sent', 'delivered']);
        } else if (p.kind === 'team.withdrawn' && p.outcome !== 'applied') {
          await set('withdrawn_seq = $5', [p.seq], 'withdrawn', p.detail, ['withdrawing']);
        }
      } else if (e.type === 'team.decided') {
        const id = e.payload.assignmentId;
        if (e.payload.decision === 'accepted') await set('assignment_id = $5', [id], 'accepted', null, ['sent', 'delivered', 'skipped']);
        else if (e.payload.decision === 'declined') await set('assignment_id = $5', [id], 'declined', null, ['sent', 'delivered', 'skipped', 'withdrawing']);
        else await set('assignment_id = $5', [id], 'withdrawn', null, ['sent', 'delivered', 'skipped', 'accepted', 'withdrawing']);
      }
    }
  }
}
