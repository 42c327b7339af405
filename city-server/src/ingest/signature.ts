/**
 * The headers of a signed hub → city sync request, as the city reads them. Signing and verifying
 * live once, in `@motcua/shared/sync-signing` (the hub's uploader signs with the same helper).
 */
import { SYNC_HEADERS } from '@motcua/shared';

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
