/**
 * What clients are told: the sequenced deltas after each commit (one rendering per audience room),
 * the snapshot a client starts from (at the last delta's seq), the derived loads pushed on their own
 * timer, the LEDs (main display line and each counter's digits), and pushes to one device or
 * counter. Holds the socket.io server; knows nothing of commands.
 */
import { businessDay, type Clock, type Role, type ServerToClientEvents, type SessionEndReason, type Snapshot, type SocketData } from '@motcua/shared';
import type { CounterRepo, TicketRepo } from '../db/repositories';
import type { Logger } from '../logger';
import type { HubServer } from '../realtime/types';
import { PacedRoom, socketRoom } from './fanout';
import { guardedInterval } from './timers';
import { audienceOf, LOADS_REFRESH_MS, ROOMS, type StateService } from './state';
import type { Changes } from './unit-of-work';
import { say } from '../i18n';

export interface PublisherDeps {
  io: HubServer;
  state: StateService;
  tickets: TicketRepo;
  counters: CounterRepo;
  clock: Clock;
  timeZone: string;
  log: Logger;
  /** The seq of the last event already in the database at start. */
  lastSeq: number;
  /** False once the database is closed (timers then do nothing). */
  isOpen: () => boolean;
  /** The business day at an instant (services/business-day.ts); by default the wall clock's. */
  dayOf?: (now: number) => string;
}

export class Publisher {
  private readonly io: HubServer;
  private lastDeltaSeq: number;
  private readonly ledShown = new Map<string, string | null>();
  private loadsTimer: NodeJS.Timeout | null = null;
  /** The public audience (boards, kiosks: hundreds of sockets) is written to in paced chunks (fanout.ts). */
  private readonly publicRoom: PacedRoom;

  constructor(private readonly d: PublisherDeps) {
    this.io = d.io;
    this.lastDeltaSeq = d.lastSeq;
    this.publicRoom = new PacedRoom(socketRoom(d.io, ROOMS.public));
  }

  private dayOf(now: number): string {
    return this.d.dayOf ? this.d.dayOf(now) : businessDay(now, this.d.timeZone);
  }

  /** Starts pushing the loads (waiting counts and estimated waits). */
  start(): void {
    // Waiting counts and estimated waits are derived data: each costs a simulation, so they are
    // pushed on their own (not in the sequenced deltas) at most every LOADS_REFRESH_MS.
    this.loadsTimer = guardedInterval(this.d.log, 'loads push', LOADS_REFRESH_MS, () => this.pushLoads());
  }

  stop(): void {
    if (this.loadsTimer) clearInterval(this.loadsTimer);
    this.loadsTimer = null;
    this.publicRoom.stop();
  }

  /** Pushes what one committed command changed, then runs its after-commit pushes. */
  publish(changes: Changes): void {
    if (changes.visible && changes.lastSeq > this.lastDeltaSeq) {
      const now = this.d.clock.now();
      const day = this.dayOf(now);
      const deltas = this.d.state.deltas(changes, changes.lastSeq, this.lastDeltaSeq, now, day);
      this.lastDeltaSeq = changes.lastSeq;
      if (changes.call) this.d.state.noteCall(changes.call);
      this.publicRoom.delta(deltas.public);
      for (const a of ['staff', 'manager'] as const) this.io.to(ROOMS[a]).emit('state:delta', deltas[a]);
      if (changes.call) this.io.to('role:agent').emit('led:show', { target: 'main', lines: [say('vi', 'ledCall', { number: changes.call.number, counter: changes.call.counterNumber })] });
      if ((changes.tickets.size || changes.call) && this.io.sockets.adapter.rooms.get('role:agent')?.size) this.pushCounterLeds(day);
    }
    for (const fn of changes.after) {
      try {
        fn();
      } catch (e) {
        this.d.log.error({ err: e }, 'after-commit push failed');
      }
    }
  }

  pushLoads(): void {
    if (!this.d.state.loadsDirty || !this.d.isOpen()) return;
    this.d.state.loadsDirty = false;
    const now = this.d.clock.now();
    const loads = this.d.state.loads(now, this.dayOf(now));
    this.publicRoom.loads(loads);
    this.io.to([ROOMS.staff, ROOMS.manager]).emit('state:loads', loads);
  }

  snapshot(role: Role | 'public'): Snapshot {
    const now = this.d.clock.now();
    const day = this.dayOf(now);
    const snap = this.d.state.snapshot(this.lastDeltaSeq, now, day, role, this.d.tickets.live(day));
    // A public client's snapshot is at the last delta's seq: deltas held for the public room after it
    // start afresh, and the loads held for it are the snapshot's from now on (never older ones after it).
    if (audienceOf(role) === 'public') this.publicRoom.seal(snap.loads);
    return snap;
  }

  pushToDevice<E extends keyof ServerToClientEvents>(deviceId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io.to(`device:${deviceId}`).emit(event, ...args);
  }

  pushToCounter<E extends keyof ServerToClientEvents>(counterId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io.to(`counter:${counterId}`).emit(event, ...args);
  }

  pushToManagers<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io.to('role:manager').emit(event, ...args);
  }

  /**
   * Ends the sessions of every open socket `match` selects: tells it why (`session:ended`), then
   * disconnects it. Answers how many sockets it ended.
   */
  endSessions(match: (data: SocketData) => boolean, reason: SessionEndReason): number {
    let n = 0;
    for (const socket of this.io.sockets.sockets.values()) {
      if (!match(socket.data)) continue;
      socket.emit('session:ended', { reason });
      socket.disconnect(true);
      n++;
    }
    return n;
  }

  /** Closes every socket of a device (a revoked device). */
  disconnectDevice(deviceId: string): void {
    this.io.in(`device:${deviceId}`).disconnectSockets(true);
  }

  /** What each counter's LED digit display should show: the number called or served there, or blank. */
  counterNumbers(day: string): Map<string, { counterNumber: number; number: string | null }> {
    const active = new Map<string, string>();
    for (const t of this.d.tickets.live(day)) if ((t.state === 'called' || t.state === 'serving') && t.counterId) active.set(t.counterId, t.number);
    return new Map(this.d.counters.all().map((c) => [c.id, { counterNumber: c.number, number: active.get(c.id) ?? null }]));
  }

  /** Updates the counter LEDs whose number changed: a call shows it, finish/no-show/hold/transfer blanks it. */
  private pushCounterLeds(day: string): void {
    for (const [counterId, { counterNumber, number }] of this.counterNumbers(day)) {
      if (this.ledShown.get(counterId) === number) continue;
      this.ledShown.set(counterId, number);
      this.io.to('role:agent').emit('led:show', { target: 'counter', counterId, counterNumber, number });
    }
  }
}
