/**
 * HMAC-SHA256 signing of hub → city sync requests, the one implementation both ends use: the
 * hub's uploader and the city's reference client sign with `signSyncRequest`, the city verifies
 * with `syncSignatureMatches`. What is signed is `syncSigningInput` (shared/src/sync.ts).
 *
 * Node only (node:crypto): imported as `@motcua/shared/sync-signing`, never from the package root,
 * which browsers load.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SYNC_HEADERS, syncHeadSigningInput, syncSigningInput } from './sync';

export interface SyncSignInput {
  method: string;
  path: string;
  hubId: string;
  keyId: string;
  /** The per-hub key the city issued at registration. */
  key: string;
  body: string;
  /** Epoch milliseconds (the hub's clock, corrected by the city's offset when known). */
  timestamp: number;
  /** Drawn afresh (16 random bytes, hex) when absent. */
  nonce?: string;
}

export function hmacHex(key: string, input: string): string {
  return createHmac('sha256', key).update(input, 'utf8').digest('hex');
}

/** The headers of a signed sync request. */
export function signSyncRequest(s: SyncSignInput): Record<string, string> {
  const timestamp = String(s.timestamp);
  const nonce = s.nonce ?? randomBytes(16).toString('hex');
  const sig = hmacHex(s.key, syncSigningInput({ method: s.method, path: s.path, hubId: s.hubId, keyId: s.keyId, timestamp, nonce, body: s.body }));
  const head = hmacHex(s.key, syncHeadSigningInput({ method: s.method, path: s.path, hubId: s.hubId, keyId: s.keyId, timestamp, nonce, bodyBytes: Buffer.byteLength(s.body, 'utf8') }));
  return {
    [SYNC_HEADERS.hub]: s.hubId,
    [SYNC_HEADERS.keyId]: s.keyId,
    [SYNC_HEADERS.timestamp]: timestamp,
    [SYNC_HEADERS.nonce]: nonce,
    [SYNC_HEADERS.signature]: `v1=${sig}`,
    [SYNC_HEADERS.headSignature]: `v1=${head}`,
  };
}

/** Constant-time check of a `v1=<hex>` signature header against the signing input. */
export function syncSignatureMatches(key: string, input: string, header: string): boolean {
  if (!header.startsWith('v1=')) return false;
  const given = Buffer.from(header.slice(3), 'hex');
  const expected = Buffer.from(hmacHex(key, input), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
