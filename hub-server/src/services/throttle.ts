/**
 * Brute-force limits on sign-in and pairing (rate-limiter-flexible, in memory: one hub process).
 *
 * - Sign-in, per account: 5 wrong PINs/passwords within 15 minutes lock the account for 15 minutes.
 *   A good sign-in clears the account's count.
 * - Sign-in, per client address: 20 wrong attempts (any usernames) within 15 minutes lock the
 *   address for 15 minutes (an attacker on the citizens' Wi-Fi trying many accounts).
 * - Pairing, per client address: 5 wrong codes within 10 minutes lock the address for 15 minutes.
 * - Pairing, per code: all outstanding codes together tolerate 20 wrong codes from anywhere;
 *   the 20th voids every outstanding code (the manager creates a new one), so no code can be found
 *   by spreading guesses over many addresses.
 *
 * While locked, the attempt is refused before the password is checked (a right PIN is refused
 * too). Each lockout is reported once (`onLockout`: the audit event and the manager's alert);
 * a manager may lift an account or address lockout early (`unlock`).
 *
 * The limiters count in real time (Date.now), not the hub's clock: a lockout is a real 15 minutes.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { refuseFor, type LockoutAlert, type Result } from '@motcua/shared';

export const LOGIN_ACCOUNT_TRIES = 5;
export const LOGIN_ADDRESS_TRIES = 20;
export const PAIR_ADDRESS_TRIES = 5;
export const PAIR_CODE_TRIES = 20;
export const LOCKOUT_MS = 15 * 60_000;
const LOGIN_WINDOW_S = 15 * 60;
const PAIR_WINDOW_S = 10 * 60;

export type Lockout = LockoutAlert;

const blockedFor = (res: RateLimiterRes | null): number => (res && res.consumedPoints > 0 && res.remainingPoints <= 0 ? res.msBeforeNext : 0);

export class Throttle {
  private readonly account = new RateLimiterMemory({ keyPrefix: 'login-account', points: LOGIN_ACCOUNT_TRIES, duration: LOGIN_WINDOW_S, blockDuration: LOCKOUT_MS / 1000 });
  private readonly loginAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: LOGIN_ADDRESS_TRIES, duration: LOGIN_WINDOW_S, blockDuration: LOCKOUT_MS / 1000 });
  private readonly pairAddress = new RateLimiterMemory({ keyPrefix: 'pair-address', points: PAIR_ADDRESS_TRIES, duration: PAIR_WINDOW_S, blockDuration: LOCKOUT_MS / 1000 });
  private readonly pairCodes = new RateLimiterMemory({ keyPrefix: 'pair-codes', points: PAIR_CODE_TRIES, duration: PAIR_WINDOW_S });

  constructor(private readonly onLockout: (l: Lockout) => void) {}

  /** Refuses a sign-in while the account or the address is locked. */
  async loginAllowed(username: string, address: string): Promise<Result<null>> {
    const [a, b] = await Promise.all([this.account.get(accountKey(username)), this.loginAddress.get(address)]);
    const wait = Math.max(blockedFor(a), blockedFor(b));
    return wait > 0 ? refuseFor('locked_out', wait, `sign-in locked for ${Math.ceil(wait / 1000)} s`) : { ok: true, data: null };
  }

  /** Counts a wrong PIN/password; reports a lockout it causes. */
  async loginFailed(username: string, address: string): Promise<void> {
    await this.spend(this.account, accountKey(username), 'account', username);
    await this.spend(this.loginAddress, address, 'login_address', address);
  }

  async loginSucceeded(username: string): Promise<void> {
    await this.account.delete(accountKey(username));
  }

  /** Refuses a pairing attempt while the address is locked. */
  async pairAllowed(address: string): Promise<Result<null>> {
    const wait = blockedFor(await this.pairAddress.get(address));
    return wait > 0 ? refuseFor('locked_out', wait, `pairing locked for ${Math.ceil(wait / 1000)} s`) : { ok: true, data: null };
  }

  /**
   * Counts a wrong pairing code; answers true when the hub-wide budget of wrong codes is spent
   * and the caller must void every outstanding code.
   */
  async pairFailed(address: string): Promise<boolean> {
    await this.spend(this.pairAddress, address, 'pairing_address', address);
    const res = await this.pairCodes.consume('all').catch((e: unknown) => {
      if (e instanceof RateLimiterRes) return e;
      throw e;
    });
    if (res.remainingPoints > 0) return false;
    await this.pairCodes.delete('all');
    this.onLockout({ scope: 'pairing_codes', key: null, until: Date.now() });
    return true;
  }

  /** A new pairing code starts a fresh budget of wrong codes. */
  async pairingCodeCreated(): Promise<void> {
    await this.pairCodes.delete('all');
  }

  /** Lifts the lockouts of an account and/or an address (a manager's `manager:unlock`). */
  async unlock(username: string | undefined, address: string | undefined): Promise<void> {
    if (username !== undefined) await this.account.delete(accountKey(username));
    if (address !== undefined) {
      await this.loginAddress.delete(address);
      await this.pairAddress.delete(address);
    }
  }

  private async spend(limiter: RateLimiterMemory, key: string, scope: Lockout['scope'], shown: string): Promise<void> {
    try {
      const res = await limiter.consume(key);
      if (res.remainingPoints === 0) {
        // This try used the last point: lock now (the next try would only find the block).
        await limiter.block(key, LOCKOUT_MS / 1000);
        this.onLockout({ scope, key: shown, until: Date.now() + LOCKOUT_MS });
      }
    } catch (e) {
      // Already blocked: refused earlier, nothing new to report.
      if (!(e instanceof RateLimiterRes)) throw e;
    }
  }
}

const accountKey = (username: string): string => username.trim().toLowerCase();
