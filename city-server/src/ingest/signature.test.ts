import { describe, expect, it } from 'vitest';
import { SYNC_HEADERS, syncSigningInput } from '@motcua/shared';
import { signSyncRequest, syncSignatureMatches } from '@motcua/shared/sync-signing';
import { readSignedHeaders } from './signature';

const KEY = 'secret-key-of-ward-a-000000000000';

describe('sync signatures', () => {
  const base = { method: 'POST', path: '/api/sync/batches', hubId: 'ward-a', keyId: 'k1', key: KEY, body: '{"a":1}', timestamp: 1_795_000_000_000, nonce: 'n'.repeat(32) };
  const input = (over: Partial<typeof base> = {}) => {
    const p = { ...base, ...over };
    return syncSigningInput({ ...p, timestamp: String(p.timestamp) });
  };
  it('verifies what it signed and nothing else', () => {
    const h = signSyncRequest(base);
    const sig = h[SYNC_HEADERS.signature]!;
    expect(syncSignatureMatches(KEY, input(), sig)).toBe(true);
    expect(syncSignatureMatches(KEY, input({ body: '{"a":2}' }), sig)).toBe(false);
    expect(syncSignatureMatches(KEY, input({ timestamp: base.timestamp + 1 }), sig)).toBe(false);
    expect(syncSignatureMatches(KEY, input({ nonce: 'm'.repeat(32) }), sig)).toBe(false);
    expect(syncSignatureMatches(KEY, input({ hubId: 'ward-b' }), sig)).toBe(false);
    expect(syncSignatureMatches(`${KEY}x`, input(), sig)).toBe(false);
    expect(syncSignatureMatches(KEY, input(), sig.replace('v1=', 'v2='))).toBe(false);
    expect(syncSignatureMatches(KEY, input(), 'v1=abcd')).toBe(false);
  });
  it('names the header that is missing or malformed', () => {
    const h = signSyncRequest(base);
    expect(readSignedHeaders(h)).toMatchObject({ hubId: 'ward-a', keyId: 'k1', timestamp: base.timestamp });
    expect(readSignedHeaders({ ...h, [SYNC_HEADERS.timestamp]: 'yesterday' })).toMatch(/x-motcua-timestamp/);
    expect(readSignedHeaders({ ...h, [SYNC_HEADERS.nonce]: 'short' })).toMatch(/x-motcua-nonce/);
    const { [SYNC_HEADERS.signature]: _s, ...unsigned } = h;
    expect(readSignedHeaders(unsigned)).toMatch(/x-motcua-signature/);
  });
});
