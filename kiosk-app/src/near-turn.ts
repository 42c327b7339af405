/**
 * When the status page on a citizen's phone alerts them (sound and vibration while the page is
 * open): once when their turn is near (at most `NEAR_TURN_AHEAD` people ahead), and again each time
 * their number is called (a recall is a new call). Pure: the page keeps what was already alerted.
 */
import type { TicketStatus } from '@motcua/shared';

export const NEAR_TURN_AHEAD = 3;

export type TurnAlert = 'near' | 'called';

export interface AlertMemory {
  near: boolean;
  /** calledAt of the last call alerted. */
  calledAt: number | null;
}

export const NO_ALERTS: AlertMemory = { near: false, calledAt: null };

/** Which alert the latest status asks for (null: none), and the memory after it. */
export function nextAlert(memory: AlertMemory, status: TicketStatus): { alert: TurnAlert | null; memory: AlertMemory } {
  const tk = status.ticket;
  if (tk.state === 'called' && tk.calledAt !== null && tk.calledAt !== memory.calledAt) return { alert: 'called', memory: { near: true, calledAt: tk.calledAt } };
  if (tk.state === 'waiting' && !memory.near && status.place !== null && status.place.peopleAhead <= NEAR_TURN_AHEAD) return { alert: 'near', memory: { ...memory, near: true } };
  return { alert: null, memory };
}

/** Vibration patterns (ms): two short pulses when near, three long ones when called. */
export const VIBRATION: Record<TurnAlert, number[]> = { near: [200, 100, 200], called: [400, 150, 400, 150, 400] };
