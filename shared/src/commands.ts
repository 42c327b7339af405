/**
 * The command table: every command a client may send to the hub, with its input schema, the
 * roles allowed to send it and the type of its answer. It is the one place the command side of
 * the contract is written; `ClientToServerEvents` (socket.io's event map), the hub's handler
 * types and the typed client (`client.ts`) are all derived from it.
 *
 * A command is sent with an acknowledgement and answered with a `Result` of its `result` type.
 * The hub validates the input against `input` (answering `invalid_payload`), refuses roles not in
 * `roles` (`unauthenticated` for a public socket, `forbidden` otherwise), then runs its handler.
 * Manager commands are in `commands-manager.ts`.
 */
import { z } from 'zod';
import { Id, type Appointment, type Counter, type Ticket } from './domain';
import {
  BookAppointmentInput,
  CallTicketInput,
  CheckInInput,
  ChipReadInput,
  ChipResultInput,
  CounterRef,
  DeviceInput,
  DeviceStatusInput,
  Empty,
  IssueTicketInput,
  LoginInput,
  PairInput,
  PauseInput,
  PrintResultInput,
  RecordDossierInput,
  RateInput,
  TicketRef,
  TransferInput,
  WalkInInput,
  type Ack,
  type AppointmentSlot,
  type ClerkToday,
  type IssuedTicket,
  type KioskPrinter,
  type PairResult,
  type SessionInfo,
  type Snapshot,
  type TicketStatus,
} from './protocol';
import { MANAGER_COMMANDS } from './commands-manager';
import { command, resultOf, type CommandSpec, type Sender } from './command-spec';
import type { NearbyWard } from './sync';

export { command, resultOf, type CommandSpec, type ResultMarker, type Sender } from './command-spec';

const STAFF = ['clerk', 'manager'] as const satisfies readonly Sender[];
const ANY = ['public', 'kiosk', 'display', 'agent', 'clerk', 'manager'] as const satisfies readonly Sender[];
const ISSUERS = ['kiosk', 'manager'] as const satisfies readonly Sender[];

/** `ticket:status`: the public status of one ticket (the page its QR opens). */
export const TicketStatusInput = TicketRef;
/** `appointment:slots`: free slots today for a service. */
export const SlotsInput = z.object({ serviceId: Id });
/** `city:nearby`: nearby wards for a service's field, by service code. */
export const NearbyInput = z.object({ serviceCode: z.string().min(1).max(32) });

/** The core commands (UIs and device agents). */
export const CORE_COMMANDS = {
  'auth:login': command(LoginInput, ANY, resultOf<SessionInfo>()),
  'auth:logout': command(Empty, STAFF, resultOf<null>()),
  'device:pair': command(PairInput, ['public'], resultOf<PairResult>()),
  'state:snapshot': command(Empty, ANY, resultOf<Snapshot>()),
  /** Public ticket status (the page a ticket's QR opens). */
  'ticket:status': command(TicketStatusInput, ANY, resultOf<TicketStatus>()),

  'ticket:issue': command(IssueTicketInput, ISSUERS, resultOf<IssuedTicket>()),
  'appointment:checkIn': command(CheckInInput, ISSUERS, resultOf<IssuedTicket>()),
  'ticket:reprint': command(TicketRef, ISSUERS, resultOf<{ printJobId: string }>()),

  'counter:open': command(CounterRef, STAFF, resultOf<Counter>()),
  'counter:pause': command(PauseInput, STAFF, resultOf<Counter>()),
  'counter:resume': command(CounterRef, STAFF, resultOf<Counter>()),
  'counter:close': command(CounterRef, STAFF, resultOf<Counter>()),
  'counter:callNext': command(CounterRef, STAFF, resultOf<Ticket>()),
  /** Calls one waiting number out of dispatch order, with a reason (audited as `ticket.called_specific`). */
  'counter:callTicket': command(CallTicketInput, STAFF, resultOf<Ticket>()),
  /** Serves a citizen who came without a ticket: issues a `walk_in` ticket and starts it at this counter. */
  'counter:walkIn': command(WalkInInput, STAFF, resultOf<Ticket>()),

  'ticket:recall': command(TicketRef, STAFF, resultOf<Ticket>()),
  'ticket:start': command(TicketRef, STAFF, resultOf<Ticket>()),
  'ticket:finish': command(TicketRef, STAFF, resultOf<Ticket>()),
  'ticket:noShow': command(TicketRef, STAFF, resultOf<Ticket>()),
  'ticket:hold': command(TicketRef, STAFF, resultOf<Ticket>()),
  'ticket:return': command(TicketRef, STAFF, resultOf<Ticket>()),
  'ticket:cancel': command(TicketRef, STAFF, resultOf<Ticket>()),
  'ticket:transfer': command(TransferInput, STAFF, resultOf<Ticket>()),
  'ticket:rate': command(RateInput, STAFF, resultOf<Ticket>()),
  /** Records a dossier received at this visit (mã hồ sơ from the receipt); answers the visit's codes so far. */
  'ticket:recordDossier': command(RecordDossierInput, STAFF, resultOf<{ ticketId: string; codes: string[] }>()),

  'device:status': command(DeviceStatusInput, ['agent', 'kiosk', 'display'], resultOf<null>()),
  /** The kiosk's own printer, as its bound agent reports it (paper low/out, offline), for warnings before the tap. */
  'kiosk:printer': command(Empty, ['kiosk'], resultOf<KioskPrinter>()),
  'device:input': command(DeviceInput, ['agent'], resultOf<null>()),
  'print:result': command(PrintResultInput, ['agent'], resultOf<null>()),
  /** The kiosk asks its own agent (through the hub) to read the CCCD chip; the outcome comes as `kiosk:chip`. */
  'kiosk:readChip': command(ChipReadInput, ['kiosk'], resultOf<null>()),
  /** The agent's answer to `chip:read`: accepted only from the agent the request went to. */
  'chip:result': command(ChipResultInput, ['agent'], resultOf<null>()),

  /** Today's figures for the signed-in clerk at their counter. */
  'clerk:today': command(Empty, ['clerk'], resultOf<ClerkToday>()),

  /** Free appointment slots today for a service (kiosk: "come back at 14:30 instead"). */
  'appointment:slots': command(SlotsInput, ['kiosk', 'manager', 'clerk'], resultOf<AppointmentSlot[]>()),
  'appointment:book': command(BookAppointmentInput, ISSUERS, resultOf<Appointment>()),

  /**
   * Nearby wards with a shorter wait for this service's field ("phi địa giới"), relayed from the
   * city server; an empty list when the hub has no city link configured.
   */
  'city:nearby': command(NearbyInput, ['kiosk', 'manager', 'clerk'], resultOf<NearbyWard[]>()),
} satisfies Record<string, CommandSpec>;

/** Every command, core and manager. */
export const COMMANDS = { ...CORE_COMMANDS, ...MANAGER_COMMANDS };

export type Commands = typeof COMMANDS;
export type CommandName = keyof Commands;
/** What a client sends (defaults not yet applied). */
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
/** What a handler receives (validated, defaults applied). */
export type CommandParsed<N extends CommandName> = z.output<Commands[N]['input']>;
/** The data of a successful answer. */
export type CommandData<N extends CommandName> = Commands[N]['result'] extends { readonly __result?: () => infer R } ? R : never;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** socket.io's client→server event map, derived from the table. */
export type ClientToServerEvents = { [N in CommandName]: (input: CommandInput<N>, ack: Ack<CommandData<N>>) => void };
