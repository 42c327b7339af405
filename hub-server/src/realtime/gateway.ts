/**
 * The socket gateway: authenticates a socket at connect (protocol version, device or session
 * token), keeps it in the rooms of its identity, and dispatches each command — validate the
 * input against the command table, check the sender's role, run the handler, always ack.
 *
 * An identity is not trusted for the socket's life: before each command, and every
 * SESSION_SWEEP_MS for every open socket, the gateway re-reads the session (or device) from the
 * database (the sweep in one read of all the sockets' sessions and one of their devices, not one
 * per socket: 300 displays would otherwise cost 600 reads a second). A session signed out elsewhere, expired, of a deactivated or demoted account, or a
 * revoked device ends the socket: `session:ended` with the reason, then disconnect. (Logout and the
 * manager's account changes also end the sockets at once, with their own reason.)
 */
import { businessDay, COMMAND_NAMES, COMMANDS, fail, HandshakeAuth, ok, PROTOCOL_VERSION, type CommandName, type Result, type SessionEndReason } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import { hashToken } from '../services/auth';
import { audienceOf, ROOMS } from '../services/state';
import { SYSTEM_ACTOR, type Actor } from '../services/unit-of-work';
import type { Handler, Handlers } from './commands';
import type { HubServer, HubSocket } from './types';
import { isStorageError } from '../services/storage-health';
import { guarded, guardedInterval } from '../services/timers';


/** How often every open socket's session is re-checked (expiry reaches sockets within this). */
export const SESSION_SWEEP_MS = 500;

/**
 * At most one "command without acknowledgement" warning per this window, hub-wide (any socket):
 * a client emitting in a loop without an ack, from one socket or many, cannot fill the log. The
 * next warning says how many were left out.
 */
export const NO_ACK_WARN_WINDOW_MS = 60_000;

export class Gateway {
  private timer: NodeJS.Timeout | null = null;
  private io: HubServer | null = null;
  private noAck = { lastAt: Number.NEGATIVE_INFINITY, suppressed: 0 };

  constructor(
    private readonly hub: Hub,
    private readonly handlers: Handlers<CommandName>,
  ) {}

  /** Starts re-checking every open socket's session. */
  start(): void {
    if (this.timer) return;
    this.timer = guardedInterval(this.hub.log, 'session sweep', SESSION_SWEEP_MS, () => this.sweep());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Ends every socket whose session or device no longer stands. */
  sweep(): void {
    if (!this.io || !this.hub.db.open) return;
    const held = [...this.io.sockets.sockets.values()].filter((s) => s.data.deviceId || s.data.sessionToken);
    if (held.length === 0) return;
    const reasons = this.hub.auth.endedAll(held.map((s) => s.data));
    held.forEach((socket, i) => {
      const reason = reasons[i];
      if (reason) this.end(socket, reason);
    });
  }

  private end(socket: HubSocket, reason: SessionEndReason): void {
    socket.emit('session:ended', { reason });
    socket.disconnect(true);
  }

  /**
   * True if the socket's identity still stands; otherwise ends the socket (after `beforeEnd`, which
   * acks the refused command so the client hears why) and answers false.
   */
  private checkSession(socket: HubSocket, beforeEnd?: () => void): boolean {
    const reason = this.hub.auth.ended(socket.data);
    if (!reason) return true;
    beforeEnd?.();
    this.end(socket, reason);
    return false;
  }

  attach(io: HubServer): void {
    this.io = io;
    io.use((socket, next) => this.authenticate(socket, next));
    io.on('connection', (socket) => this.onConnection(socket));
  }

  private authenticate(socket: HubSocket, next: (err?: Error) => void): void {
    const parsed = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!parsed.success || parsed.data.protocolVersion !== PROTOCOL_VERSION) {
      next(new Error('protocol_mismatch'));
      return;
    }
    socket.data = { role: 'public', deviceId: null, clerkId: null, counterId: null, sessionToken: null };
    // On a TLS hub, the plain-HTTP listener serves only the public status page: a token over it
    // would have crossed the LAN in clear (http/plain.ts). Refused, and the client is told why.
    if (parsed.data.token && this.insecure(socket)) {
      next(new Error('insecure_transport'));
      return;
    }
    // Not a browser (browsers always send Origin; http/security.ts checked it): a device agent or a
    // shell's main process, which must show a device token (checked below). Anonymous and staff
    // sockets are for the hub's own pages.
    const noOrigin = socket.handshake.headers.origin === undefined;
    if (!parsed.data.token && noOrigin) {
      next(new Error('origin_required'));
      return;
    }
    if (parsed.data.token) {
      const resolved = this.hub.auth.resolveToken(parsed.data.token);
      if (!resolved) {
        next(new Error('unauthenticated'));
        return;
      }
      const { actor } = resolved;
      if (noOrigin && !actor.deviceId) {
        next(new Error('origin_required'));
        return;
      }
      socket.data = { role: actor.role, deviceId: actor.deviceId, clerkId: actor.clerkId, counterId: actor.counterId, sessionToken: actor.deviceId ? null : hashToken(parsed.data.token) };
    }
    next();
  }

  /** True for a socket that came over plain HTTP to a hub that serves HTTPS. */
  private insecure(socket: HubSocket): boolean {
    return this.hub.config.tls.enabled && !socket.handshake.secure;
  }

  /** Moves a socket into the rooms of its (new) identity. */
  bindSocket(socket: HubSocket, actor: Actor, sessionTokenHash: string | null): void {
    const hub = this.hub;
    for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
    const wasDevice = socket.data.deviceId;
    socket.data = { role: actor.role, deviceId: actor.deviceId, clerkId: actor.clerkId, counterId: actor.counterId, sessionToken: sessionTokenHash };
    void socket.join(ROOMS[audienceOf(actor.role)]);
    void socket.join(`role:${actor.role}`);
    if (actor.role === 'agent') {
      // An agent (re)connecting gets every counter's current number, so LEDs are right after a restart.
      const day = businessDay(hub.clock.now(), hub.config.timeZone);
      for (const [counterId, { counterNumber, number }] of hub.counterNumbers(day)) socket.emit('led:show', { target: 'counter', counterId, counterNumber, number });
    }
    if (actor.counterId) void socket.join(`counter:${actor.counterId}`);
    if (actor.deviceId) {
      void socket.join(`device:${actor.deviceId}`);
      if (wasDevice !== actor.deviceId && hub.devices.connected(actor.deviceId)) {
        const id = actor.deviceId;
        // Presence is a write: with the storage down it is refused (the device is still online in memory) and the hub goes on.
        guarded(hub.log, 'recording a device online', () =>
          hub.exec({ ...actor }, (tx) => {
            hub.devices.markPresence(tx, id, true);
            return ok(null);
          }),
        );
      }
    }
  }

  private onConnection(socket: HubSocket): void {
    const hub = this.hub;
    const d = socket.data;
    this.bindSocket(socket, { role: d.role, clerkId: d.clerkId, counterId: d.counterId, deviceId: null }, d.sessionToken);
    if (d.deviceId) this.bindSocket(socket, { role: d.role, clerkId: null, counterId: d.counterId, deviceId: d.deviceId }, null);

    for (const name of COMMAND_NAMES) {
      socket.on(name, (...args: unknown[]) => {
        void this.dispatchCommand(socket, name, args);
      });
    }
    // A client that connects while the storage is down hears so at once (the kiosk stops issuing, the manager sees the alarm).
    if (!hub.storage.available) socket.emit('hub:health', hub.storage.health);
    socket.on('disconnect', () => {
      const id = socket.data.deviceId;
      if (id && hub.devices.disconnected(id) && hub.db.open) {
        guarded(hub.log, 'recording a device offline', () =>
          hub.exec(SYSTEM_ACTOR, (tx) => {
            hub.devices.markPresence(tx, id, false);
            return ok(null);
          }),
        );
      }
    });
  }

  private warnNoAck(command: CommandName, socket: string): void {
    const now = this.hub.clock.now();
    if (now - this.noAck.lastAt < NO_ACK_WARN_WINDOW_MS) {
      this.noAck.suppressed++;
      return;
    }
    this.hub.log.warn({ command, socket, suppressed: this.noAck.suppressed }, 'command without acknowledgement ignored (more within a minute are counted, not logged)');
    this.noAck = { lastAt: now, suppressed: 0 };
  }

  private async dispatchCommand(socket: HubSocket, name: CommandName, args: unknown[]): Promise<void> {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      this.warnNoAck(name, socket.id);
      return;
    }
    const reply = ack as (r: Result<unknown>) => void;
    const spec = COMMANDS[name];
    // The table pairs each name's schema with its handler; indexing by a union name loses that pairing.
    const run = this.handlers[name] as Handler<CommandName>;
    const actor: Actor = { role: socket.data.role, clerkId: socket.data.clerkId, counterId: socket.data.counterId, deviceId: socket.data.deviceId };
    try {
      if (!this.checkSession(socket, () => reply(fail('unauthenticated', 'this session has ended')))) return;
      if ((name === 'auth:login' || name === 'device:pair') && this.insecure(socket)) {
        reply(fail('forbidden', `${name} needs HTTPS: this plain-HTTP connection serves only the public ticket status page`));
        return;
      }
      if (!spec.roles.includes(actor.role)) {
        reply(fail(actor.role === 'public' ? 'unauthenticated' : 'forbidden', `${actor.role} may not ${name}`));
        return;
      }
      const parsed = spec.input.safeParse(args.length > 1 ? args[0] : undefined);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        reply(fail('invalid_payload', `${issue?.path.join('.') || '(payload)'}: ${issue?.message ?? 'invalid'}`));
        return;
      }
      const bind = (a: Actor, tokenHash: string | null): void => this.bindSocket(socket, a, tokenHash);
      reply(await run({ socket, actor, bind }, parsed.data));
    } catch (e) {
      // A write outside hub.exec (sign-in's session, say) that meets a full or failing disk is refused as such, not as a bug.
      if (isStorageError(e)) {
        this.hub.storage.failed(e, name);
        reply(fail('storage_unavailable', e.code));
        return;
      }
      this.hub.log.error({ err: e, command: name }, 'command failed');
      reply(fail('internal'));
    }
  }
}
