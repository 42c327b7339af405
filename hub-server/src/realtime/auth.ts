/**
 * Signing in and out (clerks, managers) and pairing a device: each rebinds the socket's rooms.
 * Sign-in and pairing are throttled per account, per client address and per code
 * (services/throttle.ts); signing out ends the session's other open sockets too.
 */
import { ok } from '@motcua/shared';
import type { HubContext as Hub } from '../hub-context';
import type { Handlers } from './commands';

export function authHandlers(hub: Hub): Handlers<'auth:login' | 'auth:logout' | 'device:pair'> {
  const { auth } = hub;
  return {
    'auth:login': async ({ socket, bind }, input) => {
      const address = socket.handshake.address;
      const allowed = await hub.throttle.loginAllowed(input.username, address);
      if (!allowed.ok) return allowed;
      const cred = await auth.checkCredentials(input.username, input.password);
      if (!cred.ok) {
        await hub.throttle.loginFailed(input.username, address);
        return cred;
      }
      await hub.throttle.loginSucceeded(input.username);
      const r = hub.exec({ role: cred.data.role, clerkId: cred.data.clerkId, counterId: input.counterId ?? null, deviceId: null }, (tx) => {
        const s = auth.openSession(cred.data.clerkId, cred.data.role, input.counterId);
        if (!s.ok) return s;
        tx.event('auth.signed_in', null, { clerkId: cred.data.clerkId, counterId: s.data.counterId });
        if (s.data.counterId) {
          const c = hub.counters.byId(s.data.counterId);
          if (c) tx.counter({ ...c, clerkId: cred.data.clerkId });
        }
        return s;
      });
      if (!r.ok) return r;
      const { tokenHash, ...session } = r.data;
      bind({ role: session.role, clerkId: session.clerk?.id ?? null, counterId: session.counterId, deviceId: null }, tokenHash);
      return ok(session);
    },

    'auth:logout': ({ socket, actor, bind }) => {
      const tokenHash = socket.data.sessionToken;
      const r = hub.exec(actor, (tx) => {
        if (tokenHash) auth.closeSession(tokenHash);
        tx.event('auth.signed_out', null, { clerkId: actor.clerkId, counterId: actor.counterId });
        if (actor.counterId && actor.role === 'clerk') {
          const c = hub.counters.byId(actor.counterId);
          if (c && c.clerkId === actor.clerkId) {
            const { idleSince: _i, ...counter } = c;
            const next = { ...counter, clerkId: null, status: hub.tickets.activeAtCounter(c.id).length ? counter.status : ('closed' as const), pauseReason: null };
            hub.counters.update(next);
            tx.counter(next);
          }
        }
        return ok(null);
      });
      bind({ role: 'public', clerkId: null, counterId: null, deviceId: null }, null);
      // Every other socket of this session (a second window, the rating tablet sharing it) ends now.
      if (tokenHash) hub.endSessions((d) => d.sessionToken === tokenHash, 'logout');
      return r;
    },

    'device:pair': async ({ socket, actor, bind }, input) => {
      const address = socket.handshake.address;
      const allowed = await hub.throttle.pairAllowed(address);
      if (!allowed.ok) return allowed;
      const r = hub.exec(actor, (tx) => {
        const p = auth.pair(input.code, input.name);
        if (p.ok) tx.event('device.paired', null, { deviceId: p.data.deviceId, kind: p.data.kind, name: input.name });
        return p;
      });
      if (!r.ok && r.error.code === 'pairing_code_invalid' && (await hub.throttle.pairFailed(address))) {
        // The hub-wide budget of wrong codes is spent: no outstanding code can be guessed any more.
        const voided = auth.voidPairingCodes();
        hub.log.warn({ voided }, 'too many wrong pairing codes: outstanding codes voided');
      }
      if (r.ok) bind({ role: r.data.kind, clerkId: null, counterId: r.data.counterId, deviceId: r.data.deviceId }, null);
      return r;
    },
  };
}
