/**
 * PC/SC access through the `smartcard` npm package (N-API binding to pcsc-lite's libpcsclite,
 * talking to pcscd). Maps the binding's failures to `ChipError` codes: a card that leaves the
 * field is `card_removed`, a reader that disappears `reader_unplugged`, no pcscd
 * `pcsc_unavailable`.
 */
import { PCSCError, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1, SCARD_RESET_CARD, SCARD_SHARE_SHARED, type CardInterface } from 'smartcard';
import { ChipError } from './errors';
import type { ApduChannel } from './reader';

// pcsc-lite return codes (PCSC/pcsclite.h).
const SCARD_E_NO_SMARTCARD = 0x8010000c;
const SCARD_W_REMOVED_CARD = 0x80100069;
const SCARD_W_RESET_CARD = 0x80100068;
const SCARD_W_UNPOWERED_CARD = 0x80100067;
const SCARD_W_UNRESPONSIVE_CARD = 0x80100066;
const SCARD_E_READER_UNAVAILABLE = 0x80100017;
const SCARD_E_UNKNOWN_READER = 0x80100009;
const SCARD_E_NO_READERS_AVAILABLE = 0x8010002e;
const SCARD_E_NO_SERVICE = 0x8010001d;
const SCARD_E_SERVICE_STOPPED = 0x8010001e;
const SCARD_E_INVALID_HANDLE = 0x80100003;

/** Maps an error of the binding (or anything thrown while talking to a card) to a ChipError. */
export function toChipError(e: unknown): ChipError {
  if (e instanceof ChipError) return e;
  const code = e instanceof PCSCError ? e.code >>> 0 : typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'number' ? e.code >>> 0 : null;
  const msg = e instanceof Error ? e.message : String(e);
  const opts = { cause: e };
  switch (code) {
    case SCARD_W_REMOVED_CARD:
    case SCARD_E_NO_SMARTCARD:
    case SCARD_W_RESET_CARD:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_W_UNRESPONSIVE_CARD:
    case SCARD_E_INVALID_HANDLE:
      return new ChipError('card_removed', msg, opts);
    case SCARD_E_READER_UNAVAILABLE:
    case SCARD_E_UNKNOWN_READER:
      return new ChipError('reader_unplugged', msg, opts);
    case SCARD_E_NO_READERS_AVAILABLE:
      return new ChipError('no_reader', msg, opts);
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
      return new ChipError('pcsc_unavailable', msg, opts);
    default:
      // The binding's reader monitor reports errors as text only (smartcard src/pcsc_errors.h).
      if (/service (not running|stopped)|resource manager/i.test(msg)) return new ChipError('pcsc_unavailable', msg, opts);
      if (/reader unavailable|unknown reader/i.test(msg)) return new ChipError('reader_unplugged', msg, opts);
      if (/no readers available/i.test(msg)) return new ChipError('no_reader', msg, opts);
      if (/removed|no smart ?card/i.test(msg)) return new ChipError('card_removed', msg, opts);
      return new ChipError('io', msg, opts);
  }
}

// SCardStatus card states (pcsc-lite PCSC/pcsclite.h).
const SCARD_ABSENT = 0x0002;

/**
 * True when the card is gone from the reader. Some readers (and vpcd) answer a transmit to a card
 * that just left with a generic failure (SCARD_E_NOT_TRANSACTED, "Transaction failed") or an empty
 * answer instead of SCARD_W_REMOVED_CARD; asking for the card status tells which it was.
 */
function cardGoneNow(card: CardInterface): boolean {
  try {
    return !card.connected || (card.getStatus().state & SCARD_ABSENT) !== 0;
  } catch {
    return true;
  }
}

/** pcscd polls card presence: give it up to `settleMs` to notice a card that just left. */
async function cardGone(card: CardInterface, settleMs = 1500): Promise<boolean> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    if (cardGoneNow(card)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An APDU channel over a connected PC/SC card. */
export function pcscChannel(card: CardInterface): ApduChannel {
  return {
    async transmit(apdu: Uint8Array): Promise<Uint8Array> {
      let r: Buffer;
      try {
        r = await card.transmit(Buffer.from(apdu), { maxRecvLength: 258 });
      } catch (e) {
        const ce = toChipError(e);
        if (ce.code === 'io' && (await cardGone(card))) throw new ChipError('card_removed', ce.message, { cause: e });
        throw ce;
      }
      if (r.length < 2) throw new ChipError((await cardGone(card)) ? 'card_removed' : 'io', `answer of ${r.length} bytes`);
      return new Uint8Array(r);
    },
  };
}

/**
 * Warm-resets the card so a read starts from a fresh chip state: after a read the chip is still in
 * its BAC session, and a plain SELECT then fails (6987/6988) on real eMRTD chips as on ours.
 */
export async function resetCard(card: CardInterface): Promise<void> {
  try {
    await card.reconnect(SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, SCARD_RESET_CARD);
  } catch (e) {
    throw toChipError(e);
  }
}
