/**
 * The request a citizen is waiting for, kept in localStorage until the hub answers. If the page
 * reloads mid-issue (the shell reloads a crashed renderer, the hub came back after an update),
 * the kiosk sends the same request again on start and shows the ticket, instead of leaving a
 * ticket nobody saw. Too old a request (the kiosk was off for a while) is dropped.
 */
import type { CheckInInput, IssueTicketInput } from '@motcua/shared';

export type PendingRequest = { kind: 'issue'; input: IssueTicketInput; startedAt: number } | { kind: 'checkIn'; input: CheckInInput; startedAt: number };

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'motcua.kiosk.pending';
export const PENDING_MAX_AGE_MS = 15 * 60_000;

export function savePending(store: KeyValueStore, p: PendingRequest): void {
  try {
    store.setItem(KEY, JSON.stringify(p));
  } catch {
    // Storage full or disabled: the request still goes out; only a page reload would lose it.
  }
}

export function clearPending(store: KeyValueStore): void {
  try {
    store.removeItem(KEY);
  } catch {
    // nothing to do
  }
}

export function loadPending(store: KeyValueStore, now: number): PendingRequest | null {
  let raw: string | null;
  try {
    raw = store.getItem(KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Partial<PendingRequest>;
    const fresh = typeof p.startedAt === 'number' && now - p.startedAt >= 0 && now - p.startedAt < PENDING_MAX_AGE_MS;
    const shaped = (p.kind === 'issue' || p.kind === 'checkIn') && !!p.input && typeof (p.input as { requestId?: unknown }).requestId === 'string';
    if (fresh && shaped) return p as PendingRequest;
  } catch {
    // fall through: corrupt entry
  }
  clearPending(store);
  return null;
}
