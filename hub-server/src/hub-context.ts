/**
 * What the socket gateway and the command handlers (realtime/) use of the hub. The `Hub` class
 * implements it; realtime/ imports this interface, not the class, so the composition root (hub.ts)
 * can import the gateway and the handlers without an import circle.
 */
import type { Clock, PurgeSummary, Result, RetentionHold, Role, ServerToClientEvents, SessionEndReason, Snapshot, SocketData, TicketStatus } from '@motcua/shared';
import type { HubConfig } from './config';
import type { CounterRepo, EventRepo, TicketRepo } from './db/repositories';
import type { ManagerService } from './manager/manager-service';
import type { StaffingAdvisor } from './manager/staffing';
import type { TeamAssignments } from './manager/team-assignments';
import type { Logger } from './logger';
import type { AuthService } from './services/auth';
import type { Catalog } from './services/catalog';
import type { DeviceService } from './services/devices';
import type { QueueService } from './services/queue';
import type { ReportsService } from './services/reports';
import type { StorageHealth } from './services/storage-health';
import type { Throttle } from './services/throttle';
import type { Actor, Tx } from './services/unit-of-work';

export interface HubContext {
  readonly config: HubConfig;
  readonly clock: Clock;
  readonly log: Logger;
  /** Whether the database is still open (a socket closing during shutdown writes nothing). */
  readonly db: { readonly open: boolean };
  readonly catalog: Catalog;
  readonly tickets: TicketRepo;
  readonly counters: CounterRepo;
  readonly events: EventRepo;
  readonly queue: QueueService;
  readonly auth: AuthService;
  readonly devices: DeviceService;
  readonly reports: ReportsService;
  readonly manager: ManagerService;
  readonly staffing: StaffingAdvisor;
  /** Mobile support team members the city sent (city → hub channel). */
  readonly teams: Pick<TeamAssignments, 'list' | 'decide'>;
  /** Whether the database takes writes (the storage alarm). */
  readonly storage: Pick<StorageHealth, 'available' | 'health' | 'failed'>;
  /** Brute-force limits on sign-in and pairing. */
  readonly throttle: Throttle;
  /** Applies the retention policy now; `confirmed`: the manager lifted its one-day limit. */
  applyRetention(confirmed?: boolean): PurgeSummary;
  /** The held retention pass waiting for the manager (null: none). */
  readonly dayCycle: { readonly retentionHold: RetentionHold | null };
  /** Runs one command in one transaction, then pushes what changed. */
  exec<T>(actor: Actor, fn: (tx: Tx) => Result<T>): Result<T>;
  snapshot(role: Role | 'public'): Snapshot;
  ticketStatus(ticketId: string): Result<TicketStatus>;
  publicUrl(): string;
  pushToDevice<E extends keyof ServerToClientEvents>(deviceId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  pushToCounter<E extends keyof ServerToClientEvents>(counterId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Ends every open socket `match` selects (`session:ended` with the reason, then disconnect). */
  endSessions(match: (data: SocketData) => boolean, reason: SessionEndReason): number;
  /** What each counter's LED digit display should show: the number called or served there, or blank. */
  counterNumbers(day: string): Map<string, { counterNumber: number; number: string | null }>;
}
