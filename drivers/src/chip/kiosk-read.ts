/**
 * A kiosk's chip read request (`chip:read` from the hub) run on the agent's chip reader: the keys
 * come from what the kiosk has — the QR it scanned (BAC keys for each possible expiry,
 * `bacKeysFromQr`) and/or the CAN printed on the card — and the outcome is reduced to what may
 * leave the agent (name, age band, `verified`; the pseudonym stays with the agent's own events).
 * Imports the driver by type only, so loading this module never loads the PC/SC binding.
 */
import type { ChipReadOutcome, ChipReadRequest } from '@motcua/shared';
import type { ChipReadEvent, ChipScanner } from './chip-scanner';
import { ChipError } from './errors';
import type { AccessKey } from './reader';
import { bacKeysFromQr } from './qr-key';

/** The part of `ChipScanner` a kiosk read uses. */
export type ChipReaderLike = Pick<ChipScanner, 'read'>;

function errorOutcome(e: ChipError): ChipReadOutcome {
  return { ok: false, code: e.code, message: e.messageVi.slice(0, 300), messageEn: e.message.slice(0, 300), fallbackToQr: e.fallbackToQr };
}

export function outcomeOf(e: ChipReadEvent): ChipReadOutcome {
  const r = e.result;
  if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message.slice(0, 300), messageEn: r.error.messageEn.slice(0, 300), fallbackToQr: r.error.fallbackToQr };
  return { ok: true, fullName: r.citizen.fullName, ageBand: r.citizen.ageBand, verified: r.verified };
}

/**
 * Runs the request: with the CAN alone, one read; with the QR, one read per expiry candidate until
 * the chip opens (a wrong candidate is `access_denied`; the next one is tried on the card still
 * on the reader). A QR that gives no candidate and no CAN: `access_denied` at once, so the kiosk
 * asks for the CAN.
 */
export async function readForKiosk(reader: ChipReaderLike | null, req: ChipReadRequest, opts: { timeoutMs?: number } = {}): Promise<ChipReadOutcome> {
  if (!reader) return errorOutcome(new ChipError('no_reader', 'this agent has no chip reader'));
  const can = req.can ?? undefined;
  const mrzKeys = req.qr ? bacKeysFromQr(req.qr) : [];
  const keys: AccessKey[] = mrzKeys.length > 0 ? mrzKeys.map((mrz) => ({ mrz, can })) : can ? [{ can }] : [];
  if (keys.length === 0) return errorOutcome(new ChipError('access_denied', 'the QR gives no expiry date and no CAN was given'));
  let last: ChipReadOutcome | null = null;
  for (const key of keys) {
    last = outcomeOf(await reader.read(key, opts));
    if (last.ok || last.code !== 'access_denied') return last;
  }
  return last ?? errorOutcome(new ChipError('access_denied'));
}
