/**
 * City staff sign-in: users with a role (admin: manages users, hubs and reports; viewer: sees
 * everything, changes nothing), passwords hashed with Argon2id (@node-rs/argon2, the hub's
 * parameters), server-side sessions (a random token in an HttpOnly, SameSite=Strict cookie; only
 * its SHA-256 is stored) with an idle and an absolute expiry, the sign-in throttle (throttle.ts),
 * and an audit of sign-in, sign-out, lockout, user created and disabled.
 *
 * Ending a session (logout, a user disabled) deletes it and calls `endSockets` with the rooms its
 * dashboard sockets joined (`s:<token hash>`, `u:<user id>`), so open sockets end at once on every
 * instance (socket.io's PostgreSQL adapter carries the broadcast).
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Clock, SessionEndReason } from '@motcua/shared';
import { inTransaction } from '../db/client';
import type { Logger } from '../logger';
import { LoginThrottle, type CityLockout } from './throttle';

export type CityRole = 'admin' | 'viewer';

export const SESSION_COOKIE = 'motcua_city_session';

export const NewCityUser = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,40}$/, 'username: 3–40 characters a–z, 0–9, . _ -'),
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(['admin', 'viewer']),
  /** Absent: one is generated and returned once. */
  password: z.string().min(10, 'password: at least 10 characters').max(200).optional(),
});
export type NewCityUser = z.input<typeof NewCityUser>;

export interface CityUser {
  userId: string;
  username: string;
  displayName: string;
  role: CityRole;
  active: boolean;
  createdAt: string;
  disabledAt: string | null;
}

/** The signed-in user of a request or socket. */
export interface SessionUser {
  userId: string;
  username: string;
  displayName: string;
  role: CityRole;
  tokenHash: string;
  expiresAt: number;
}

export type LoginResult = { ok: true; token: string; user: SessionUser } | { ok: false; code: 'bad_credentials' } | { ok: false; code: 'locked_out'; retryAfterSec: number };

export class CityAuthError extends Error {
  constructor(
    readonly code: 'invalid_payload' | 'conflict' | 'not_found' | 'last_admin',
    message: string,
  ) {
    super(message);
  }
}

export interface SessionLimits {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however used. */
  absoluteMs: number;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const sessionRoom = (tokenHash: string): string => `s:${tokenHash}`;
export const userRoom = (userId: string): string => `u:${userId}`;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/** A password for a user created without one: 16 characters, shown once. */
export const generatePassword = (): string => randomBytes(12).toString('base64url');

// Argon2id hash of a random string nobody knows; verified against when the username is unknown,
// so the answer's timing does not tell which usernames exist.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0V7q0Q6J1pN8R7Z4C2o3pVb0s9hC3m6n4y1x2w5u8tA';
/** last_seen_at is written at most this often per session (every fragment fetch would otherwise write). */
const TOUCH_EVERY_MS = 30_000;

interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  role: CityRole;
  password_hash: string;
  active: boolean;
  created_at: Date;
  disabled_at: Date | null;
}

const userOf = (r: UserRow): CityUser => ({
  userId: String(r.user_id),
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  disabledAt: r.disabled_at?.toISOString() ?? null,
});

export class CityAuth {
  readonly throttle: LoginThrottle;

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly limits: SessionLimits,
    private readonly endSockets: (rooms: string[], reason: SessionEndReason) => void,
  ) {
    this.throttle = new LoginThrottle(pool, (l) => this.lockedOut(l));
  }

  async userCount(): Promise<number> {
    const r = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM city_users WHERE active');
    return Number(r.rows[0]?.n ?? 0);
  }

  async listUsers(): Promise<CityUser[]> {
    const r = await this.pool.query<UserRow>('SELECT * FROM city_users ORDER BY username');
    return r.rows.map(userOf);
  }

  /** Creates a user; a generated password is returned once (`password`), a chosen one is not. */
  async createUser(input: NewCityUser, actor: string, address: string | null = null): Promise<{ user: CityUser; password: string | null }> {
    const parsed = NewCityUser.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CityAuthError('invalid_payload', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    const u = parsed.data;
    const generated = u.password === undefined ? generatePassword() : null;
    const passwordHash = await hashPassword(u.password ?? (generated as string));
    const r = await this.pool.query<UserRow>(
      `INSERT INTO city_users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING *`,
      [u.username, u.displayName, u.role, passwordHash],
    );
    const row = r.rows[0];
    if (!row) throw new CityAuthError('conflict', `user ${u.username} exists already`);
    await this.audit('user.created', u.username, actor, address, { role: u.role });
    return { user: userOf(row), password: generated };
  }

  /** Disables a user and ends all their sessions and open dashboard sockets. */
  async disableUser(username: string, actor: string, address: string | null = null): Promise<void> {
    const name = username.trim().toLowerCase();
    const userId = await inTransaction(this.pool, async (c) => {
      // Serialise disabling admins so two admins disabling each other cannot leave none.
      await c.query('SELECT pg_advisory_xact_lock(73462115)');
      const r = await c.query<UserRow>('SELECT * FROM city_users WHERE username = $1 FOR UPDATE', [name]);
      const row = r.rows[0];
      if (!row) throw new CityAuthError('not_found', `user ${name}`);
      if (row.active && row.role === 'admin') {
        const admins = await c.query<{ n: string }>("SELECT count(*) AS n FROM city_users WHERE active AND role = 'admin'");
        if (Number(admins.rows[0]?.n ?? 0) <= 1) throw new CityAuthError('last_admin', 'the last active admin cannot be disabled: create another admin first');
      }
      await c.query('UPDATE city_users SET active = FALSE, disabled_at = COALESCE(disabled_at, $2) WHERE user_id = $1', [row.user_id, new Date(this.clock.now())]);
      await c.query('DELETE FROM city_sessions WHERE user_id = $1', [row.user_id]);
      return String(row.user_id);
    });
    await this.audit('user.disabled', name, actor, address, null);
    this.endSockets([userRoom(userId)], 'deactivated');
  }

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const name = username.trim().toLowerCase();
    const wait = await this.throttle.lockedFor(name, address);
    if (wait > 0) return { ok: false, code: 'locked_out', retryAfterSec: Math.ceil(wait / 1000) };
    const r = await this.pool.query<UserRow>('SELECT * FROM city_users WHERE username = $1', [name]);
    const row = r.rows[0];
    let good = false;
    try {
      good = await verify(row?.password_hash ?? DUMMY_HASH, password);
    } catch {
      good = false;
    }
    if (!row || !row.active || !good) {
      await this.throttle.failed(name, address);
      await this.audit('login.failed', name, null, address, { reason: !row ? 'unknown_user' : !row.active ? 'disabled' : 'wrong_password' });
      // The try that causes the lockout is answered as a lockout.
      const now = await this.throttle.lockedFor(name, address);
      return now > 0 ? { ok: false, code: 'locked_out', retryAfterSec: Math.ceil(now / 1000) } : { ok: false, code: 'bad_credentials' };
    }
    await this.throttle.succeeded(name);
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashToken(token);
    const now = this.clock.now();
    const expiresAt = now + this.limits.absoluteMs;
    await this.pool.query('INSERT INTO city_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address) VALUES ($1, $2, $3, $3, $4, $5)', [
      tokenHash,
      row.user_id,
      new Date(now),
      new Date(expiresAt),
      address,
    ]);
    await this.audit('login', name, name, address, { role: row.role });
    return { ok: true, token, user: { userId: String(row.user_id), username: row.username, displayName: row.display_name, role: row.role, tokenHash, expiresAt } };
  }

  /** Ends the session of `token` (and its open sockets). */
  async logout(token: string, address: string | null): Promise<void> {
    const tokenHash = hashToken(token);
    const r = await this.pool.query<{ username: string }>(
      'DELETE FROM city_sessions s USING city_users u WHERE s.token_hash = $1 AND u.user_id = s.user_id RETURNING u.username',
      [tokenHash],
    );
    const who = r.rows[0]?.username;
    if (who) await this.audit('logout', who, who, address, null);
    this.endSockets([sessionRoom(tokenHash)], 'logout');
  }

  /** The user of a live session (touching it), or null: unknown, expired (deleted), or user disabled. */
  async session(token: string | undefined): Promise<SessionUser | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const now = this.clock.now();
    const r = await this.pool.query<UserRow & { last_seen_at: Date; expires_at: Date }>(
      'SELECT u.*, s.last_seen_at, s.expires_at FROM city_sessions s JOIN city_users u USING (user_id) WHERE s.token_hash = $1',
      [tokenHash],
    );
    const row = r.rows[0];
    if (!row) return null;
    if (!row.active || row.expires_at.getTime() <= now || row.last_seen_at.getTime() + this.limits.idleMs <= now) {
      await this.pool.query('DELETE FROM city_sessions WHERE token_hash = $1', [tokenHash]);
      if (row.active) await this.audit('session.expired', row.username, null, null, null);
      return null;
    }
    if (now - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) await this.pool.query('UPDATE city_sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, new Date(now)]);
    return { userId: String(row.user_id), username: row.username, displayName: row.display_name, role: row.role, tokenHash, expiresAt: row.expires_at.getTime() };
  }

  /** Which of these session hashes are still live (not expired, user active); the rest have ended. */
  async liveSessions(tokenHashes: string[]): Promise<Set<string>> {
    if (tokenHashes.length === 0) return new Set();
    const now = new Date(this.clock.now());
    const idleFrom = new Date(this.clock.now() - this.limits.idleMs);
    const r = await this.pool.query<{ token_hash: string }>(
      `SELECT s.token_hash FROM city_sessions s JOIN city_users u USING (user_id)
        WHERE s.token_hash = ANY($1) AND u.active AND s.expires_at > $2 AND s.last_seen_at > $3`,
      [tokenHashes, now, idleFrom],
    );
    return new Set(r.rows.map((x) => x.token_hash));
  }

  /** Deletes sessions past their expiry (the sweep). */
  async purgeExpired(): Promise<number> {
    const r = await this.pool.query('DELETE FROM city_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [new Date(this.clock.now()), new Date(this.clock.now() - this.limits.idleMs)]);
    return r.rowCount ?? 0;
  }

  async auditLog(limit = 200): Promise<{ at: string; kind: string; username: string | null; actor: string | null; address: string | null; detail: unknown }[]> {
    const r = await this.pool.query<{ at: Date; kind: string; username: string | null; actor: string | null; address: string | null; detail: unknown }>(
      'SELECT at, kind, username, actor, address, detail FROM city_audit ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return r.rows.map((x) => ({ ...x, at: x.at.toISOString() }));
  }

  private async lockedOut(l: CityLockout): Promise<void> {
    this.log.warn({ scope: l.scope, key: l.key }, 'city sign-in locked out after too many wrong passwords');
    await this.audit('login.lockout', l.scope === 'account' ? l.key : null, null, l.scope === 'address' ? l.key : null, { scope: l.scope, until: new Date(l.until).toISOString() });
  }

  async audit(kind: string, username: string | null, actor: string | null, address: string | null, detail: Record<string, unknown> | null): Promise<void> {
    await this.pool.query('INSERT INTO city_audit (at, kind, username, actor, address, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      new Date(this.clock.now()),
      kind,
      username,
      actor,
      address,
      detail === null ? null : JSON.stringify(detail),
    ]);
  }
}
