/**
 * Manager commands of the command table (configuration, devices, catalogue import, live alarms,
 * staffing advice, reports, the audit log), and the two counter commands about staffing advice.
 * Types and schemas they use are in protocol-manager.ts.
 */
import { z } from 'zod';
import { DeviceKind, Id, type Clerk, type Counter, type Field, type LocalizedText, type Procedure, type Service } from './domain';
import { command, resultOf, type Sender } from './command-spec';
import {
  ApplySkill,
  AuditQuery,
  CentreSettings,
  IdRef,
  ImportCommit,
  ImportRef,
  ImportStage,
  ReportQuery,
  WeekNoteInput,
  WeekNoteQuery,
  type WeekNote,
  SaveClerk,
  SaveCounter,
  SaveField,
  SaveProcedure,
  SaveService,
  type AlarmState,
  type AuditEvent,
  type ImportReport,
  type ManagerConfig,
  type PurgeSummary,
  type Report,
  type RetentionHold,
  type StaffingAdviceItem,
  type TemporarySkill,
} from './protocol-manager';
import { Empty } from './protocol';
import { DecideTeamAssignment, type TeamAssignmentView, type TeamDecision } from './city-channel';

const MANAGER = ['manager'] as const satisfies readonly Sender[];
const AT_COUNTER = ['clerk', 'manager'] as const satisfies readonly Sender[];

export const CreatePairingCode = z.object({ kind: DeviceKind, counterId: Id.nullable().optional(), boundDeviceId: Id.nullable().optional() });
export const EventsQuery = z.object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() });
export const AdviceQuery = z.object({ counterId: Id });
export const RespondAdvice = z.object({ counterId: Id, adviceId: z.string().min(1).max(64), accept: z.boolean() });
export const SkillRef = z.object({ id: z.string().min(1).max(64) });
/** `manager:unlock`: lifts a sign-in lockout of an account and/or a client address (and the pairing lockout of that address). */
export const UnlockInput = z
  .object({ username: z.string().min(1).max(64).optional(), address: z.string().min(1).max(64).optional() })
  .refine((u) => u.username !== undefined || u.address !== undefined, { message: 'name a username or an address' });

export const MANAGER_COMMANDS = {
  'manager:createPairingCode': command(CreatePairingCode, MANAGER, resultOf<{ code: string; expiresAt: number }>()),
  'manager:events': command(EventsQuery, MANAGER, resultOf<AuditEvent[]>()),
  /** The audit log, newest first. */
  'manager:audit': command(AuditQuery, MANAGER, resultOf<AuditEvent[]>()),

  'manager:config': command(Empty, MANAGER, resultOf<ManagerConfig>()),
  'manager:saveField': command(SaveField, MANAGER, resultOf<Field>()),
  'manager:deleteField': command(IdRef, MANAGER, resultOf<null>()),
  'manager:saveService': command(SaveService, MANAGER, resultOf<Service>()),
  'manager:saveProcedure': command(SaveProcedure, MANAGER, resultOf<Procedure>()),
  'manager:deleteProcedure': command(IdRef, MANAGER, resultOf<null>()),
  'manager:saveCounter': command(SaveCounter, MANAGER, resultOf<Counter>()),
  'manager:deleteCounter': command(IdRef, MANAGER, resultOf<null>()),
  'manager:saveClerk': command(SaveClerk, MANAGER, resultOf<Clerk>()),
  'manager:revokeDevice': command(IdRef, MANAGER, resultOf<null>()),
  /** Lifts a lockout after repeated wrong PINs/passwords or pairing codes before its 15 minutes are over. */
  'manager:unlock': command(UnlockInput, MANAGER, resultOf<null>()),
  'manager:saveSettings': command(CentreSettings, MANAGER, resultOf<CentreSettings>()),

  'manager:importStage': command(ImportStage, MANAGER, resultOf<{ staged: number }>()),
  'manager:importCheck': command(ImportRef, MANAGER, resultOf<ImportReport>()),
  'manager:importCommit': command(ImportCommit, MANAGER, resultOf<ImportReport>()),

  'manager:alarms': command(Empty, MANAGER, resultOf<AlarmState>()),
  'manager:staffingAdvice': command(Empty, MANAGER, resultOf<{ available: boolean; items: StaffingAdviceItem[]; summary: LocalizedText | null }>()),
  'manager:applySkill': command(ApplySkill, MANAGER, resultOf<TemporarySkill>()),
  'manager:removeSkill': command(SkillRef, MANAGER, resultOf<null>()),

  'manager:report': command(ReportQuery, MANAGER, resultOf<Report>()),
  /** The week's "khó khăn, vướng mắc, đề xuất" for the city's weekly report (read, save). */
  'manager:weekNote': command(WeekNoteQuery, MANAGER, resultOf<WeekNote>()),
  'manager:saveWeekNote': command(WeekNoteInput, MANAGER, resultOf<WeekNote>()),

  /** Whether the retention policy is held and waits for the manager (null: it runs by itself). */
  'manager:retention': command(Empty, MANAGER, resultOf<RetentionHold | null>()),
  /** The manager confirms the held purge: the retention policy runs now without its one-day limit. */
  'manager:confirmRetention': command(Empty, MANAGER, resultOf<PurgeSummary>()),

  /** Mobile support team members the city sent to this ward (city → hub channel), newest day last. */
  'manager:teamAssignments': command(Empty, MANAGER, resultOf<TeamAssignmentView[]>()),
  /** Accept (temporary clerk account + counter skills for the assignment's fields until its end) or decline. */
  'manager:decideTeamAssignment': command(DecideTeamAssignment, MANAGER, resultOf<TeamDecision>()),

  /** Staffing advice addressed to one counter, as its clerk sees it (clerk of that counter or manager). */
  'counter:advice': command(AdviceQuery, AT_COUNTER, resultOf<StaffingAdviceItem[]>()),
  /** The clerk accepts (the temporary skill is applied, as manager:applySkill) or declines an item. */
  'counter:respondAdvice': command(RespondAdvice, AT_COUNTER, resultOf<null>()),
};
