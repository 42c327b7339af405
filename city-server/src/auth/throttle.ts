/**
 * Brute-force limits on the city's sign-in, the hub's pattern (hub-server/src/services/throttle.ts)
 * on rate-limiter-flexible's PostgreSQL store, so every city instance sharing the database counts
 * the same tries (table city_login_limits, migration 15):
 *
 * - per account: 5 wrong passwords within 15 minutes lock the account for 15 minutes; a good
 *   sign-in clears the account's count;
 * - per client address: 20 wrong tries (any usernames) within 15 minutes lock the address for
 *   15 minutes (one address trying many accounts; 20, not 5, because a city office's staff often
 *   share one address behind NAT, and the per-account limit already stops a guess at one account).
 *
 * While locked, the attempt is refused before the password is checked (a right password is refused
 * too). Each lockout is reported once (`onLockout`: the audit). The limiters count in real time.
 */
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

export const LOGIN_ACCOUNT_TRIES = 5;
export const LOGIN_ADDRESS_TRIES = 20;
export const LOCKOUT_MS = 15 * 60_000;
const WINDOW_S = 15 * 60;

export interface CityLockout {
  scope: 'account' | 'address';
  key: string;
  until: number;
}

const blockedFor = (res: RateLimiterRes | null): number => (res && res.consumedPoints > 0 && res.remainingPoints <= 0 ? res.msBeforeNext : 0);

export class LoginThrottle {
  private readonly account: RateLimiterPostgres;
  private readonly address: RateLimiterPostgres;

  constructor(
    pool: Pool,
    private readonly onLockout: (l: CityLockout) => Promise<void>,
  ) {
    const store = { storeClient: pool, storeType: 'pool', tableName: 'city_login_limits', tableCreated: true, clearExpiredByTimeout: false };
    this.account = new RateLimiterPostgres({ ...store, keyPrefix: 'city-login-account', points: LOGIN_ACCOUNT_TRIES, duration: WINDOW_S, blockDuration: LOCKOUT_MS / 1000 });
    this.address = new RateLimiterPostgres({ ...store, keyPrefix: 'city-login-address', points: LOGIN_ADDRESS_TRIES, duration: WINDOW_S, blockDuration: LOCKOUT_MS / 1000 });
  }

  /** Milliseconds until a sign-in may be tried again (0: allowed now). */
  async lockedFor(username: string, address: string): Promise<number> {
    const [a, b] = await Promise.all([this.account.get(accountKey(username)), this.address.get(address)]);
    return Math.max(blockedFor(a), blockedFor(b));
  }

  /** Counts a wrong password; reports a lockout it causes. */
  async failed(username: string, address: string): Promise<void> {
    await this.spend(this.account, accountKey(username), 'account', username);
    await this.spend(this.address, address, 'address', address);
  }

  async succeeded(username: string): Promise<void> {
    await this.account.delete(accountKey(username));
  }

  /** Lifts the lockout of an account (an admin's unlock). */
  async unlock(username: string): Promise<void> {
    await this.account.delete(accountKey(username));
  }

  private async spend(limiter: RateLimiterPostgres, key: string, scope: CityLockout['scope'], shown: string): Promise<void> {
    try {
      const res = await limiter.consume(key);
      if (res.remainingPoints === 0) {
        // This try used the last point: lock now (the next try would only find the block).
        await limiter.block(key, LOCKOUT_MS / 1000);
        await this.onLockout({ scope, key: shown, until: Date.now() + LOCKOUT_MS });
      }
    } catch (e) {
      // Already blocked: refused earlier, nothing new to report.
      if (!(e instanceof RateLimiterRes)) throw e;
    }
  }
}

const accountKey = (username: string): string => username.trim().toLowerCase();
