/**
 * HMAC-SHA256 request signing for hub → city sync (the string signed is defined in the shared
 * contract, `syncSigningInput`). Used by the city to verify and by the reference client to sign.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SYNC_HEADERS, syncSigningInput } from '@motcua/shared';

export interface SignInput {
  method: string;
  path: string;
  hubId: string;
  keyId: string;
  key: string;
  body: string;
  timestamp: number;
  nonce?: string;
}

export function hmacHex(key: string, input: string): string {
  return createHmac('sha256', key).update(input, 'utf8').digest('hex');
}

/** The headers of a signed sync request. */
export function signRequest(s: SignInput): Record<string, string> {
  const timestamp = String(s.timestamp);
  const nonce = s.nonce ?? randomBytes(16).toString('hex');
  const sig = hmacHex(s.key, syncSigningInput({ method: s.method, path: s.path, hubId: s.hubId, keyId: s.keyId, timestamp, nonce, body: s.body }));
  return {
    [SYNC_HEADERS.hub]: s.hubId,
    [SYNC_HEADERS.keyId]: s.keyId,
    [SYNC_HEADERS.timestamp]: timestamp,
    [SYNC_HEADERS.nonce]: nonce,
    [SYNC_HEADERS.signature]: `v1=${sig}`,
  };
}

/** Constant-time check of a `v1=<hex>` signature header. */
export function signatureMatches(key: string, input: string, header: string): boolean {
  if (!header.startsWith('v1=')) return false;
  const given = Buffer.from(header.slice(3), 'hex');
  const expected = Buffer.from(hmacHex(key, input), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SignedHeaders {
  hubId: string;
  keyId: string;
  timestamp: number;
  timestampRaw: string;
  nonce: string;
  signature: string;
}

/** Reads the sync headers; a string naming what is missing or malformed otherwise. */
export function readSignedHeaders(h: Record<string, string | string[] | undefined>): SignedHeaders | string {
  const one = (name: string): string | undefined => {
    const v = h[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const hubId = one(SYNC_HEADERS.hub);
  const keyId = one(SYNC_HEADERS.keyId) ?? 'k1';
  const ts = one(SYNC_HEADERS.timestamp);
  const nonce = one(SYNC_HEADERS.nonce);
  const signature = one(SYNC_HEADERS.signature);
  if (!hubId) return `missing ${SYNC_HEADERS.hub}`;
  if (!ts || !/^\d{1,16}$/.test(ts)) return `missing or malformed ${SYNC_HEADERS.timestamp} (epoch milliseconds)`;
  if (!nonce || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) return `missing or malformed ${SYNC_HEADERS.nonce} (16–128 of A-Z a-z 0-9 _ -)`;
  if (!signature) return `missing ${SYNC_HEADERS.signature}`;
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) return `malformed ${SYNC_HEADERS.keyId}`;
  return { hubId, keyId, timestamp: Number(ts), timestampRaw: ts, nonce, signature };
}
