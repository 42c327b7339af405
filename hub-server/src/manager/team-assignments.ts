/**
 * Mobile support team members the city sends to this ward (issue 19 item 2, hub side; they arrive
 * as `team.assigned` / `team.withdrawn` on the city → hub channel, services/channel.ts).
 *
 * - Arrival: stored as pending and pushed to the managers (`manager:teamAssignment`).
 * - Accept (`manager:decideTeamAssignment`, at a counter): in ONE transaction a temporary clerk
 *   account is created (username `doi.<staff ref>`, a random 6-digit sign-in PIN shown to the
 *   manager once, stored only as its Argon2id hash) and the counter gets every active service of
 *   the assignment's fields it does not serve yet as a temporary skill until the assignment's end
 *   (the skill mechanism of the staffing advice: config.skill_added, ended by itself at `until`);
 *   `team.decided` records the decision. The skills start at acceptance: accept at the start of
 *   the assignment's hours.
 * - The end of the assignment's hours: once its skills have ended (they wait for citizens still
 *   waiting for them) and the team member has nobody called or at the counter, the temporary account
 *   is deactivated and its sessions end (`endOver`, every few seconds), so it cannot sign in after
 *   its hours.
 * - Decline: `team.decided` (declined). Withdrawn by the city: the skills end now (unless that
 *   would strand citizens waiting for them: then at their end as planned), the account is
 *   deactivated and its sessions end; `team.decided` (withdrawn).
 */
import { randomInt } from 'node:crypto';
import { fail, hhmmToMinutes, localMidnight, ok, type Result, type TeamAssignment, type TeamAssignmentView, type TeamDecision, type DecideTeamAssignment } from '@motcua/shared';
import type { ChannelRepo, TeamAssignmentRow } from '../db/channel-repo';
import type { ManagerRepo } from '../db/manager-repo';
import type { ClerkRepo } from '../db/repositories';
import { say } from '../i18n';
import type { Logger } from '../logger';
import { hashPassword } from '../services/auth';
import type { Catalog } from '../services/catalog';
import type { Executor } from '../services/executor';
import type { Publisher } from '../services/publisher';
import { guardedInterval } from '../services/timers';
import { SYSTEM_ACTOR, type Actor, type Tx } from '../services/unit-of-work';
import { refuse, type ManagerService } from './manager-service';

export interface TeamDeps {
  repo: ChannelRepo;
  clerks: ClerkRepo;
  managerRepo: Pick<ManagerRepo, 'updateClerk' | 'endClerkSessions'>;
  manager: Pick<ManagerService, 'addSkill' | 'endSkill' | 'openSkills'>;
  catalog: Catalog;
  executor: Executor;
  publisher: Pick<Publisher, 'pushToManagers' | 'endSessions'>;
  timeZone: string;
  log: Logger;
}

export interface TeamOutcome {
  outcome: 'applied' | 'skipped';
  detail: string;
}

const skillTag = (assignmentId: string): string => `team:${assignmentId}`;

export function toView(r: TeamAssignmentRow): TeamAssignmentView {
  const { clerkId: _c, ...view } = r;
  return view;
}

export class TeamAssignments {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly d: TeamDeps) {}

  list(fromDay: string): TeamAssignmentView[] {
    return this.d.repo.teams(fromDay).map(toView);
  }

  /** A `team.assigned` message (inside its transaction). */
  assigned(tx: Tx, a: TeamAssignment): TeamOutcome {
    if (this.d.repo.team(a.id)) return { outcome: 'skipped', detail: `assignment ${a.id} is already known here` };
    this.d.repo.insertTeam(a, tx.now);
    this.pushAfter(tx, a.id);
    return { outcome: 'applied', detail: 'waiting for the manager to accept or decline' };
  }

  /** A `team.withdrawn` message (inside its transaction). */
  withdrawn(tx: Tx, id: string): TeamOutcome {
    const a = this.d.repo.team(id);
    if (!a) return { outcome: 'skipped', detail: `assignment ${id} is not known here` };
    if (a.state === 'withdrawn' || a.state === 'declined') return { outcome: 'skipped', detail: `assignment ${id} is already ${a.state}` };
    const kept = a.state === 'accepted' ? this.undo(tx, a) : 0;
    this.d.repo.decideTeam(a.id, 'withdrawn', tx.now);
    tx.event('team.decided', null, { assignmentId: a.id, decision: 'withdrawn', clerkId: a.clerkId, counterId: a.counterId, serviceIds: [] });
    this.pushAfter(tx, a.id);
    return { outcome: 'applied', detail: `withdrawn (was ${a.state})${kept ? `; ${kept} skill(s) kept until their end: citizens wait for them` : ''}` };
  }

  /** Ends an accepted assignment's skills and account; how many skills had to stay. */
  private undo(tx: Tx, a: TeamAssignmentRow): number {
    let kept = 0;
    for (const s of this.d.manager.openSkills().filter((x) => x.adviceId === skillTag(a.id))) {
      if (!this.d.manager.endSkill(tx, s, 'removed').ok) kept++;
    }
    this.deactivate(tx, a);
    return kept;
  }

  /** When an accepted assignment's hours end (epoch ms). */
  private endOf(a: Pick<TeamAssignmentRow, 'day' | 'to'>): number {
    return localMidnight(Date.parse(`${a.day}T12:00:00Z`), this.d.timeZone) + hhmmToMinutes(a.to) * 60_000;
  }

  /**
   * Deactivates the temporary accounts of accepted assignments whose hours are over, whose skills
   * have ended and whose team member has nobody called or at the counter. Returns how many.
   */
  endOver(now: number): number {
    let ended = 0;
    for (const a of this.d.repo.acceptedWithActiveClerk()) {
      if (this.endOf(a) > now || !a.clerkId) continue;
      if (this.d.manager.openSkills().some((x) => x.adviceId === skillTag(a.id))) continue;
      if (this.d.repo.clerkBusy(a.clerkId)) continue;
      this.d.executor.exec(SYSTEM_ACTOR, (tx) => {
        this.deactivate(tx, a);
        return ok(null);
      });
      ended++;
    }
    return ended;
  }

  /** Every few seconds: the end of assignments' hours (endOver). */
  start(now: () => number, intervalMs = 5000): void {
    this.timer = guardedInterval(this.d.log, 'team assignment accounts expiry', intervalMs, () => this.endOver(now()));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deactivates the assignment's temporary clerk account (if active) and ends its sessions. */
  private deactivate(tx: Tx, a: TeamAssignmentRow): void {
    const clerk = a.clerkId ? this.d.clerks.byId(a.clerkId) : null;
    if (clerk?.active) {
      const { passwordHash: _p, ...c } = clerk;
      this.d.managerRepo.updateClerk({ ...c, active: false });
      this.d.managerRepo.endClerkSessions(clerk.id);
      tx.event('config.clerk_saved', null, { clerkId: clerk.id, username: clerk.username, role: clerk.role, active: false, passwordChanged: false, created: false });
      const id = clerk.id;
      tx.afterCommit(() => setImmediate(() => this.d.publisher.endSessions((s) => s.clerkId === id && s.sessionToken !== null, 'deactivated')));
    }
  }

  /** The manager accepts (at a counter) or declines. */
  async decide(actor: Actor, input: DecideTeamAssignment): Promise<Result<TeamDecision>> {
    const before = this.d.repo.team(input.id);
    if (!before) return fail('not_found', `team assignment ${input.id}`);
    if (before.state !== 'pending') return refuse('invalid_state', ...say.pair('teamAssignmentDecided', { state: before.state }));
    if (!input.accept) {
      return this.d.executor.exec(actor, (tx) => {
        this.d.repo.decideTeam(before.id, 'declined', tx.now);
        tx.event('team.decided', null, { assignmentId: before.id, decision: 'declined', clerkId: null, counterId: null, serviceIds: [] });
        this.pushAfter(tx, before.id);
        return ok({ assignment: this.view(before.id), pin: null });
      });
    }
    const counterId = input.counterId ?? '';
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const hash = await hashPassword(pin);
    return this.d.executor.exec(actor, (tx) => {
      const a = this.d.repo.team(input.id);
      if (!a || a.state !== 'pending') return refuse('invalid_state', ...say.pair('teamAssignmentDecided', { state: a?.state ?? 'unknown' }));
      const until = this.endOf(a);
      if (until <= tx.now) return refuse('invalid_state', ...say.pair('teamAssignmentOver', { day: a.day, to: a.to }));
      const fieldIds = new Set(this.d.catalog.fields().filter((f) => a.fieldCodes.includes(f.code)).map((f) => f.id));
      const services = this.d.catalog.services().filter((s) => s.active && fieldIds.has(s.fieldId));
      if (services.length === 0) return refuse('invalid_payload', ...say.pair('teamNoServices', { fields: a.fieldCodes.join(', ') }));
      const clerk = { id: `u-team-${a.id}`.slice(0, 64), username: this.username(a.staffRef), displayName: a.staffName, role: 'clerk' as const, active: true };
      this.d.clerks.insert({ ...clerk, passwordHash: hash });
      tx.event('config.clerk_saved', null, { clerkId: clerk.id, username: clerk.username, role: 'clerk', active: true, passwordChanged: true, created: true });
      const added: string[] = [];
      for (const s of services) {
        const r = this.d.manager.addSkill(tx, { counterId, serviceId: s.id, level: 'primary', until, adviceId: skillTag(a.id) });
        if (r.ok) added.push(s.id);
        else if (r.error.code !== 'conflict') return r; // conflict: the counter serves it already
      }
      this.d.repo.decideTeam(a.id, 'accepted', tx.now, clerk.id, counterId);
      tx.event('team.decided', null, { assignmentId: a.id, decision: 'accepted', clerkId: clerk.id, counterId, serviceIds: added });
      this.pushAfter(tx, a.id);
      return ok({ assignment: this.view(a.id), pin });
    });
  }

  private view(id: string): TeamAssignmentView {
    const r = this.d.repo.team(id);
    if (!r) throw new Error(`team assignment ${id} vanished inside its transaction`);
    return toView(r);
  }

  private pushAfter(tx: Tx, id: string): void {
    tx.afterCommit(() => {
      const r = this.d.repo.team(id);
      if (r) this.d.publisher.pushToManagers('manager:teamAssignment', toView(r));
    });
  }

  /** `doi.<staff ref>` in the username alphabet, with a number when taken. */
  private username(staffRef: string): string {
    const base = `doi.${staffRef.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/[^a-z0-9._-]+/g, '-')}`.slice(0, 58);
    let name = base;
    for (let n = 2; this.d.clerks.byUsername(name); n++) name = `${base}-${n}`;
    return name;
  }
}
