/**
 * What the board shows, computed from the live snapshot (pure): the call now being made, the
 * recent calls and the waiting load per field, filtered to this board's zone, counters or
 * fields. A call is "now calling" only while the board is live, the call is fresh and its
 * ticket is still waiting for the citizen to arrive (state `called`), so the board never keeps
 * flashing a call that is over or that it can no longer vouch for.
 */
import { spanOf, type CallRecord, type Counter, type Field, type LocalizedText, type PlaceSpan, type Snapshot } from '@motcua/shared';
import type { BoardConfig } from './config';

export interface BoardCall {
  key: string;
  call: CallRecord;
  /** How long ago the call was made, in ms. */
  ageMs: number;
  /** The ticket is still `called` at this counter: the citizen has not arrived yet. */
  active: boolean;
  flashing: boolean;
}

export interface FieldLoad {
  fieldId: string;
  name: LocalizedText;
  waiting: number;
  /** What a new ticket of the field's services would be told now (shared place-and-wait.ts), as a span over them; null without loads. */
  place: PlaceSpan | null;
}

export interface BoardModel {
  nowCalling: BoardCall | null;
  recent: BoardCall[];
  fields: FieldLoad[];
  totalWaiting: number;
}

/** Identity of one call or recall (a recall is a new call record with its own time). */
export function callKey(c: CallRecord): string {
  return `${c.ticketId}|${c.at}|${c.recall ? 'r' : 'c'}`;
}

/**
 * Why announcing a call now would be wrong, from the latest snapshot: its ticket is no longer
 * called at that counter (marked no-show, being served, finished, cancelled, held, transferred or
 * called elsewhere), or a later call at that counter replaced it. Null: still current, announce it.
 */
export function staleCall(s: Snapshot, call: CallRecord): string | null {
  const t = s.tickets.find((x) => x.id === call.ticketId);
  if (!t) return 'ticket no longer waiting to be served';
  if (t.state !== 'called') return `ticket is ${t.state}`;
  if (t.counterId !== call.counterId) return 'called at another counter';
  const newer = s.recentCalls.some((c) => c.counterId === call.counterId && c.at > call.at && c.ticketId !== call.ticketId);
  return newer ? 'a later call at this counter' : null;
}

export interface BoardFilter {
  counterIds: Set<string> | null;
  fieldIds: Set<string> | null;
}

/** Resolves the board's zone/counter/field parameters against the centre's configuration. */
export function boardFilter(s: Pick<Snapshot, 'counters' | 'fields' | 'services'>, config: Pick<BoardConfig, 'zone' | 'counters' | 'fields'>): BoardFilter {
  let counters: Counter[] | null = null;
  if (config.zone !== null) counters = s.counters.filter((c) => c.zone !== null && c.zone.toLowerCase() === config.zone?.toLowerCase());
  if (config.counters) counters = (counters ?? s.counters).filter((c) => config.counters?.includes(c.number));
  let fieldIds: Set<string> | null = null;
  if (config.fields) {
    const wanted = config.fields.map((f) => f.toLowerCase());
    fieldIds = new Set(s.fields.filter((f) => wanted.includes(f.id.toLowerCase()) || wanted.includes(f.code.toLowerCase())).map((f) => f.id));
  } else if (counters) {
    // A zone's board shows the fields its counters serve.
    const serviceIds = new Set(counters.flatMap((c) => [...c.primary, ...c.secondary]));
    fieldIds = new Set(s.services.filter((sv) => serviceIds.has(sv.id)).map((sv) => sv.fieldId));
  }
  return { counterIds: counters ? new Set(counters.map((c) => c.id)) : null, fieldIds };
}

export function callMatches(call: CallRecord, filter: BoardFilter, fieldOfService: (serviceId: string) => string | undefined): boolean {
  if (filter.counterIds && !filter.counterIds.has(call.counterId)) return false;
  if (filter.fieldIds) {
    const field = fieldOfService(call.serviceId);
    if (!field || !filter.fieldIds.has(field)) return false;
  }
  return true;
}

export interface ModelInput {
  snapshot: Snapshot;
  config: Pick<BoardConfig, 'zone' | 'counters' | 'fields' | 'recent' | 'staleMs' | 'flashMs'>;
  /** Age of a call in ms (from when the board first learnt of it, or the hub's clock). */
  ageOf: (call: CallRecord) => number;
  /** Connected and synchronised with the hub. */
  live: boolean;
}

export function buildBoardModel({ snapshot: s, config, ageOf, live }: ModelInput): BoardModel {
  const filter = boardFilter(s, config);
  const serviceField = new Map(s.services.map((sv) => [sv.id, sv.fieldId]));
  const ticketById = new Map(s.tickets.map((t) => [t.id, t]));

  const seen = new Set<string>();
  const calls: BoardCall[] = [];
  for (const call of s.recentCalls) {
    // The list is newest first; a recall supersedes the earlier call of the same ticket.
    if (seen.has(call.ticketId) || !callMatches(call, filter, (id) => serviceField.get(id))) continue;
    seen.add(call.ticketId);
    const t = ticketById.get(call.ticketId);
    const ageMs = Math.max(0, ageOf(call));
    const active = live && t?.state === 'called' && t.counterId === call.counterId;
    calls.push({ key: callKey(call), call, ageMs, active, flashing: active && ageMs < config.flashMs });
  }
  const nowCalling = calls.find((c) => c.active && c.ageMs <= config.staleMs) ?? null;
  const recent = calls.filter((c) => c !== nowCalling).slice(0, config.recent);

  const fields: FieldLoad[] = [];
  const activeServices = s.services.filter((sv) => sv.active);
  for (const f of [...s.fields].sort((a: Field, b: Field) => a.sortOrder - b.sortOrder)) {
    if (filter.fieldIds && !filter.fieldIds.has(f.id)) continue;
    const services = new Set(activeServices.filter((sv) => sv.fieldId === f.id).map((sv) => sv.id));
    if (!services.size) continue;
    const loads = s.loads.filter((l) => services.has(l.serviceId));
    fields.push({
      fieldId: f.id,
      name: f.name,
      waiting: loads.reduce((n, l) => n + l.waiting, 0),
      place: spanOf(loads.map((l) => l.next)),
    });
  }
  return { nowCalling, recent, fields, totalWaiting: fields.reduce((n, f) => n + f.waiting, 0) };
}

/**
 * Remembers when the board first learnt of each call, so a call's age is measured on the
 * board's own clock (robust to a hub clock that differs from the TV's), and tells which calls
 * are new since the last look. The first look only primes it: a board that starts up (or
 * reloads) does not announce calls made before it was running.
 */
export class CallTracker {
  private readonly firstSeen = new Map<string, number>();
  private primed = false;

  /** Calls not seen before, oldest first. `hubNow` is the hub's clock as best known now. */
  observe(calls: readonly CallRecord[], hubNow: number, localNow: number): CallRecord[] {
    const fresh: CallRecord[] = [];
    const present = new Set<string>();
    for (const c of calls) {
      const k = callKey(c);
      present.add(k);
      if (this.firstSeen.has(k)) continue;
      this.firstSeen.set(k, localNow - Math.max(0, hubNow - c.at));
      fresh.push(c);
    }
    for (const k of this.firstSeen.keys()) if (!present.has(k)) this.firstSeen.delete(k);
    if (!this.primed) {
      this.primed = true;
      return [];
    }
    return fresh.reverse();
  }

  ageOf(call: CallRecord, hubNow: number, localNow: number): number {
    const first = this.firstSeen.get(callKey(call));
    return first === undefined ? hubNow - call.at : localNow - first;
  }
}
