/**
 * The kiosk's chip reads in flight and their outcomes, in memory only (nothing of a chip read is
 * stored): a `kiosk:readChip` names the agent bound to the kiosk that was asked; only that agent
 * may answer (`chip:result`); the outcome is kept for the kiosk for `keepMs`, so the ticket it
 * issues next (`chipReadId`) takes the name and age priority from what the agent read — never from
 * what the kiosk says.
 */
import type { ChipReadOutcome } from '@motcua/shared';

interface Pending {
  kioskId: string;
  agentId: string;
  at: number;
}

export interface ChipRead {
  kioskId: string;
  fullName: string;
  ageBand: { min: number; max: number | null };
  verified: boolean;
  at: number;
}

export class ChipReads {
  private readonly pending = new Map<string, Pending>();
  private readonly done = new Map<string, ChipRead>();

  constructor(
    private readonly now: () => number,
    /** How long a request waits for the agent, and a read stays usable for a ticket. */
    private readonly keepMs = { pending: 60_000, read: 10 * 60_000 },
  ) {}

  private sweep(): void {
    const t = this.now();
    for (const [id, p] of this.pending) if (t - p.at > this.keepMs.pending) this.pending.delete(id);
    for (const [id, r] of this.done) if (t - r.at > this.keepMs.read) this.done.delete(id);
  }

  request(requestId: string, kioskId: string, agentId: string): void {
    this.sweep();
    this.pending.set(requestId, { kioskId, agentId, at: this.now() });
  }

  /** The kiosk a request came from, if `agentId` is the agent it was sent to; then it is settled. */
  settle(requestId: string, agentId: string, outcome: ChipReadOutcome): { kioskId: string } | 'unknown' | 'wrong_agent' {
    this.sweep();
    const p = this.pending.get(requestId);
    if (!p) return 'unknown';
    if (p.agentId !== agentId) return 'wrong_agent';
    this.pending.delete(requestId);
    if (outcome.ok) this.done.set(requestId, { kioskId: p.kioskId, fullName: outcome.fullName, ageBand: outcome.ageBand, verified: outcome.verified, at: this.now() });
    return { kioskId: p.kioskId };
  }

  /** A successful read for this kiosk (another kiosk's read id gives nothing). */
  read(requestId: string, kioskId: string): ChipRead | null {
    this.sweep();
    const r = this.done.get(requestId);
    return r && r.kioskId === kioskId ? r : null;
  }
}

/** Elderly priority from a chip read: only from verified chip data, and only when the whole band is at or above the age. */
export function chipElderly(r: { verified: boolean; ageBand: { min: number } }, elderlyAge: number): boolean {
  return r.verified && r.ageBand.min >= elderlyAge;
}
