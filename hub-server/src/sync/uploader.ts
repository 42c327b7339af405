/**
 * The sync uploader: sends the hub's `events` to the city server in signed batches.
 *
 * Behaviour:
 * - On start it asks the city for its high-water mark for this hub (signed GET), so it resumes
 *   exactly where the city is, after a restart of either side; nothing is kept locally.
 * - It sends `events.after(highWater, batchSize)` with `afterSeq = highWater`, and continues
 *   from the high-water mark the city answers. The city stores a batch in one transaction and
 *   skips events it already has, so a retry after a lost answer neither loses nor doubles a figure.
 * - On a network error, a timeout or a refusal it backs off exponentially with jitter and tries
 *   again; it never gives up and never throws into the hub. `out_of_order` makes it re-read the
 *   city's mark; `batch_too_large` halves its batch; `stale_timestamp` corrects for the hub's clock.
 * - The hub wakes it after every commit that appended events (`nudge`, debounced by
 *   `nudgeDelayMs`), so an event reaches the city within a moment. When caught up it otherwise
 *   polls the events table only every `intervalMs` (a slow fallback) and says hello (signed GET)
 *   every `heartbeatMs`, so the city knows the ward is alive. A nudge never cuts a backoff short.
 * - `getStatus()` reports progress; while behind, it logs events behind, rate and ETA.
 *
 * Reads are synchronous SQLite reads of at most `batchSize` rows; the hub's commands run between
 * batches, so the hub works the same whatever the city does.
 *
 * The same loop pulls the city → hub channel (shared/src/city-channel.ts) when the hub passes a
 * `channel`: after each upload step, at most every `intervalMs` (sooner while the city holds more),
 * a signed `GET /api/sync/messages?after=<cursor>` with the same key, clock correction and backoff
 * settings (a failed pull backs off the channel alone, so it never holds up the events going up);
 * the messages are handed to the channel (services/channel.ts), which applies each once and keeps
 * the cursor in the hub's database. A city without the channel (404) is asked again an hour later.
 */
import { CITY_CHANNEL_LIMITS, CITY_CHANNEL_PATHS, CITY_CHANNEL_PROTOCOL_VERSION, SYNC_PATHS, SYNC_PROTOCOL_VERSION, SyncResponse, SyncState, stripUndefined, type CentreSettings, type CityClockOffset, type LocalizedText, type SyncBatch, type SyncCatalog, type SyncErrorCode, type SyncEventRow } from '@motcua/shared';
import { signSyncRequest } from '@motcua/shared/sync-signing';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { PulledMessage } from '../services/channel';
import { backoffDelay } from './backoff';

export interface UploaderConfig {
  /** Base URL of the city server, e.g. https://motcua.hochiminhcity.gov.vn */
  url: string;
  keyId: string;
  /** The per-hub key the city issued at registration. */
  key: string;
  batchSize: number;
  /** The fallback poll while caught up; commits wake the uploader sooner (`nudge`). */
  intervalMs: number;
  /** How long after a nudge the uploader sends, so a burst of commits goes in one batch. */
  nudgeDelayMs: number;
  heartbeatMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  requestTimeoutMs: number;
  progressLogMs: number;
}

export const DEFAULT_UPLOADER: Omit<UploaderConfig, 'url' | 'key'> = {
  keyId: 'k1',
  batchSize: 1000,
  intervalMs: 15_000,
  nudgeDelayMs: 100,
  heartbeatMs: 60_000,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  requestTimeoutMs: 15_000,
  progressLogMs: 10_000,
};

/**
 * The hub's events table. The hub typed each row when it wrote it (`Tx.event`); each leaves through
 * `exportEvent` (free text out, staff ids pseudonymised) and the city reads it against `HubEvent`.
 */
export interface EventSource {
  after(seq: number, limit: number): SyncEventRow[];
  lastSeq(): number;
}

export interface UploaderDeps {
  hubId: string;
  events: EventSource;
  catalog: () => SyncCatalog;
  centre?: () => { name: LocalizedText; address: string };
  /** What of each event may leave the ward (the hub passes sync/export.ts's `exportEvent`). */
  exportEvent: (row: SyncEventRow) => SyncEventRow;
  log: Logger;
  /** Wall clock for signatures and rates (not the hub's business clock, which tests move). */
  now?: () => number;
  random?: () => number;
  fetch?: typeof fetch;
  /**
   * The city's clock differs from the hub's by more than CITY_CLOCK_TOLERANCE_MS (issue 15 item 4:
   * the hub's clock is compared with the city's on each sync); called again when the offset moves
   * by more than that again, never for every answer.
   */
  onCityClock?: (c: CityClockOffset) => void;
  /** The city → hub channel: where pulled messages go (services/channel.ts); absent, nothing is pulled. */
  channel?: ChannelSink;
}

export interface ChannelSink {
  /** The last seq applied on the hub. */
  cursor(): number;
  /** Applies the messages in order, each once; `stopped` when the hub could not write (pull again later). */
  applyAll(messages: readonly PulledMessage[]): { applied: number; cursor: number; stopped: string | null };
}

/**
 * A pull's answer as the hub reads it: the envelope strictly, each message's body loosely, so one
 * message this hub cannot read (a newer city's kind, a malformed one) is skipped on its own
 * (services/channel.ts) rather than making the whole answer unreadable and the channel stuck.
 */
const PulledAnswer = z.object({
  v: z.literal(CITY_CHANNEL_PROTOCOL_VERSION),
  hubId: z.string(),
  messages: z.array(z.object({ seq: z.number().int().positive(), createdAt: z.number().int(), message: z.unknown() })).max(CITY_CHANNEL_LIMITS.maxMessages),
  latestSeq: z.number().int().min(0),
  serverTime: z.number().int(),
});

/** How long to wait before asking again a city that does not have the channel (HTTP 404). */
const CHANNEL_ABSENT_RETRY_MS = 3_600_000;

export interface ChannelStatus {
  /** The last seq applied on the hub. */
  cursor: number;
  /** The newest seq the city held at the last pull (null before the first). */
  cityLatestSeq: number | null;
  applied: number;
  lastPullAt: number | null;
  /** The last failed pull (cleared by a successful one). */
  lastError: { code: SyncErrorCode | 'network' | 'diverged'; message: string; at: number } | null;
}

/** Beyond this the hub's clock is reported as wrong (NTP keeps a healthy PC within a second). */
export const CITY_CLOCK_TOLERANCE_MS = 60_000;

export type UploaderState = 'starting' | 'uploading' | 'idle' | 'backing_off' | 'stopped';

export interface SyncStatus {
  state: UploaderState;
  /** Everything up to this seq is at the city (null until the city has answered once). */
  cityHighWater: number | null;
  hubLastSeq: number;
  /** Events the city does not have yet. */
  behind: number | null;
  /** Events per second over recent batches. */
  ratePerSec: number;
  etaSec: number | null;
  uploaded: number;
  batches: number;
  batchSize: number;
  consecutiveFailures: number;
  lastSuccessAt: number | null;
  lastError: { code: SyncErrorCode | 'network' | 'diverged'; message: string; at: number } | null;
  nextAttemptAt: number | null;
  /** The city's clock minus the hub's, from the last answer that carried the city's time. */
  cityClockOffsetMs: number | null;
  /** The city → hub channel (null when the hub pulls nothing). */
  channel: ChannelStatus | null;
}

class SyncFailure extends Error {
  constructor(
    readonly code: SyncErrorCode | 'network' | 'diverged',
    message: string,
    readonly extra: { highWater?: number; serverTime?: number } = {},
  ) {
    super(message);
  }
}

export class SyncUploader {
  private readonly cfg: UploaderConfig;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly fetchFn: typeof fetch;
  private readonly log: Logger;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Set by `nudge`: events were committed since the last step began. */
  private nudged = false;
  private nudgeTimer: ReturnType<typeof setTimeout> | null = null;
  private inflight: AbortController | null = null;
  private highWater: number | null = null;
  private batchSize: number;
  private catalogSentHash: string | null = null;
  private clockOffsetMs = 0;
  /** The city clock offset last reported (null: within the tolerance or not yet reported). */
  private reportedCityOffset: number | null = null;
  private lastContactAt = 0;
  private lastProgressLogAt = 0;
  private reportedGapAt = -1;
  /** When the channel may be pulled next (0: at the next step). */
  private nextPullAt = 0;
  private channelFailures = 0;
  private readonly status: SyncStatus;

  constructor(
    config: Partial<UploaderConfig> & { url: string; key: string },
    private readonly deps: UploaderDeps,
  ) {
    this.cfg = { ...DEFAULT_UPLOADER, ...stripUndefined(config) } as UploaderConfig;
    this.cfg.url = this.cfg.url.replace(/\/+$/, '');
    this.now = deps.now ?? (() => Date.now());
    this.random = deps.random ?? Math.random;
    this.fetchFn = deps.fetch ?? fetch;
    this.log = deps.log.child({ component: 'sync' });
    this.batchSize = this.cfg.batchSize;
    this.status = { state: 'stopped', cityHighWater: null, hubLastSeq: 0, behind: null, ratePerSec: 0, etaSec: null, uploaded: 0, batches: 0, batchSize: this.batchSize, consecutiveFailures: 0, lastSuccessAt: null, lastError: null, nextAttemptAt: null, cityClockOffsetMs: null, channel: deps.channel ? { cursor: 0, cityLatestSeq: null, applied: 0, lastPullAt: null, lastError: null } : null };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.highWater = null; // always ask the city: it is the only truth about what it has
    this.status.state = 'starting';
    this.log.info({ url: this.cfg.url, batchSize: this.batchSize }, 'sync uploader started');
    this.loop = this.run();
  }

  /** Stops after aborting any request in flight; resolves when the loop has ended. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    this.nudgeTimer = null;
    this.inflight?.abort();
    this.wake?.();
    await this.loop;
    this.status.state = 'stopped';
    this.status.nextAttemptAt = null;
  }

  /**
   * Says events were committed: an idle uploader sends them after `nudgeDelayMs` instead of at
   * the next poll; one busy uploading looks again as soon as it is done. Backing off, it waits.
   */
  nudge(): void {
    this.nudged = true;
    if (this.stopped || this.nudgeTimer || this.status.state !== 'idle') return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      if (this.status.state === 'idle') this.wake?.();
    }, this.cfg.nudgeDelayMs);
    this.nudgeTimer.unref();
  }

  getStatus(): SyncStatus {
    // After stop the hub may have closed its database: report the last known figure.
    const hubLastSeq = this.stopped ? this.status.hubLastSeq : this.deps.events.lastSeq();
    this.status.hubLastSeq = hubLastSeq;
    const behind = this.highWater === null ? null : Math.max(0, hubLastSeq - this.highWater);
    return {
      ...this.status,
      lastError: this.status.lastError ? { ...this.status.lastError } : null,
      channel: this.status.channel ? { ...this.status.channel, cursor: this.stopped ? this.status.channel.cursor : (this.deps.channel?.cursor() ?? 0) } : null,
      hubLastSeq,
      cityHighWater: this.highWater,
      behind,
      etaSec: behind && this.status.ratePerSec > 0 ? Math.round(behind / this.status.ratePerSec) : behind === 0 ? 0 : null,
    };
  }

  // ------------------------------------------------------------------ the loop

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const more = await this.step();
        this.status.consecutiveFailures = 0;
        this.status.nextAttemptAt = null;
        if (!more) {
          this.status.state = 'idle';
          // Events committed while this step ran (after it read the hub's last seq) go soon.
          await this.sleep(this.nudged ? this.cfg.nudgeDelayMs : this.cfg.intervalMs);
        } else {
          await new Promise<void>((r) => setImmediate(r)); // let the hub's commands run between batches
        }
      } catch (e) {
        if (this.stopped) break;
        const f = e instanceof SyncFailure ? e : new SyncFailure('network', e instanceof Error ? e.message : String(e));
        this.status.consecutiveFailures++;
        if (this.recover(f)) continue;
        this.status.lastError = { code: f.code, message: f.message, at: this.now() };
        const delay = backoffDelay(this.status.consecutiveFailures, { baseMs: this.cfg.backoffBaseMs, maxMs: this.cfg.backoffMaxMs }, this.random);
        this.status.state = 'backing_off';
        this.status.nextAttemptAt = this.now() + delay;
        const level = this.status.consecutiveFailures <= 3 ? 'warn' : 'error';
        this.log[level]({ code: f.code, err: f.message, failures: this.status.consecutiveFailures, retryInMs: delay, behind: this.getStatus().behind }, 'sync failed; backing off');
        await this.sleep(delay);
      }
    }
  }

  /** Adjusts to refusals that a retry can fix at once; false = back off first. */
  private recover(f: SyncFailure): boolean {
    switch (f.code) {
      case 'out_of_order':
        // The city has less (or more) than we thought: continue from its mark.
        this.highWater = f.extra.highWater ?? null;
        this.log.info({ highWater: this.highWater }, 'sync continues from the city high-water mark');
        return this.status.consecutiveFailures <= 3;
      case 'batch_too_large':
        if (this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
          this.status.batchSize = this.batchSize;
          this.log.warn({ batchSize: this.batchSize }, 'city refused the batch size; halving it');
          return true;
        }
        return false;
      case 'stale_timestamp':
        if (f.extra.serverTime !== undefined) {
          const offset = f.extra.serverTime - this.now();
          if (Math.abs(offset - this.clockOffsetMs) > 1000 && this.status.consecutiveFailures <= 3) {
            this.log.warn({ offsetMs: offset }, "the hub's clock differs from the city's; signing with the city's time");
            this.clockOffsetMs = offset;
            return true;
          }
        }
        return false;
      case 'replayed':
        return this.status.consecutiveFailures <= 3; // a fresh nonce is drawn on every request
      default:
        return false;
    }
  }

  /**
   * One unit of work: upload, then pull the channel when due; true when there is more right away.
   * A failed pull backs the channel off on its own (same backoff settings) and never holds up
   * the events going up.
   */
  private async step(): Promise<boolean> {
    const more = await this.upload();
    let pulled = false;
    try {
      pulled = await this.pullIfDue();
      this.channelFailures = 0;
    } catch (e) {
      if (this.stopped) return false;
      const f = e instanceof SyncFailure ? e : new SyncFailure('network', e instanceof Error ? e.message : String(e));
      this.channelFailures++;
      if (f.code === 'stale_timestamp' && f.extra.serverTime !== undefined) this.clockOffsetMs = f.extra.serverTime - this.now();
      const delay = backoffDelay(this.channelFailures, { baseMs: this.cfg.backoffBaseMs, maxMs: this.cfg.backoffMaxMs }, this.random);
      this.nextPullAt = this.now() + delay;
      if (this.status.channel) this.status.channel.lastError = { code: f.code, message: f.message, at: this.now() };
      this.log[this.channelFailures <= 3 ? 'warn' : 'error']({ code: f.code, err: f.message, failures: this.channelFailures, retryInMs: delay }, 'city → hub channel pull failed; backing off');
    }
    return more || pulled;
  }

  /** Pulls the city → hub channel when due; true when the city holds more than this pull brought. */
  private async pullIfDue(): Promise<boolean> {
    const channel = this.deps.channel;
    if (!channel || this.now() < this.nextPullAt) return false;
    const after = channel.cursor();
    const path = `${CITY_CHANNEL_PATHS.messages}?after=${after}&limit=${CITY_CHANNEL_LIMITS.maxMessages}`;
    const { status, json } = await this.request('GET', path, '');
    const r = json as { ok?: boolean; data?: unknown; error?: { code?: SyncErrorCode; message?: string; serverTime?: number } } | null;
    if (status === 404 && r?.ok !== false) {
      this.nextPullAt = this.now() + CHANNEL_ABSENT_RETRY_MS;
      this.log.warn({ url: this.cfg.url }, 'the city server has no city → hub channel (an older version): bookings from home cannot reach this ward; asking again in an hour');
      return false;
    }
    if (!r?.ok) {
      const code = r?.error?.code ?? 'internal';
      throw new SyncFailure(code, r?.error?.message ?? `HTTP ${status}: unexpected answer to the channel pull`, r?.error?.serverTime !== undefined ? { serverTime: r.error.serverTime } : {});
    }
    const answer = PulledAnswer.safeParse(r.data);
    if (!answer.success) throw new SyncFailure('internal', `unreadable channel answer: ${answer.error.issues[0]?.message ?? 'invalid'}`);
    const a = answer.data;
    if (a.hubId !== this.deps.hubId) throw new SyncFailure('hub_mismatch', `channel answer is for hub ${a.hubId}`);
    if (a.latestSeq < after) this.log.error({ cursor: after, cityLatestSeq: a.latestSeq }, 'the city holds fewer channel messages than this hub applied: the city database was replaced; new messages may be skipped until it passes this cursor');
    const first = a.messages[0];
    if (first && first.seq > after + 1) this.log.error({ from: after + 1, to: first.seq - 1 }, 'channel messages missing at the city (purged before this hub pulled them)');
    const done = channel.applyAll(a.messages);
    const st = this.status.channel;
    if (st) {
      st.cursor = done.cursor;
      st.cityLatestSeq = a.latestSeq;
      st.applied += done.applied;
      st.lastPullAt = this.now();
      st.lastError = null;
    }
    if (done.stopped) throw new SyncFailure('unavailable', `city messages not applied: the hub cannot write (${done.stopped})`);
    if (done.applied > 0) this.log.info({ applied: done.applied, cursor: done.cursor, cityLatestSeq: a.latestSeq }, 'city messages applied');
    const more = a.messages.length > 0 && done.cursor < a.latestSeq;
    this.nextPullAt = more ? 0 : this.now() + this.cfg.intervalMs;
    return more;
  }

  /** Sends the next batch of events; true when there is more to send right away. */
  private async upload(): Promise<boolean> {
    this.nudged = false;
    if (this.highWater === null || this.now() - this.lastContactAt >= this.cfg.heartbeatMs) {
      this.highWater = await this.fetchHighWater();
    }
    const hubLast = this.deps.events.lastSeq();
    this.status.hubLastSeq = hubLast;
    if (this.highWater > hubLast) {
      // The city has events this hub does not: the hub's database was replaced or restored from
      // an old backup. Sending would have the new events skipped as duplicates; stop and say so.
      throw new SyncFailure('diverged', `city has events up to seq ${this.highWater} but this hub only up to ${hubLast}: the hub database was replaced; register it under a new hub id or clear it at the city`);
    }
    if (this.highWater === hubLast) {
      if (this.status.state === 'uploading') this.log.info({ highWater: this.highWater, uploaded: this.status.uploaded }, 'sync caught up');
      return false;
    }
    const events = this.deps.events.after(this.highWater, this.batchSize);
    if (events.length === 0) return false;
    const first = events[0] as SyncEventRow;
    if (first.seq > this.highWater + 1 && this.highWater !== this.reportedGapAt) {
      // seq is AUTOINCREMENT: a hole means events were purged here before the city had them.
      this.reportedGapAt = this.highWater;
      this.log.error({ from: this.highWater + 1, to: first.seq - 1 }, 'events purged on the hub before they reached the city: their figures are missing at the city');
    }
    this.status.state = 'uploading';
    const started = this.now();
    const catalog = this.deps.catalog();
    const catalogHash = JSON.stringify(catalog);
    const batch: SyncBatch = { v: SYNC_PROTOCOL_VERSION, hubId: this.deps.hubId, afterSeq: this.highWater, hubLastSeq: hubLast, events: events.map(this.deps.exportEvent) };
    if (catalogHash !== this.catalogSentHash) {
      batch.catalog = catalog;
      if (this.deps.centre) batch.centre = this.deps.centre();
    }
    const ack = await this.post(batch);
    this.catalogSentHash = catalogHash;
    this.highWater = ack.highWater;
    this.status.uploaded += ack.accepted;
    this.status.batches++;
    this.status.lastSuccessAt = this.now();
    this.status.lastError = null;
    const secs = Math.max(0.001, (this.now() - started) / 1000);
    const rate = events.length / secs;
    this.status.ratePerSec = this.status.ratePerSec === 0 ? rate : 0.7 * this.status.ratePerSec + 0.3 * rate;
    this.logProgress(hubLast);
    return this.highWater < hubLast;
  }

  private logProgress(hubLast: number): void {
    const t = this.now();
    if (t - this.lastProgressLogAt < this.cfg.progressLogMs) return;
    this.lastProgressLogAt = t;
    const s = this.getStatus();
    if ((s.behind ?? 0) > 0) this.log.info({ behind: s.behind, ratePerSec: Math.round(s.ratePerSec), etaSec: s.etaSec, highWater: this.highWater, hubLastSeq: hubLast }, 'sync catching up');
  }

  // ------------------------------------------------------------------ HTTP

  private sign(method: 'GET' | 'POST', path: string, body: string): Record<string, string> {
    return signSyncRequest({ method, path, hubId: this.deps.hubId, keyId: this.cfg.keyId, key: this.cfg.key, body, timestamp: Math.round(this.now() + this.clockOffsetMs) });
  }

  private async request(method: 'GET' | 'POST', path: string, body: string): Promise<{ status: number; json: unknown }> {
    const ctrl = new AbortController();
    this.inflight = ctrl;
    const timer = setTimeout(() => ctrl.abort(), this.cfg.requestTimeoutMs);
    try {
      const headers = this.sign(method, path, body);
      const sent = this.now();
      const res = await this.fetchFn(`${this.cfg.url}${path}`, {
        method,
        headers: method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(method === 'POST' ? { body } : {}),
        signal: ctrl.signal,
      });
      const text = await res.text();
      this.lastContactAt = this.now();
      const received = this.lastContactAt;
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        throw new SyncFailure(res.status >= 500 ? 'unavailable' : 'network', `HTTP ${res.status} from the city server, not a sync answer`);
      }
      this.noteCityTime(json, sent, received);
      return { status: res.status, json };
    } catch (e) {
      if (e instanceof SyncFailure) throw e;
      const reason = ctrl.signal.aborted ? (this.stopped ? 'stopped' : `no answer in ${this.cfg.requestTimeoutMs} ms`) : e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e);
      throw new SyncFailure('network', reason);
    } finally {
      clearTimeout(timer);
      this.inflight = null;
    }
  }

  /**
   * Every answer of the city carries its time: the offset is measured against the middle of the
   * round trip, kept in the status, and reported once when it passes the tolerance (and again only
   * when it moves by as much again, or after it came back within the tolerance).
   */
  private noteCityTime(json: unknown, sent: number, received: number): void {
    const r = json as { data?: { serverTime?: unknown }; error?: { serverTime?: unknown } } | null;
    const serverTime = r?.data?.serverTime ?? r?.error?.serverTime;
    if (typeof serverTime !== 'number' || !Number.isFinite(serverTime)) return;
    const offsetMs = Math.round(serverTime - (sent + received) / 2);
    this.status.cityClockOffsetMs = offsetMs;
    if (Math.abs(offsetMs) <= CITY_CLOCK_TOLERANCE_MS) {
      this.reportedCityOffset = null;
      return;
    }
    if (this.reportedCityOffset !== null && Math.abs(offsetMs - this.reportedCityOffset) <= CITY_CLOCK_TOLERANCE_MS) return;
    this.reportedCityOffset = offsetMs;
    this.log.warn({ offsetMs }, `the hub's clock is ${Math.round(Math.abs(offsetMs) / 1000)} s ${offsetMs > 0 ? 'behind' : 'ahead of'} the city's`);
    this.deps.onCityClock?.({ at: received, offsetMs });
  }

  private async fetchHighWater(): Promise<number> {
    const { json } = await this.request('GET', SYNC_PATHS.state, '');
    const r = json as { ok?: boolean; data?: unknown; error?: { code?: SyncErrorCode; message?: string; serverTime?: number } };
    if (r.ok) {
      const s = SyncState.safeParse(r.data);
      if (s.success) return s.data.highWater;
    }
    const code = r.error?.code ?? 'internal';
    throw new SyncFailure(code, r.error?.message ?? 'unexpected answer to the state request', r.error?.serverTime !== undefined ? { serverTime: r.error.serverTime } : {});
  }

  private async post(batch: SyncBatch): Promise<{ highWater: number; accepted: number }> {
    const { json } = await this.request('POST', SYNC_PATHS.batches, JSON.stringify(batch));
    const r = SyncResponse.safeParse(json);
    if (!r.success) throw new SyncFailure('internal', 'unexpected answer to a batch');
    if (r.data.ok) return r.data.data;
    const err = r.data.error;
    const extra: { highWater?: number; serverTime?: number } = {};
    if (err.highWater !== undefined) extra.highWater = err.highWater;
    if (err.serverTime !== undefined) extra.serverTime = err.serverTime;
    throw new SyncFailure(err.code, err.message, extra);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

/**
 * The hub's catalogue in the shape the city needs: fields and services to attribute tickets, and
 * for home booking (issue 18) the procedures, opening hours, the manager's booking share and
 * horizon, and how many counters serve each active service (primary or secondary).
 */
export function syncCatalog(
  fields: { id: string; code: string; name: LocalizedText }[],
  services: { id: string; fieldId: string; name: LocalizedText; active?: boolean; expectedServiceMin?: number }[],
  booking?: { procedures: { id?: string; nationalCode: string; serviceId: string; name: LocalizedText }[]; counters: { primary: string[]; secondary: string[] }[]; settings: Pick<CentreSettings, 'openingHours' | 'booking'> },
): SyncCatalog {
  const out: SyncCatalog = { fields: fields.map((f) => ({ id: f.id, code: f.code, name: f.name })), services: services.map((s) => ({ id: s.id, fieldId: s.fieldId, name: s.name })) };
  if (!booking) return out;
  out.procedures = booking.procedures.map((p) => ({ ...(p.id ? { id: p.id } : {}), code: p.nationalCode, serviceId: p.serviceId, name: p.name }));
  const perService: Record<string, { counters: number; expectedServiceMin: number }> = {};
  for (const s of services) {
    if (s.active === false) continue;
    const counters = booking.counters.filter((c) => c.primary.includes(s.id) || c.secondary.includes(s.id)).length;
    perService[s.id] = { counters, expectedServiceMin: s.expectedServiceMin ?? 10 };
  }
  const b = booking.settings.booking;
  out.booking = { openingHours: [...booking.settings.openingHours], share: b.share, horizonDays: b.horizonDays, slotMinutes: b.slotMinutes, services: perService };
  return out;
}
