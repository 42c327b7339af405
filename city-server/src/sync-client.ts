/**
 * A reference sync client: signs and sends batches the way a hub's uploader does. Tests, the
 * benchmark and the CLI's `send` use it; the hub has its own uploader (hub-server/src/sync) that
 * speaks the same contract (@motcua/shared `sync`).
 */
import { CITY_CHANNEL_PATHS, SYNC_PATHS, SYNC_PROTOCOL_VERSION, SyncResponse, SyncState, type SyncBatch, type SyncCatalog, type SyncEventRow } from '@motcua/shared';
import { signSyncRequest } from '@motcua/shared/sync-signing';

export interface SyncClientOptions {
  url: string;
  hubId: string;
  keyId?: string;
  key: string;
  now?: () => number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export interface SentResponse {
  status: number;
  body: SyncResponse;
}

export class SyncClient {
  readonly keyId: string;
  constructor(readonly o: SyncClientOptions) {
    this.keyId = o.keyId ?? 'k1';
  }

  batchBody(afterSeq: number, events: SyncEventRow[], extra: { hubLastSeq?: number; catalog?: SyncCatalog } = {}): string {
    const batch: SyncBatch = { v: SYNC_PROTOCOL_VERSION, hubId: this.o.hubId, afterSeq, hubLastSeq: extra.hubLastSeq ?? events[events.length - 1]?.seq ?? afterSeq, events };
    if (extra.catalog) batch.catalog = extra.catalog;
    return JSON.stringify(batch);
  }

  headers(method: 'GET' | 'POST', path: string, body: string, o: { timestamp?: number; nonce?: string; key?: string } = {}): Record<string, string> {
    const signed = signSyncRequest({ method, path, hubId: this.o.hubId, keyId: this.keyId, key: o.key ?? this.o.key, body, timestamp: o.timestamp ?? (this.o.now ?? Date.now)(), ...(o.nonce ? { nonce: o.nonce } : {}) });
    return method === 'POST' ? { ...signed, 'content-type': 'application/json' } : signed;
  }

  /** Sends a body exactly as given, with the given headers (tests tamper with either). */
  async post(body: string, headers: Record<string, string>): Promise<SentResponse> {
    const res = await fetch(`${this.o.url}${SYNC_PATHS.batches}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000) });
    const json: unknown = await res.json();
    return { status: res.status, body: SyncResponse.parse(json) };
  }

  async send(afterSeq: number, events: SyncEventRow[], extra: { hubLastSeq?: number; catalog?: SyncCatalog } = {}): Promise<SentResponse> {
    const body = this.batchBody(afterSeq, events, extra);
    return this.post(body, this.headers('POST', SYNC_PATHS.batches, body));
  }

  async state(): Promise<{ status: number; highWater: number | null; body: unknown }> {
    const res = await fetch(`${this.o.url}${SYNC_PATHS.state}`, { headers: this.headers('GET', SYNC_PATHS.state, ''), signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000) });
    const json = (await res.json()) as { ok: boolean; data?: unknown };
    const parsed = json.ok ? SyncState.safeParse(json.data) : null;
    return { status: res.status, highWater: parsed?.success ? parsed.data.highWater : null, body: json };
  }

  /** Pulls the city → hub channel's messages after `after` (signed GET; path with its query). */
  async messages(after: number, limit?: number, o: { timestamp?: number; nonce?: string; key?: string } = {}): Promise<{ status: number; body: unknown }> {
    const path = `${CITY_CHANNEL_PATHS.messages}?after=${after}${limit === undefined ? '' : `&limit=${limit}`}`;
    const res = await fetch(`${this.o.url}${path}`, { headers: this.headers('GET', path, '', o), signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000) });
    return { status: res.status, body: await res.json() };
  }
}
