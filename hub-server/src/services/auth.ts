/**
 * Sign-in and device pairing. Passwords and PINs are hashed with Argon2id (@node-rs/argon2);
 * session and device tokens are random and stored only as SHA-256 hashes.
 */
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { fail, ok, type Clock, type Device, type PairResult, type Result, type SessionEndReason, type SessionInfo, type SocketData } from '@motcua/shared';
import type { ClerkRepo, CounterRepo, DeviceRepo, DeviceRow } from '../db/repositories';
import type { Actor } from './unit-of-work';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newToken = (): string => randomBytes(24).toString('base64url');

export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

const PAIRING_CODE_TTL_MS = 10 * 60_000;

export class AuthService {
  constructor(
    private readonly clerks: ClerkRepo,
    private readonly counters: CounterRepo,
    private readonly devices: DeviceRepo,
    private readonly clock: Clock,
    private readonly sessionHours: number,
  ) {}

  /** Checks the password; the caller then binds the session in a transaction (`openSession`). */
  async checkCredentials(username: string, password: string): Promise<Result<{ clerkId: string; role: 'clerk' | 'manager' }>> {
    const clerk = this.clerks.byUsername(username);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
    const stored = clerk?.passwordHash ?? DUMMY_HASH;
    let good = false;
    try {
      good = await verify(stored, password);
    } catch {
      good = false;
    }
    if (!clerk || !clerk.active || !good) return fail('bad_credentials');
    return ok({ clerkId: clerk.id, role: clerk.role });
  }

  /** Creates a session; a clerk must name a counter nobody else holds. Runs inside a transaction. */
  openSession(clerkId: string, role: 'clerk' | 'manager', counterId: string | undefined): Result<SessionInfo & { tokenHash: string }> {
    const clerk = this.clerks.byId(clerkId);
    if (!clerk) return fail('bad_credentials');
    let boundCounter: string | null = null;
    if (counterId !== undefined) {
      const counter = this.counters.byId(counterId);
      if (!counter) return fail('not_found', `counter ${counterId}`);
      if (counter.clerkId && counter.clerkId !== clerkId && role !== 'manager') return fail('conflict', `counter ${counter.number} is held by another clerk`);
      this.counters.update({ ...counter, clerkId });
      boundCounter = counter.id;
    } else if (role === 'clerk') {
      return fail('invalid_payload', 'a clerk signs in to a counter: counterId is required');
    }
    const token = newToken();
    const tokenHash = hashToken(token);
    const now = this.clock.now();
    this.clerks.insertSession(tokenHash, clerkId, boundCounter, now, now + this.sessionHours * 3600_000);
    const { passwordHash: _p, ...publicClerk } = clerk;
    return ok({ token, tokenHash, role, clerk: publicClerk, counterId: boundCounter, deviceId: null });
  }

  closeSession(tokenHash: string): void {
    this.clerks.deleteSession(tokenHash);
  }

  /** Resolves a handshake token to an actor, or null if it is unknown or expired. */
  resolveToken(token: string): { actor: Actor; device: DeviceRow | null } | null {
    const tokenHash = hashToken(token);
    const device = this.devices.byToken(tokenHash);
    if (device) return { actor: { role: device.kind, clerkId: null, counterId: device.counterId, deviceId: device.id }, device };
    const session = this.clerks.session(tokenHash, this.clock.now());
    if (!session) return null;
    const clerk = this.clerks.byId(session.clerkId);
    if (!clerk || !clerk.active) return null;
    return { actor: { role: clerk.role, clerkId: clerk.id, counterId: session.counterId, deviceId: null }, device: null };
  }

  /**
   * Whether the identity a socket holds still stands, re-read from the database: null if it does,
   * otherwise why it ended (signed out, expired, account deactivated or demoted, device revoked).
   */
  ended(d: SocketData): SessionEndReason | null {
    return this.endedAll([d])[0] ?? null;
  }

  /**
   * `ended` for many sockets at once, in two queries (their devices, their sessions with the
   * accounts) whatever their number: the session sweep checks every open socket twice a second.
   */
  endedAll(ds: readonly SocketData[]): (SessionEndReason | null)[] {
    const deviceIds = [...new Set(ds.flatMap((d) => (d.deviceId ? [d.deviceId] : [])))];
    const tokens = [...new Set(ds.flatMap((d) => (!d.deviceId && d.sessionToken ? [d.sessionToken] : [])))];
    const revoked = this.devices.revokedOf(deviceIds);
    const sessions = this.clerks.sessionsOf(tokens);
    const now = this.clock.now();
    return ds.map((d) => {
      if (d.deviceId) return revoked.get(d.deviceId) === false ? null : 'revoked';
      if (!d.sessionToken) return null;
      const session = sessions.get(d.sessionToken);
      if (!session) return 'ended';
      if (session.expiresAt <= now) return 'expired';
      if (!session.clerk || !session.clerk.active) return 'deactivated';
      if (session.clerk.role !== d.role) return 'role_changed';
      return null;
    });
  }

  /** Voids every outstanding pairing code (too many wrong codes were tried). */
  voidPairingCodes(): number {
    return this.devices.voidPairingCodes(this.clock.now());
  }

  createPairingCode(kind: Device['kind'], counterId: string | null, boundDeviceId: string | null): { code: string; expiresAt: number } {
    const expiresAt = this.clock.now() + PAIRING_CODE_TTL_MS;
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      try {
        this.devices.insertPairingCode(code, kind, counterId, boundDeviceId, expiresAt);
        return { code, expiresAt };
      } catch {
        // a code still in the table (used or not) — draw another
      }
    }
  }

  /** Exchanges a one-time pairing code for a device token. Runs inside a transaction. */
  pair(code: string, name: string): Result<PairResult> {
    const grant = this.devices.takePairingCode(code, this.clock.now());
    if (!grant) return fail('pairing_code_invalid');
    const token = newToken();
    const id = `dev-${randomUUID().slice(0, 8)}`;
    this.devices.insert({ id, kind: grant.kind, name, tokenHash: hashToken(token), counterId: grant.counterId, boundDeviceId: grant.boundDeviceId, createdAt: this.clock.now() });
    return ok({ deviceId: id, kind: grant.kind, token, counterId: grant.counterId });
  }

  /** Registers a device with a known token (seeding the demo ward). */
  registerDevice(d: { id: string; kind: Device['kind']; name: string; token: string; counterId: string | null; boundDeviceId: string | null }): void {
    this.devices.insert({ id: d.id, kind: d.kind, name: d.name, tokenHash: hashToken(d.token), counterId: d.counterId, boundDeviceId: d.boundDeviceId, createdAt: this.clock.now() });
  }
}

// Argon2id hash of a random string nobody knows; used only to equalise timing.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0V7q0Q6J1pN8R7Z4C2o3pVb0s9hC3m6n4y1x2w5u8tA';
