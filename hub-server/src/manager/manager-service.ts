/**
 * The manager's side of the hub: configuration (catalogue, services, counters, clerks, devices,
 * settings) with the stranding rule, the catalogue import, temporary skills, wait alarms and
 * reports. Every change runs through the executor (one transaction + an audit event) and asks every
 * client to refetch its snapshot when the catalogue or configuration changed.
 */
import { randomUUID } from 'node:crypto';
import {
  businessDay,
  fail,
  minuteOfDay,
  totalBookings,
  ok,
  servesService,
  waitStart,
  type AlarmState,
  type ApplySkill,
  type CentreSettings,
  type Clerk,
  type Clock,
  type Counter,
  type Field,
  type HubEventPayload,
  type HubEventType,
  type ImportReport,
  type LocalizedText,
  type ManagerConfig,
  type Procedure,
  type Report,
  type Result,
  type SaveClerk,
  type SaveCounter,
  type SaveField,
  type SaveProcedure,
  type SaveService,
  type Service,
  type SessionEndReason,
  type TemporarySkill,
  type WaitAlarm,
} from '@motcua/shared';
import type { HubConfig } from '../config';
import type { CatalogRepo, ClerkRepo, CounterRepo, TicketRepo } from '../db/repositories';
import { hashPassword } from '../services/auth';
import type { Catalog } from '../services/catalog';
import type { DeviceService } from '../services/devices';
import type { Executor } from '../services/executor';
import type { Publisher } from '../services/publisher';
import type { QueueService } from '../services/queue';
import type { ReportsService } from '../services/reports';
import { retentionCutoffs } from '../services/retention';
import { SYSTEM_ACTOR, type Actor, type Tx } from '../services/unit-of-work';
import { AlarmWatcher, computeAlarms } from './alarms';
import { ImportStaging, planImport, procedureIdOf, type ImportPlan } from './catalog-import';
import type { ManagerRepo } from '../db/manager-repo';
import { aggregate, daysBetween, groupBy, weekOf } from './report-aggregate';
import { applySettings, defaultSettings, SettingsStore } from './settings';
import { strandedMessage, strandedServices } from './stranding';
import { say } from '../i18n';
import type { Logger } from '../logger';
import { guardedInterval } from '../services/timers';

/** The events a configuration change records (each makes clients resync). */
type ConfigEventType = Extract<HubEventType, `config.${string}` | 'device.revoked'>;

/** A refusal with the explanation in Vietnamese (message) and English (detail). */
export function refuse(code: 'conflict' | 'not_found' | 'invalid_payload' | 'invalid_state' | 'forbidden', vi: string, en: string): { ok: false; error: { code: typeof code; message: string; detail: string } } {
  return { ok: false, error: { code, message: vi, detail: en } };
}

const MAX_TEMP_SKILL_MS = 12 * 3600_000;

/** What the manager's side works with. */
export interface ManagerDeps {
  repo: ManagerRepo;
  catalogRepo: CatalogRepo;
  clerks: ClerkRepo;
  counters: CounterRepo;
  tickets: TicketRepo;
  /** The cached catalogue (invalidated after a change). */
  catalog: Catalog;
  devices: Pick<DeviceService, 'device'>;
  queue: Pick<QueueService, 'setPriorityRule'>;
  publisher: Pick<Publisher, 'pushToDevice' | 'pushToManagers' | 'disconnectDevice' | 'endSessions'>;
  executor: Executor;
  /** The hub's configuration; the settings write the parts they govern into it. */
  config: HubConfig;
  clock: Clock;
  log: Logger;
  /** False once the database is closed (the periodic work then stops). */
  isOpen: () => boolean;
  /** The home bookings of a report's period (services/reports.ts). */
  reports: Pick<ReportsService, 'homeBookings'>;
}

export class ManagerService {
  readonly repo: ManagerRepo;
  readonly settings: SettingsStore;
  readonly alarms: AlarmWatcher;
  private readonly staging: ImportStaging;
  private readonly catalogRepo: CatalogRepo;
  private readonly clerks: ClerkRepo;
  private readonly counters: CounterRepo;
  private readonly tickets: TicketRepo;
  private readonly catalog: Catalog;
  private readonly hubConfig: HubConfig;
  private readonly clock: Clock;
  private readonly executor: Executor;

  constructor(private readonly d: ManagerDeps) {
    this.repo = d.repo;
    this.catalogRepo = d.catalogRepo;
    this.clerks = d.clerks;
    this.counters = d.counters;
    this.tickets = d.tickets;
    this.catalog = d.catalog;
    this.hubConfig = d.config;
    this.clock = d.clock;
    this.executor = d.executor;
    this.staging = new ImportStaging(() => d.clock.now());
    this.settings = new SettingsStore(this.repo, defaultSettings(d.config));
    applySettings({ config: d.config, setPriority: (p) => d.queue.setPriorityRule(p) }, this.settings.get());
    this.alarms = new AlarmWatcher({
      log: d.log,
      now: () => d.clock.now(),
      isOpen: () => d.isOpen(),
      state: (now) => this.alarmState(now),
      record: (newly) => this.recordAlarms(newly),
      push: (state) => d.publisher.pushToManagers('manager:alarms', state),
    }, this.repo.alarmsRecorded(businessDay(d.clock.now(), d.config.timeZone)));
  }

  /** Starts the periodic work: alarms and the end of temporary skills. */
  start(intervalMs = 2000): void {
    this.alarms.start(intervalMs);
    const timer = guardedInterval(this.d.log, 'temporary skills expiry', intervalMs, () => {
      if (!this.d.isOpen()) {
        clearInterval(timer);
        return;
      }
      this.expireSkills();
    });
  }

  private today(): string {
    return businessDay(this.clock.now(), this.hubConfig.timeZone);
  }

  private serviceName = (id: string): LocalizedText | undefined => this.catalog.service(id)?.name;

  /** Refuses a change after which `after` would leave waiting citizens with no counter. */
  private checkStranding(after: readonly Pick<Counter, 'id' | 'primary' | 'secondary'>[], waiting = this.repo.waitingByService(this.today())): Result<null> {
    const stranded = strandedServices(waiting, after);
    if (stranded.length === 0) return ok(null);
    const m = strandedMessage(stranded, this.serviceName);
    return refuse('conflict', m.vi, m.en);
  }

  private configChanged<T extends ConfigEventType>(tx: Tx, type: T, payload: HubEventPayload<T>): void {
    tx.event(type, null, payload);
    tx.changes.resync = true;
  }

  // ---------------------------------------------------------------- read

  config(): ManagerConfig {
    this.expireSkills();
    return {
      fields: this.catalog.fields(),
      services: this.catalog.services(),
      procedures: this.catalog.procedures(),
      counters: this.counters.all().map(({ idleSince: _i, ...c }) => c),
      clerks: this.clerks.all(),
      settings: this.settings.get(),
      temporarySkills: this.repo.openTemporarySkills(),
      waitingByService: this.repo.waitingByService(this.today()),
    };
  }

  // ---------------------------------------------------------------- catalogue

  saveField(actor: Actor, input: SaveField): Result<Field> {
    return this.executor.exec(actor, (tx) => {
      const fields = this.catalogRepo.fields();
      const clash = fields.find((f) => f.code === input.code && f.id !== input.id);
      if (clash) return refuse('conflict', ...say.pair('fieldCodeTaken', { code: input.code, name: clash.name.vi }, { name: clash.name.en }));
      let field: Field;
      if (input.id) {
        if (!fields.some((f) => f.id === input.id)) return fail('not_found', `field ${input.id}`);
        field = { id: input.id, code: input.code, name: input.name, sortOrder: input.sortOrder };
        this.repo.updateField(field);
      } else {
        field = { id: this.freeId('f', input.code, fields.map((f) => f.id)), code: input.code, name: input.name, sortOrder: input.sortOrder };
        this.catalogRepo.insertField(field);
      }
      this.catalog.invalidate();
      this.configChanged(tx, 'config.field_saved', { fieldId: field.id, code: field.code, created: !input.id });
      return ok(field);
    });
  }

  deleteField(actor: Actor, id: string): Result<null> {
    return this.executor.exec(actor, (tx) => {
      const field = this.catalogRepo.fields().find((f) => f.id === id);
      if (!field) return fail('not_found', `field ${id}`);
      if (this.repo.fieldInUse(id)) return refuse('conflict', ...say.pair('fieldStillInUse', { fieldName: field.name.vi }, { fieldName: field.name.en }));
      this.repo.deleteField(id);
      this.catalog.invalidate();
      this.configChanged(tx, 'config.field_deleted', { fieldId: id, code: field.code });
      return ok(null);
    });
  }

  saveService(actor: Actor, input: SaveService): Result<Service> {
    return this.executor.exec(actor, (tx) => {
      const services = this.catalogRepo.services();
      if (!this.catalogRepo.fields().some((f) => f.id === input.fieldId)) return fail('not_found', `field ${input.fieldId}`);
      const codeClash = services.find((s) => s.code === input.code && s.id !== input.id);
      if (codeClash) return refuse('conflict', ...say.pair('serviceCodeTaken', { code: input.code, name: codeClash.name.vi }, { name: codeClash.name.en }));
      const prefixClash = services.find((s) => s.prefix === input.prefix && s.id !== input.id);
      if (prefixClash) return refuse('conflict', ...say.pair('ticketPrefixTaken', { prefix: input.prefix, name: prefixClash.name.vi }, { name: prefixClash.name.en }));
      let service: Service;
      if (input.id) {
        const before = services.find((s) => s.id === input.id);
        if (!before) return fail('not_found', `service ${input.id}`);
        service = { ...input, id: input.id };
        if (before.active && !service.active) {
          const waiting = this.repo.waitingByService(this.today())[service.id] ?? 0;
          if (waiting > 0) return refuse('conflict', ...say.pair('cannotDeactivateWhileWaiting', { name: before.name.vi, waiting }, { name: before.name.en }));
        }
        this.repo.updateService(service);
      } else {
        service = { ...input, id: this.freeId('s', input.code, services.map((s) => s.id)) };
        this.catalogRepo.insertService(service);
      }
      this.catalog.invalidate();
      this.configChanged(tx, 'config.service_saved', { serviceId: service.id, code: service.code, prefix: service.prefix, active: service.active, created: !input.id });
      return ok(service);
    });
  }

  saveProcedure(actor: Actor, input: SaveProcedure): Result<Procedure> {
    return this.executor.exec(actor, (tx) => {
      if (!this.catalog.fields().some((f) => f.id === input.fieldId)) return fail('not_found', `field ${input.fieldId}`);
      if (!this.catalog.service(input.serviceId)) return fail('not_found', `service ${input.serviceId}`);
      const procedures = this.catalog.procedures();
      const clash = procedures.find((p) => p.nationalCode === input.nationalCode && p.id !== input.id);
      if (clash) return refuse('conflict', ...say.pair('procedureCodeTaken', { nationalCode: input.nationalCode, name: clash.name.vi }, { name: clash.name.en }));
      if (input.id && !procedures.some((p) => p.id === input.id)) return fail('not_found', `procedure ${input.id}`);
      const procedure: Procedure = { ...input, id: input.id ?? procedureIdOf(input.nationalCode) };
      this.repo.upsertProcedure(procedure);
      this.catalog.invalidate();
      this.configChanged(tx, 'config.procedure_saved', { procedureId: procedure.id, nationalCode: procedure.nationalCode, created: !input.id });
      return ok(procedure);
    });
  }

  deleteProcedure(actor: Actor, id: string): Result<null> {
    return this.executor.exec(actor, (tx) => {
      const p = this.catalog.procedure(id);
      if (!p) return fail('not_found', `procedure ${id}`);
      this.repo.deleteProcedure(id);
      this.catalog.invalidate();
      this.configChanged(tx, 'config.procedure_deleted', { procedureId: id, nationalCode: p.nationalCode });
      return ok(null);
    });
  }

  // ---------------------------------------------------------------- counters

  saveCounter(actor: Actor, input: SaveCounter): Result<Counter> {
    return this.executor.exec(actor, (tx) => {
      const all = this.counters.all();
      for (const s of [...input.primary, ...input.secondary]) if (!this.catalog.service(s)) return fail('not_found', `service ${s}`);
      const numberClash = all.find((c) => c.number === input.number && c.id !== input.id);
      if (numberClash) return refuse('conflict', ...say.pair('counterNumberTaken', { number: input.number }));
      let counter: Counter;
      if (input.id) {
        const before = all.find((c) => c.id === input.id);
        if (!before) return fail('not_found', `counter ${input.id}`);
        const { idleSince: _i, ...rest } = before;
        counter = { ...rest, number: input.number, name: input.name, primary: input.primary, secondary: input.secondary, zone: input.zone };
        const stranding = this.checkStranding(all.map((c) => (c.id === counter.id ? counter : c)));
        if (!stranding.ok) return stranding;
        this.repo.updateCounterConfig(counter);
      } else {
        counter = { id: this.freeId('c', String(input.number), all.map((c) => c.id)), number: input.number, name: input.name, primary: input.primary, secondary: input.secondary, zone: input.zone, status: 'closed', pauseReason: null, clerkId: null };
        this.counters.insert(counter);
      }
      tx.counter(counter);
      this.configChanged(tx, 'config.counter_saved', { counterId: counter.id, number: counter.number, primary: counter.primary, secondary: counter.secondary, created: !input.id });
      return ok(counter);
    });
  }

  deleteCounter(actor: Actor, id: string): Result<null> {
    return this.executor.exec(actor, (tx) => {
      const all = this.counters.all();
      const counter = all.find((c) => c.id === id);
      if (!counter) return fail('not_found', `counter ${id}`);
      if (counter.status !== 'closed' || counter.clerkId) return refuse('invalid_state', ...say.pair('counterOpenOrSignedIn', { number: counter.number }));
      const live = this.repo.liveTicketsAtCounter(id);
      if (live > 0) return refuse('conflict', ...say.pair('counterHasLiveTickets', { number: counter.number, live }));
      if (this.repo.devicesAtCounter(id) > 0) return refuse('conflict', ...say.pair('counterHasDevices', { number: counter.number }));
      const stranding = this.checkStranding(all.filter((c) => c.id !== id));
      if (!stranding.ok) return stranding;
      this.repo.deleteCounter(id);
      this.configChanged(tx, 'config.counter_deleted', { counterId: id, number: counter.number });
      return ok(null);
    });
  }

  // ---------------------------------------------------------------- clerks

  async saveClerk(actor: Actor, input: SaveClerk): Promise<Result<Clerk>> {
    if (!input.id && !input.password) return refuse('invalid_payload', ...say.pair('newAccountNeedsSecret'));
    const hash = input.password ? await hashPassword(input.password) : null;
    return this.executor.exec(actor, (tx) => {
      const clash = this.clerks.byUsername(input.username);
      if (clash && clash.id !== input.id) return refuse('conflict', ...say.pair('usernameTaken', { username: input.username }));
      let clerk: Clerk;
      if (input.id) {
        const before = this.clerks.byId(input.id);
        if (!before) return fail('not_found', `clerk ${input.id}`);
        clerk = { id: input.id, username: input.username, displayName: input.displayName, role: input.role, active: input.active };
        const losesManager = before.role === 'manager' && before.active && (clerk.role !== 'manager' || !clerk.active);
        if (losesManager && this.repo.otherActiveManagers(clerk.id) === 0) return refuse('conflict', ...say.pair('atLeastOneActiveManager'));
        if (losesManager && actor.clerkId === clerk.id) return refuse('forbidden', ...say.pair('cannotRemoveOwnManagerRights'));
        this.repo.updateClerk(clerk);
        if (hash) this.repo.setPassword(clerk.id, hash);
        const ended: SessionEndReason | null = !clerk.active ? 'deactivated' : clerk.role !== before.role ? 'role_changed' : hash ? 'password_changed' : null;
        if (ended) {
          this.repo.endClerkSessions(clerk.id);
          const id = clerk.id;
          // Open sockets of those sessions end now, not at their next command — after this command's
          // answer, which a manager changing their own password must still receive.
          tx.afterCommit(() => setImmediate(() => this.d.publisher.endSessions((d) => d.clerkId === id && d.sessionToken !== null, ended)));
        }
      } else {
        clerk = { id: `u-${randomUUID().slice(0, 8)}`, username: input.username, displayName: input.displayName, role: input.role, active: input.active };
        this.clerks.insert({ ...clerk, passwordHash: hash ?? '' });
      }
      tx.event('config.clerk_saved', null, { clerkId: clerk.id, username: clerk.username, role: clerk.role, active: clerk.active, passwordChanged: hash !== null, created: !input.id });
      return ok(clerk);
    });
  }

  // ---------------------------------------------------------------- devices

  revokeDevice(actor: Actor, id: string): Result<null> {
    return this.executor.exec(actor, (tx) => {
      const d = this.d.devices.device(id);
      if (!d || d.revoked) return fail('not_found', `device ${id}`);
      this.repo.revokeDevice(id);
      this.configChanged(tx, 'device.revoked', { deviceId: id, kind: d.kind, name: d.name });
      tx.afterCommit(() => {
        this.d.publisher.pushToDevice(id, 'session:ended', { reason: 'revoked' });
        this.d.publisher.disconnectDevice(id);
      });
      return ok(null);
    });
  }

  // ---------------------------------------------------------------- settings

  saveSettings(actor: Actor, s: CentreSettings): Result<CentreSettings> {
    const r = this.executor.exec(actor, (tx) => {
      this.settings.put(s, tx.now);
      this.configChanged(tx, 'config.settings_saved', s);
      return ok(s);
    });
    this.settings.forget();
    applySettings({ config: this.hubConfig, setPriority: (p) => this.d.queue.setPriorityRule(p) }, this.settings.get());
    if (r.ok) this.alarms.check();
    return r;
  }

  // ---------------------------------------------------------------- catalogue import

  stageImport(importId: string, fileName: string, header: string[] | undefined, offset: number, rows: string[][]): Result<{ staged: number }> {
    const r = this.staging.stage(importId, fileName, header, offset, rows);
    return r.ok ? ok({ staged: r.staged }) : fail('invalid_payload', r.reason);
  }

  private plan(importId: string): Result<{ plan: ImportPlan; fileName: string }> {
    const imp = this.staging.get(importId);
    if (!imp) return refuse('not_found', ...say.pair('importNotFound'));
    const c = this.catalog;
    return ok({ plan: planImport(imp.header, imp.rows, { fields: c.fields(), services: c.services(), procedures: c.procedures() }), fileName: imp.fileName });
  }

  private importReport(importId: string, fileName: string, plan: ImportPlan, applied: boolean): ImportReport {
    return { importId, fileName, total: plan.total, good: plan.procedures.length, errors: plan.errors, newFields: plan.newFields.length, newProcedures: plan.newProcedures, updatedProcedures: plan.updatedProcedures, applied };
  }

  checkImport(importId: string): Result<ImportReport> {
    const r = this.plan(importId);
    return r.ok ? ok(this.importReport(importId, r.data.fileName, r.data.plan, false)) : r;
  }

  /** Applies all rows in one transaction; with bad rows, only if the manager accepts the good ones. */
  commitImport(actor: Actor, importId: string, acceptGoodRows: boolean): Result<ImportReport> {
    const r = this.executor.exec(actor, (tx) => {
      const p = this.plan(importId);
      if (!p.ok) return p;
      const { plan, fileName } = p.data;
      if (plan.errors.length > 0 && !acceptGoodRows) {
        return refuse('invalid_payload', ...say.pair('importHasBadRows', { errorsCount: plan.errors.length, proceduresCount: plan.procedures.length }));
      }
      if (plan.procedures.length === 0) return refuse('invalid_payload', ...say.pair('importNoGoodRows'));
      for (const f of plan.newFields) this.catalogRepo.insertField(f);
      for (const proc of plan.procedures) this.repo.upsertProcedure(proc);
      this.catalog.invalidate();
      this.configChanged(tx, 'config.catalog_imported', { fileName, rows: plan.total, imported: plan.procedures.length, skipped: plan.errors.length, newFields: plan.newFields.length, newProcedures: plan.newProcedures, updatedProcedures: plan.updatedProcedures });
      return ok(this.importReport(importId, fileName, plan, true));
    });
    if (!r.ok) this.catalog.invalidate();
    else this.staging.drop(importId);
    return r;
  }

  // ---------------------------------------------------------------- temporary skills

  applySkill(actor: Actor, input: ApplySkill): Result<TemporarySkill> {
    return this.executor.exec(actor, (tx) => this.addSkill(tx, input));
  }

  /** Adds a temporary skill inside a transaction (applySkill; a mobile team member accepted, manager/team-assignments.ts). */
  addSkill(tx: Tx, input: ApplySkill): Result<TemporarySkill> {
    const counter = this.counters.byId(input.counterId);
    if (!counter) return fail('not_found', `counter ${input.counterId}`);
    const service = this.catalog.service(input.serviceId);
    if (!service || !service.active) return fail('not_found', `service ${input.serviceId}`);
    if (input.until <= tx.now || input.until > tx.now + MAX_TEMP_SKILL_MS) return refuse('invalid_payload', ...say.pair('skillEndWithin12Hours'));
    if (servesService(counter, service.id)) return refuse('conflict', ...say.pair('counterAlreadyServes', { number: counter.number, serviceName: service.name.vi }, { serviceName: service.name.en }));
    const skill: TemporarySkill = { id: randomUUID(), counterId: counter.id, serviceId: service.id, level: input.level, until: input.until, createdAt: tx.now, adviceId: input.adviceId ?? null };
    this.repo.insertTemporarySkill(skill);
    const { idleSince: _i, ...c } = counter;
    const next: Counter = input.level === 'primary' ? { ...c, primary: [...c.primary, service.id] } : { ...c, secondary: [...c.secondary, service.id] };
    this.counters.update(next);
    tx.counter(next);
    tx.event('config.skill_added', null, { ...skill });
    return ok(skill);
  }

  /** The temporary skills still in force. */
  openSkills(): TemporarySkill[] {
    return this.repo.openTemporarySkills();
  }

  /** Ends a temporary skill now (the manager), refused when that would strand citizens. */
  removeSkill(actor: Actor, id: string): Result<null> {
    return this.executor.exec(actor, (tx) => {
      const skill = this.repo.openTemporarySkills().find((s) => s.id === id);
      if (!skill) return fail('not_found', `temporary skill ${id}`);
      return this.endSkill(tx, skill, 'removed');
    });
  }

  /** Ends a temporary skill inside a transaction, refused when that would strand citizens. */
  endSkill(tx: Tx, skill: TemporarySkill, why: 'removed' | 'expired'): Result<null> {
    const counter = this.counters.byId(skill.counterId);
    this.repo.endTemporarySkill(skill.id, tx.now);
    if (counter) {
      const { idleSince: _i, ...c } = counter;
      const next: Counter = skill.level === 'primary' ? { ...c, primary: c.primary.filter((s) => s !== skill.serviceId) } : { ...c, secondary: c.secondary.filter((s) => s !== skill.serviceId) };
      const stranding = this.checkStranding(this.counters.all().map((x) => (x.id === next.id ? next : x)));
      if (!stranding.ok) return stranding;
      this.counters.update(next);
      tx.counter(next);
    }
    tx.event('config.skill_ended', null, { id: skill.id, counterId: skill.counterId, serviceId: skill.serviceId, level: skill.level, why });
    return ok(null);
  }

  /**
   * Ends temporary skills whose time is up. One that would strand citizens waiting for it stays
   * until they are served (checked again on the next round).
   */
  expireSkills(): number {
    if (!this.d.isOpen()) return 0;
    const now = this.clock.now();
    let ended = 0;
    for (const skill of this.repo.openTemporarySkills()) {
      if (skill.until > now) break;
      const r = this.executor.exec(SYSTEM_ACTOR, (tx) => this.endSkill(tx, skill, 'expired'));
      if (r.ok) ended++;
    }
    return ended;
  }

  // ---------------------------------------------------------------- alarms

  alarmState(now: number): AlarmState {
    const { warnMin, breachMin } = this.settings.get().alarms;
    const day = businessDay(now, this.hubConfig.timeZone);
    const waiting = this.tickets
      .live(day)
      .filter((t) => t.state === 'waiting')
      // An appointment that came early waits from its slot.
      .map((t) => ({ id: t.id, number: t.number, serviceId: t.serviceId, queuedAt: waitStart(t) }));
    const fieldOf = (serviceId: string): string => this.catalog.service(serviceId)?.fieldId ?? '';
    return { now, warnMin, breachMin, alarms: computeAlarms(waiting, fieldOf, now, warnMin, breachMin) };
  }

  private recordAlarms(newly: WaitAlarm[]): void {
    this.executor.exec(SYSTEM_ACTOR, (tx) => {
      for (const a of newly) tx.event(a.level === 'breach' ? 'alarm.wait_breach' : 'alarm.wait_warn', a.ticketId, { number: a.number, serviceId: a.serviceId, waitedMin: a.waitedMin });
      return ok(null);
    });
  }

  // ---------------------------------------------------------------- reports

  report(period: 'day' | 'week', day: string): Report {
    const { from, to } = period === 'day' ? { from: day, to: day } : weekOf(day);
    const tickets = this.repo.reportTickets(from, to);
    const threshold = this.hubConfig.targetWaitMin;
    const scale = this.settings.get().rating.scale;
    const c = this.catalog;
    const fields = new Map(c.fields().map((f) => [f.id, f]));
    const counters = new Map(this.counters.all().map((x) => [x.id, x]));
    const clerks = new Map(this.clerks.all().map((x) => [x.id, x]));
    const unknown = (id: string) => ({ code: id, name: { vi: id, en: id }, order: 1e9 });
    const tz = this.hubConfig.timeZone;
    const byHour = Array.from({ length: 24 }, () => 0);
    for (const t of tickets) {
      const h = Math.floor(minuteOfDay(t.issuedAt, tz) / 60);
      byHour[h] = (byHour[h] ?? 0) + 1;
    }
    const now = this.clock.now();
    const dossierRows = this.repo.reportDossiers(from, to);
    const dossiers = {
      total: dossierRows.reduce((n, r) => n + r.count, 0),
      byProcedure: dossierRows
        .map((r) => {
          const p = r.procedureId ? c.procedure(r.procedureId) : undefined;
          const svc = c.service(r.serviceId);
          const named = p ? { code: p.nationalCode, name: p.name } : { code: svc?.code ?? r.serviceId, name: svc?.name ?? { vi: r.serviceId, en: r.serviceId } };
          return { procedureId: r.procedureId, serviceId: r.serviceId, ...named, count: r.count };
        })
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    };
    const fieldOf = (serviceId: string) => {
      const svc = c.service(serviceId);
      return svc ? fields.get(svc.fieldId) : undefined;
    };
    const bookingRows = this.d.reports.homeBookings(from, to, (id) => fieldOf(id)?.code ?? null);
    const fieldByCode = new Map(c.fields().map((f) => [f.code, f]));
    const homeBookings = {
      rows: bookingRows.map((g) => ({ ...g, fieldName: fieldByCode.get(g.fieldCode)?.name ?? { vi: g.fieldCode, en: g.fieldCode } })),
      total: totalBookings(bookingRows),
    };
    return {
      period,
      from,
      to,
      dossiers,
      homeBookings,
      generatedAt: this.clock.now(),
      lateThresholdMin: threshold,
      ratingScale: scale,
      hubId: this.hubConfig.hubId,
      centreName: this.hubConfig.centre.name,
      ward: aggregate('ward', this.hubConfig.hubId, this.hubConfig.centre.name, tickets, threshold, scale, now),
      byField: groupBy(
        tickets,
        (t) => c.service(t.serviceId)?.fieldId ?? '?',
        (k) => {
          const f = fields.get(k);
          return f ? { code: f.code, name: f.name, order: f.sortOrder } : unknown(k);
        },
        threshold,
        scale,
        now,
      ),
      byCounter: groupBy(
        tickets,
        (t) => t.counterId,
        (k) => {
          const x = counters.get(k);
          return x ? { code: String(x.number), name: x.name, order: x.number } : unknown(k);
        },
        threshold,
        scale,
        now,
      ),
      byClerk: groupBy(
        tickets,
        (t) => t.clerkId,
        (k) => {
          const x = clerks.get(k);
          return x ? { code: x.username, name: { vi: x.displayName, en: x.displayName }, order: 0 } : unknown(k);
        },
        threshold,
        scale,
        now,
      ),
      // The day sheet: "Mã" is the date, "Tên" its weekday (not the date twice).
      byDay: daysBetween(from, to).map((d) => aggregate(d, d, weekdayName(d), tickets.filter((t) => t.day === d), threshold, scale, now)),
      byHour,
      keptFrom: retentionCutoffs(this.clock.now(), tz, this.hubConfig.retention).historyBefore,
      historyDays: this.hubConfig.retention.historyDays,
    };
  }

  // ---------------------------------------------------------------- helpers

  private freeId(prefix: string, hint: string, taken: readonly string[]): string {
    const base = `${prefix}-${hint.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x'}`;
    if (!taken.includes(base)) return base;
    for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
  }
}

const WEEKDAYS: readonly LocalizedText[] = [
  { vi: 'Chủ nhật', en: 'Sunday' },
  { vi: 'Thứ Hai', en: 'Monday' },
  { vi: 'Thứ Ba', en: 'Tuesday' },
  { vi: 'Thứ Tư', en: 'Wednesday' },
  { vi: 'Thứ Năm', en: 'Thursday' },
  { vi: 'Thứ Sáu', en: 'Friday' },
  { vi: 'Thứ Bảy', en: 'Saturday' },
];

/** The weekday of a calendar day (YYYY-MM-DD), in both languages. */
export function weekdayName(day: string): LocalizedText {
  return WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;
}
