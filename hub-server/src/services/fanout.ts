/**
 * Paced broadcast to the public audience (every display board, kiosk and anonymous page: hundreds
 * of sockets). socket.io writes a broadcast to every socket of a room in one go, one websocket frame
 * and one `writev` each: with 300 boards that is about 20 ms of the hub's one thread per delta, and
 * at a busy moment deltas queue behind each other and every other command waits (bench:hub with
 * 800 waiting, issue 13 item 7). Here a broadcast goes out in chunks of `FANOUT_CHUNK` sockets, one
 * chunk per turn of the event loop (commands run in between), and deltas that pile up while
 * earlier ones are still going out are merged into one (`mergeDeltas`: the same end state, fewer
 * frames). Every socket still receives the deltas in sequence order: the next item starts only
 * after the previous one reached every socket of the room.
 *
 * A delta without a call also waits up to `PUBLIC_MERGE_MS` for the ones after it, to go out merged
 * with them: a board or a kiosk needs the waiting counts about once a second, not one frame per
 * ticket issued. At 20 tickets a second that is one write per board a second instead of twenty
 * (each `writev` to 300 boards was 14 % of the hub's CPU with 800 waiting). The hold was 250 ms:
 * four paced items a second, each going out over six turns of the loop, and a call that landed in
 * the middle of one waited for the rest of its chunks (bench:hub's fan-out tail).
 *
 * A delta with a call is never paced nor held: it flushes the deltas still queued (merged into
 * one frame with it when it can be; the loads, not sequenced, keep their place in the pacing after
 * it) and goes to the whole room at once (a citizen is waiting to
 * hear their number; between paced chunks the hub runs other commands, each with its fsync, and a
 * call spread over six chunks waited for several of them). When it lands while an item is still
 * going out in chunks, the sockets that have not had that item yet get it merged with the call:
 * one frame each, not two (`flush`).
 */
import type { Delta, ServerToClientEvents } from '@motcua/shared';
import type { HubServer } from '../realtime/types';

/** Sockets written to per turn of the event loop. */
export const FANOUT_CHUNK = 50;

/** How long a delta without a call (or the loads) may wait to be merged with those after it, in ms. */
export const PUBLIC_MERGE_MS = 1_000;

type Loads = Parameters<ServerToClientEvents['state:loads']>[0];

/** What goes out to the room. */
export type Outgoing = { event: 'state:delta'; payload: Delta } | { event: 'state:loads'; payload: Loads };

/** What waits to go out, and since when (`performance.now()` when it was queued; a merge keeps the first). */
interface Held<T> {
  payload: T;
  since: number;
}

/** What a paced room needs of socket.io: the ids of its sockets now, and a send to some of them or to all. */
export interface RoomOut {
  members(): string[];
  send(to: 'all' | string[], out: Outgoing): void;
}

/** A socket.io room as a `RoomOut`: a send to a list of ids goes to those sockets' own rooms (encoded once). */
export function socketRoom(io: HubServer, room: string): RoomOut {
  return {
    members: () => [...(io.sockets.adapter.rooms.get(room) ?? [])],
    send(to, out) {
      const target = io.to(to === 'all' ? room : to);
      if (out.event === 'state:delta') target.emit('state:delta', out.payload);
      else target.emit('state:loads', out.payload);
    },
  };
}

/** Whether `b`, the delta right after `a`, can be folded into `a` (one call per delta; one business day). */
export function canMerge(a: Delta, b: Delta): boolean {
  return b.prevSeq === a.seq && a.day === b.day && !(a.call && b.call);
}

function byIdMerge<T extends { id: string }>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  if (!a?.length) return b?.length ? [...b] : undefined;
  if (!b?.length) return [...a];
  const m = new Map(a.map((x) => [x.id, x]));
  for (const x of b) {
    m.delete(x.id); // the later version, in the later position
    m.set(x.id, x);
  }
  return [...m.values()];
}

/** One delta with the effect of `a` then `b` (applyDelta(applyDelta(s, a), b) = applyDelta(s, merged)). */
export function mergeDeltas(a: Delta, b: Delta): Delta {
  const d: Delta = { seq: b.seq, prevSeq: a.prevSeq, at: b.at, day: b.day };
  const tickets = byIdMerge(a.tickets, b.tickets);
  const counters = byIdMerge(a.counters, b.counters);
  const devices = byIdMerge(a.devices, b.devices);
  if (tickets) d.tickets = tickets;
  if (counters) d.counters = counters;
  if (devices) d.devices = devices;
  const call = a.call ?? b.call;
  if (call) d.call = call;
  if (a.resync || b.resync) d.resync = true;
  return d;
}

export class PacedRoom {
  /** Deltas waiting, in sequence order. */
  private readonly deltas: Held<Delta>[] = [];
  /** The newest loads not yet sent (derived figures, not sequenced: only the newest matter). */
  private loadsWaiting: Held<Loads> | null = null;
  private current: { out: Outgoing; ids: string[]; next: number } | null = null;
  private scheduled = false;
  private held: NodeJS.Timeout | null = null;
  private sealed = false;
  private stopped = false;

  constructor(
    private readonly room: RoomOut,
    private readonly chunk = FANOUT_CHUNK,
    private readonly mergeMs = PUBLIC_MERGE_MS,
  ) {}

  /**
   * A snapshot was just given out at the last delta's seq, with `loads`: what is queued from now on
   * starts a new delta. (Merged into a held one, a delta after the snapshot would span it — its
   * `prevSeq` before the snapshot's seq — and the client that took the snapshot would see a gap and
   * fetch another.) The loads waiting or being paced were computed before the snapshot: they are
   * replaced by the snapshot's, so the client that took it never gets older figures after it (a
   * board opened just after a call showed the count from before the call until the next push).
   */
  seal(loads?: Loads): void {
    this.sealed = true;
    if (loads === undefined) return;
    if (this.loadsWaiting) this.loadsWaiting.payload = loads;
    if (this.current?.out.event === 'state:loads') this.current.out = { event: 'state:loads', payload: loads };
  }

  delta(d: Delta): void {
    const last = this.sealed ? undefined : this.deltas.at(-1);
    this.sealed = false;
    if (last && canMerge(last.payload, d)) last.payload = mergeDeltas(last.payload, d);
    else this.deltas.push({ payload: d, since: performance.now() });
    if (d.call) this.flush();
    else this.schedule();
  }

  /**
   * Sends the queued deltas now, in order, to the whole room (a call is among them). The sockets
   * still waiting for a delta being paced get it merged with the delta after it when they can be
   * (one write each instead of two); the others get that delta alone. The loads, waiting or being
   * paced, are not sequenced and wait: they keep their place in the pacing after the call (a call
   * behind the 300 writes of a loads push waited for all of them), unless newer loads replace them.
   */
  private flush(): void {
    if (this.stopped) return;
    this.release();
    const cur = this.current;
    this.current = null;
    const queued = this.deltas.splice(0);
    if (cur && cur.next < cur.ids.length) {
      const rest = cur.ids.slice(cur.next);
      const next = queued[0];
      if (cur.out.event === 'state:loads') {
        if (!this.loadsWaiting) this.current = cur; // its last sockets get it after the call
      } else if (next && canMerge(cur.out.payload, next.payload)) {
        queued.shift();
        this.room.send(rest, { event: 'state:delta', payload: mergeDeltas(cur.out.payload, next.payload) });
        const waiting = new Set(rest);
        const others = this.room.members().filter((id) => !waiting.has(id));
        if (others.length) this.room.send(others, { event: 'state:delta', payload: next.payload });
      } else this.room.send(rest, cur.out);
    }
    for (const d of queued) this.room.send('all', { event: 'state:delta', payload: d.payload });
    if (this.current || this.loadsWaiting) this.schedule();
  }

  loads(payload: Loads): void {
    // Only the newest loads matter: those not yet sent are replaced.
    if (this.loadsWaiting) this.loadsWaiting.payload = payload;
    else this.loadsWaiting = { payload, since: performance.now() };
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.release();
    this.deltas.length = 0;
    this.loadsWaiting = null;
    this.current = null;
  }

  private release(): void {
    if (this.held) clearTimeout(this.held);
    this.held = null;
  }

  private schedule(): void {
    if (this.scheduled || this.held || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.step());
  }

  /** What has waited longest (a delta or the loads) and can go now, taken from its queue; null when nothing is due. */
  private takeDue(): Outgoing | null {
    const d = this.deltas[0];
    const l = this.loadsWaiting;
    const delta = d !== undefined && (l === null || d.since <= l.since);
    const since = delta ? d.since : l?.since;
    if (since === undefined) return null;
    // Held until it has waited `mergeMs`: what is queued meanwhile merges into it.
    const wait = since + this.mergeMs - performance.now();
    if (wait > 0) {
      this.held = setTimeout(() => {
        this.held = null;
        this.step();
      }, wait);
      return null;
    }
    if (delta) {
      this.deltas.shift();
      return { event: 'state:delta', payload: d.payload };
    }
    this.loadsWaiting = null;
    return l && { event: 'state:loads', payload: l.payload };
  }

  private step(): void {
    this.scheduled = false;
    if (this.stopped) return;
    if (!this.current) {
      const out = this.takeDue();
      if (!out) return;
      this.current = { out, ids: this.room.members(), next: 0 };
    }
    const cur = this.current;
    const part = cur.ids.slice(cur.next, cur.next + this.chunk);
    cur.next += part.length;
    // To these sockets' own rooms: socket.io encodes the packet once per chunk.
    if (part.length) this.room.send(part, cur.out);
    if (cur.next >= cur.ids.length) this.current = null;
    if (this.current || this.deltas.length || this.loadsWaiting) this.schedule();
  }
}
