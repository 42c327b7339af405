/**
 * The kiosk's screens and one citizen's session as a pure reducer: field → procedure → confirm
 * (optional ID card scan, priority) → ticket; appointment check-in; a later slot when the wait
 * is long. Side effects (sending commands, timers) live in the component; this decides what the
 * screen shows for each thing that happens, so it is tested without a browser.
 */
import { ERROR_MESSAGES, formatClock, formatOpeningTime, type AppError, type Appointment, type ChipCitizen, type IssuedTicket, type Lang, type PriorityGroup } from '@motcua/shared';
import { autoPriority, type ScannedCard } from './citizen';
import type { PendingRequest } from './pending';
import { tr } from './i18n';
import { clearedByReadyStatus, initialPrintState, type PrinterProblem, type PrintState } from './print';

export type Screen =
  | { name: 'home' }
  /** fieldId null: search across every field. */
  | { name: 'procedures'; fieldId: string | null }
  | { name: 'confirm'; procedureId: string | null; serviceId: string }
  | { name: 'issuing' }
  | { name: 'ticket'; issued: IssuedTicket; print: PrintState }
  | { name: 'checkIn' }
  | { name: 'slots'; serviceId: string }
  | { name: 'booked'; appointment: Appointment }
  /**
   * The chip ID card: `can` asks for the CAN printed on the card (no QR read first, or the QR's
   * keys did not open it), `place` waits for the card (request `requestId` sent), `error` says why
   * not and offers the QR instead.
   */
  | { name: 'chip'; step: 'can' | 'place' | 'error'; requestId: string | null; can: string; canAsked: boolean; error: ChipError | null };

export interface ChipError {
  message: string;
  messageEn: string;
  fallbackToQr: boolean;
}

/** A chip read the hub holds for this kiosk: the ticket names it (`chipReadId`), the hub applies it. */
export interface ChipGreeting {
  requestId: string;
  fullName: string;
  verified: boolean;
  elderly: boolean;
}

export interface Message {
  vi: string;
  en: string;
}

export interface Unprinted {
  issued: IssuedTicket;
  reason: PrinterProblem;
  at: number;
}

export interface Session {
  lang: Lang;
  screen: Screen;
  /** Screens to go back to. */
  history: Screen[];
  query: string;
  code: string;
  card: ScannedCard | null;
  /** The chip was read: it decides name and age priority over the QR. */
  chip: ChipGreeting | null;
  priority: PriorityGroup | null;
  /** The priority came from the card's date of birth. */
  priorityAuto: boolean;
  showPriorityGroups: boolean;
  scanError: { message: string; messageEn: string; foreign: boolean; seeClerk: boolean } | null;
  error: Message | null;
  pending: PendingRequest | null;
  /** While pending: the connection dropped, say so. */
  pendingOffline: boolean;
  /** Tickets issued here lately, to show again if their print fails after the screen moved on. */
  recent: IssuedTicket[];
  unprinted: Unprinted[];
  /** The last print failure, for a notice before the next citizen takes a ticket. */
  printerIssue: { reason: PrinterProblem; at: number } | null;
}

export type Action =
  | { type: 'lang'; lang: Lang }
  | { type: 'chooseField'; fieldId: string }
  | { type: 'openSearch' }
  | { type: 'query'; query: string }
  | { type: 'chooseProcedure'; procedureId: string | null; serviceId: string }
  | { type: 'togglePriorityGroups' }
  | { type: 'setPriority'; group: PriorityGroup | null }
  | { type: 'scanned'; card: ScannedCard; day: string; elderlyAge: number }
  | { type: 'scanBad'; message: string; messageEn: string; foreign: boolean; seeClerk: boolean }
  | { type: 'forgetCard' }
  | { type: 'openChip'; requestId: string | null }
  | { type: 'chipCan'; can: string }
  | { type: 'chipStarted'; requestId: string }
  | { type: 'chipRead'; read: ChipCitizen }
  | { type: 'chipFailed'; error: ChipError }
  | { type: 'issueStarted'; pending: PendingRequest }
  | { type: 'issueProgress'; connected: boolean }
  | { type: 'issued'; issued: IssuedTicket }
  | { type: 'issueFailed'; error: AppError; now?: number; timeZone?: string }
  | { type: 'printFailed'; ticketId: string; reason: PrinterProblem; at: number }
  | { type: 'printPresumedOk'; issuedAt: number }
  /** The printer's live status says it can print (paper refilled, cover shut): a failure it reported is over. */
  | { type: 'printerReady' }
  | { type: 'reprinted' }
  /** `print:printed`: the paper came out (the hub heard it from the agent). */
  | { type: 'printed'; ticketId: string; at: number }
  | { type: 'showUnprinted'; ticketId: string }
  | { type: 'openCheckIn' }
  | { type: 'code'; code: string }
  | { type: 'openSlots'; serviceId: string }
  | { type: 'booked'; appointment: Appointment }
  | { type: 'fail'; error: Message }
  | { type: 'dismissError' }
  | { type: 'back' }
  /** Idle timeout or "Done": the next citizen, in Vietnamese. "Start over" keeps the language. */
  | { type: 'reset'; keepLang?: boolean };

export function initialSession(lang: Lang = 'vi'): Session {
  return {
    lang,
    screen: { name: 'home' },
    history: [],
    query: '',
    code: '',
    card: null,
    chip: null,
    priority: null,
    priorityAuto: false,
    showPriorityGroups: false,
    scanError: null,
    error: null,
    pending: null,
    pendingOffline: false,
    recent: [],
    unprinted: [],
    printerIssue: null,
  };
}

/** A fresh session for the next citizen; the kiosk's own memory (print problems) stays. */
function nextCitizen(s: Session): Session {
  return { ...initialSession('vi'), recent: s.recent, unprinted: s.unprinted, printerIssue: s.printerIssue };
}

function go(s: Session, screen: Screen): Session {
  return { ...s, screen, history: [...s.history, s.screen], error: null };
}

/**
 * What the citizen reads for a refusal. Opening-hours refusals name their instant (`AppError.at`):
 * the next opening (with the weekday when not today, measured from `now`, the hub's time) or the
 * edge of the appointment's check-in window.
 */
export function errorMessage(e: AppError, context: 'issue' | 'checkIn' | 'book', now?: number, timeZone?: string): Message {
  if (e.code === 'centre_closed') {
    if (e.at === undefined) return tr.both('closedNoOpening');
    const at = e.at;
    const when = (lang: Lang): string => formatOpeningTime(at, now ?? at, lang, timeZone);
    return tr.both('closedRefused', { time: when('vi') }, { time: when('en') });
  }
  if (e.code === 'checkin_too_early' && e.at !== undefined) return tr.both('checkInTooEarly', { time: formatClock(e.at, timeZone) });
  if (e.code === 'checkin_too_late' && e.at !== undefined) return tr.both('checkInTooLate', { time: formatClock(e.at, timeZone) });
  if (context === 'checkIn' && e.code === 'not_found') return tr.both('checkInNotFound');
  if (context === 'checkIn' && e.code === 'invalid_state') return tr.both('checkInInvalid');
  if (context === 'book' && e.code === 'conflict') return tr.both('slotTaken');
  const known = ERROR_MESSAGES[e.code];
  return { vi: e.message || known.vi, en: known.en };
}

const MAX_RECENT = 20;

export function reduce(s: Session, a: Action): Session {
  // While a ticket is on its way, only its answer, the connection and print news change anything:
  // a stray tap, a scan or the idle timer must not lose the ticket the citizen is waiting for.
  if (s.pending && !['issued', 'issueFailed', 'issueProgress', 'printFailed', 'printPresumedOk', 'printed', 'lang'].includes(a.type)) return s;

  switch (a.type) {
    case 'lang':
      return { ...s, lang: a.lang };
    case 'chooseField':
      return { ...go(s, { name: 'procedures', fieldId: a.fieldId }), query: '' };
    case 'openSearch':
      return { ...go(s, { name: 'procedures', fieldId: null }), query: '' };
    case 'query':
      return { ...s, query: a.query.slice(0, 60) };
    case 'chooseProcedure':
      return { ...go(s, { name: 'confirm', procedureId: a.procedureId, serviceId: a.serviceId }), showPriorityGroups: false };
    case 'togglePriorityGroups':
      return { ...s, showPriorityGroups: !s.showPriorityGroups };
    case 'setPriority':
      return { ...s, priority: a.group, priorityAuto: false, showPriorityGroups: false };
    case 'scanned': {
      // A card at the ticket or booking screen is the next citizen.
      const base = s.screen.name === 'ticket' || s.screen.name === 'booked' ? nextCitizen(s) : s;
      // The chip, once read, decides the age priority: a QR scanned after it changes nothing there.
      if (base.chip) return { ...base, card: a.card, scanError: null };
      const auto = autoPriority(a.card, a.day, a.elderlyAge);
      // A group the citizen chose by hand stays; otherwise the card decides.
      const keepManual = base.priority !== null && !base.priorityAuto;
      return {
        ...base,
        card: a.card,
        scanError: null,
        priority: keepManual ? base.priority : auto,
        priorityAuto: keepManual ? false : auto !== null,
      };
    }
    case 'scanBad': {
      const base = s.screen.name === 'ticket' || s.screen.name === 'booked' ? nextCitizen(s) : s;
      const scanError = { message: a.message, messageEn: a.messageEn, foreign: a.foreign, seeClerk: a.seeClerk };
      // An implausible card is a citizen at the kiosk whose age cannot be trusted: forget any card
      // read before and the priority it gave (a priority chosen by hand stays).
      if (a.seeClerk) return { ...base, scanError, card: null, priority: base.priorityAuto ? null : base.priority, priorityAuto: false };
      return { ...base, scanError };
    }
    case 'forgetCard':
      return { ...s, card: null, chip: null, priority: s.priorityAuto ? null : s.priority, priorityAuto: false };
    case 'openChip':
      // With the QR's keys the request is on its way: place the card. Without, the CAN first.
      return go(s, { name: 'chip', step: a.requestId ? 'place' : 'can', requestId: a.requestId, can: '', canAsked: a.requestId === null, error: null });
    case 'chipCan':
      return s.screen.name === 'chip' ? { ...s, screen: { ...s.screen, can: a.can.replace(/\D/g, '').slice(0, 6) } } : s;
    case 'chipStarted':
      return s.screen.name === 'chip' ? { ...s, screen: { ...s.screen, step: 'place', requestId: a.requestId, error: null } } : s;
    case 'chipRead': {
      const sc = s.screen;
      // An answer to a request this screen no longer waits for (the citizen went back) changes nothing.
      if (sc.name !== 'chip' || sc.requestId !== a.read.requestId) return s;
      const o = a.read.outcome;
      if (!o.ok) {
        // The QR's keys did not open it: ask for the CAN once, before offering the QR path.
        if (o.code === 'access_denied' && !sc.canAsked) return { ...s, screen: { ...sc, step: 'can', requestId: null, canAsked: true, error: { message: tr('vi', 'chipCanWrong'), messageEn: tr('en', 'chipCanWrong'), fallbackToQr: true } } };
        return { ...s, screen: { ...sc, step: 'error', requestId: null, error: { message: o.message, messageEn: o.messageEn, fallbackToQr: o.fallbackToQr } } };
      }
      const chip: ChipGreeting = { requestId: a.read.requestId, fullName: o.fullName, verified: o.verified, elderly: a.read.elderly };
      // Age priority only from verified chip data; an age priority the QR gave is dropped (the chip decides). A group chosen by hand stays.
      const keepManual = s.priority !== null && !s.priorityAuto;
      const back = s.history.at(-1) ?? { name: 'home' as const };
      return {
        ...s,
        chip,
        scanError: null,
        priority: keepManual ? s.priority : chip.elderly ? 'elderly' : null,
        priorityAuto: keepManual ? false : chip.elderly,
        screen: back,
        history: s.history.slice(0, -1),
      };
    }
    case 'chipFailed':
      return s.screen.name === 'chip' ? { ...s, screen: { ...s.screen, step: 'error', requestId: null, error: a.error } } : s;
    case 'issueStarted':
      return { ...s, pending: a.pending, pendingOffline: false, error: null, scanError: null, screen: { name: 'issuing' }, history: [...s.history, s.screen] };
    case 'issueProgress':
      return s.pending ? { ...s, pendingOffline: !a.connected } : s;
    case 'issued': {
      const next = nextCitizen(s);
      return {
        ...next,
        lang: s.lang,
        screen: { name: 'ticket', issued: a.issued, print: initialPrintState(a.issued) },
        recent: [a.issued, ...s.recent.filter((t) => t.ticket.id !== a.issued.ticket.id)].slice(0, MAX_RECENT),
      };
    }
    case 'issueFailed': {
      const back = s.history.at(-1) ?? { name: 'home' };
      const context = s.pending?.kind === 'checkIn' ? 'checkIn' : 'issue';
      return { ...s, pending: null, pendingOffline: false, screen: back, history: s.history.slice(0, -1), error: errorMessage(a.error, context, a.now, a.timeZone) };
    }
    case 'printFailed': {
      const printerIssue = { reason: a.reason, at: a.at };
      if (s.screen.name === 'ticket' && s.screen.issued.ticket.id === a.ticketId) {
        return { ...s, printerIssue, screen: { ...s.screen, print: { kind: 'failed', reason: a.reason } } };
      }
      const issued = s.recent.find((t) => t.ticket.id === a.ticketId);
      if (!issued) return { ...s, printerIssue };
      return { ...s, printerIssue, unprinted: [{ issued, reason: a.reason, at: a.at }, ...s.unprinted.filter((u) => u.issued.ticket.id !== a.ticketId)].slice(0, 5) };
    }
    case 'printPresumedOk':
      return s.printerIssue && s.printerIssue.at < a.issuedAt ? { ...s, printerIssue: null } : s;
    case 'printerReady':
      // Tickets that failed stay in `unprinted` (they still need "In lại"); only the warning goes.
      return s.printerIssue && clearedByReadyStatus(s.printerIssue.reason) ? { ...s, printerIssue: null } : s;
    case 'printed': {
      // Paper came out: the printer works now (a later failure arrives after this, as its own event),
      // this ticket is no longer "unprinted", its screen says so.
      const cleared = { ...s, printerIssue: null, unprinted: s.unprinted.filter((u) => u.issued.ticket.id !== a.ticketId) };
      if (s.screen.name === 'ticket' && s.screen.issued.ticket.id === a.ticketId) return { ...cleared, screen: { ...s.screen, print: { kind: 'printed' } } };
      return cleared;
    }
    case 'reprinted':
      return s.screen.name === 'ticket' ? { ...s, screen: { ...s.screen, print: { kind: 'resent' } } } : s;
    case 'showUnprinted': {
      const u = s.unprinted.find((x) => x.issued.ticket.id === a.ticketId);
      if (!u) return s;
      return { ...go(s, { name: 'ticket', issued: u.issued, print: { kind: 'failed', reason: u.reason } }), unprinted: s.unprinted.filter((x) => x !== u) };
    }
    case 'openCheckIn':
      return { ...go(s, { name: 'checkIn' }), code: '' };
    case 'code':
      return { ...s, code: a.code.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12), error: null };
    case 'openSlots':
      return go(s, { name: 'slots', serviceId: a.serviceId });
    case 'booked':
      return { ...nextCitizen(s), lang: s.lang, screen: { name: 'booked', appointment: a.appointment } };
    case 'fail':
      return { ...s, error: a.error };
    case 'dismissError':
      return { ...s, error: null, scanError: null };
    case 'back': {
      const prev = s.history.at(-1);
      if (!prev) return nextCitizen(s);
      return { ...s, screen: prev, history: s.history.slice(0, -1), error: null, scanError: null };
    }
    case 'reset':
      return a.keepLang ? { ...nextCitizen(s), lang: s.lang } : nextCitizen(s);
  }
}

/** Nothing on screen belongs to a citizen: the idle timer has nothing to reset. */
export function isIdleHome(s: Session): boolean {
  return s.screen.name === 'home' && s.card === null && s.chip === null && s.priority === null && s.lang === 'vi' && s.error === null && s.scanError === null && s.history.length === 0;
}
