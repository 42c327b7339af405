/**
 * Brute-force figures against a running hub: how many PIN/password and pairing-code guesses the
 * hub actually checks when an attacker on the LAN sends them as fast as one socket allows, and what
 * that means for the time to exhaust a 4-digit PIN and a 6-digit pairing code.
 *
 *   npx tsx hub-server/bench/bruteforce.ts                 a hub of its own (demo ward, loopback)
 *   npx tsx hub-server/bench/bruteforce.ts http://hub:8080 an existing hub (needs its canbo1 account;
 *                                                          locks canbo1 and this address for 15 min)
 *
 * Every guess is a real `auth:login` / `device:pair` over socket.io. Prints the counts and the
 * figures docs/SECURITY.md quotes. Options: HAMMER_MS (default 5000).
 */
import { LOCKOUT_MS, LOGIN_ACCOUNT_TRIES, LOGIN_ADDRESS_TRIES, PAIR_ADDRESS_TRIES, PAIR_CODE_TRIES } from '../src/services/throttle';
import { connect, send } from '../test/client';
import { startFixture, type Fixture } from '../test/fixture';

const HAMMER_MS = Number(process.env.HAMMER_MS ?? 5000);
const url = process.argv[2];
let fixture: Fixture | null = null;
const hubUrl = url ?? (fixture = await startFixture()).hub.url;
const socket = await connect(hubUrl);

async function hammer(attempt: (i: number) => Promise<{ ok: boolean; error?: { code: string } }>): Promise<{ sent: number; checked: number; locked: number; perSecond: number }> {
  const start = Date.now();
  let sent = 0;
  let locked = 0;
  while (Date.now() - start < HAMMER_MS) {
    const r = await attempt(sent++);
    if (r.ok) throw new Error('a guess succeeded: pick an account or code the guesses cannot hit');
    if (r.error?.code === 'locked_out') locked++;
  }
  return { sent, checked: sent - locked, locked, perSecond: Math.round(sent / ((Date.now() - start) / 1000)) };
}

// Wrong PINs only (canbo1's is 1111): 2000–9999.
const pins = await hammer((i) => send(socket, 'auth:login', { username: 'canbo1', password: String(2000 + (i % 8000)), counterId: 'c1' }));
const pairs = await hammer((i) => send(socket, 'device:pair', { code: String(100000 + i).padStart(6, '0'), name: 'bruteforce' }));
socket.close();
await fixture?.close();

const windowMin = LOCKOUT_MS / 60_000;
const perAccountPerMin = LOGIN_ACCOUNT_TRIES / windowMin;
const pinDays = 10_000 / perAccountPerMin / 60 / 24;
console.log(
  JSON.stringify(
    {
      hub: url ?? 'own (loopback)',
      hammerMs: HAMMER_MS,
      login: { ...pins, limit: `${LOGIN_ACCOUNT_TRIES} wrong per account per ${windowMin} min, then locked ${windowMin} min; ${LOGIN_ADDRESS_TRIES} per address` },
      pairing: { ...pairs, limit: `${PAIR_ADDRESS_TRIES} wrong per address per 10 min; ${PAIR_CODE_TRIES} wrong hub-wide voids every outstanding code` },
      figures: {
        pinTriesPerMinutePerAccount: Number(perAccountPerMin.toFixed(2)),
        daysToExhaust4DigitPin: Number(pinDays.toFixed(1)),
        daysToHalf4DigitPin: Number((pinDays / 2).toFixed(1)),
        chanceToHitA6DigitPairingCodeInItsLife: `${((PAIR_CODE_TRIES / 1_000_000) * 100).toFixed(3)} %`,
      },
    },
    null,
    2,
  ),
);
