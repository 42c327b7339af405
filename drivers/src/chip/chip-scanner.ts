/**
 * The chip reader driver: a PC/SC reader (any CCID contactless reader pcscd knows, e.g. ACS
 * ACR1252U / ACR122U) reading CCCD chips. It sits beside the QR scanner: the kiosk asks for a
 * read with the MRZ data (BAC key) it already has, the citizen places the card, and one
 * `read` event says what happened — the minimal citizen data (name, age band, ID pseudonym) with
 * `source: 'chip'` and `verified`, or a typed error telling the kiosk to fall back to the QR.
 *
 * - `start()` resolves even without pcscd or a reader: health is `offline` with the reason, and
 *   the driver retries every `reconnectMs` until `close()`.
 * - Reads never throw and never crash the agent: a removed card, wrong keys, a non-CCCD card, an
 *   unplugged reader or a stopped pcscd are each a `read` event with `ok: false` and a code.
 * - Nothing personal is logged: codes, timings and the verification status only.
 */
import type { X509Certificate } from 'node:crypto';
import { businessDay } from '@motcua/shared';
import type { Logger } from 'pino';
import { Devices, type CardInterface, type DeviceEvents } from 'smartcard';
import { Emitter } from '../emitter';
import { componentLogger } from '../logger';
import type { HealthReport } from '../peripheral';
import { ChipError, type ChipErrorCode } from './errors';
import type { BacKeyInput } from './mrz';
import { pcscChannel, resetCard, toChipError } from './pcsc';
import { minimise, type MinimalCitizen } from './privacy';
import { readCccd, type AccessKey, type AccessUsed } from './reader';
import { loadCscaFolder, type PassiveAuthStatus } from './sod';

export type ChipReadResult =
  | {
      ok: true;
      citizen: MinimalCitizen;
      /** True only when passive authentication reached a configured CSCA. */
      verified: boolean;
      verification: Exclude<PassiveAuthStatus, 'failed'>;
      /** "chip data verified by CSCA …" or "chip data consistent, issuer not verified". */
      verificationMessage: string;
      /** What was checked (no personal data): each is true on a successful read but issuerVerified. */
      /** How the chip was opened: PACE (CAN or MRZ password) or BAC, and the cipher. */
      access: AccessUsed;
      checks: { bac: boolean; pace: boolean; dg1: boolean; dg13: boolean; crossCheck: boolean; sodHashes: boolean; sodSignature: boolean; issuerVerified: boolean };
      ms: number;
    }
  | { ok: false; error: { code: ChipErrorCode; message: string; messageEn: string; fallbackToQr: boolean } };

export interface ChipReadEvent {
  source: 'chip';
  reader: string | null;
  at: number;
  result: ChipReadResult;
}

export interface ChipScannerOptions {
  name?: string;
  /** Use the first reader whose name matches; default: the first reader. */
  reader?: RegExp;
  /** Folder of CSCA certificates (DER/PEM); null or absent: issuer not verified. */
  cscaDir?: string | null;
  /** Key of the ID pseudonym (≥ 16 bytes; the agent's own secret). */
  pseudonymKey: Uint8Array;
  /** Age band edges (default 6, 16, 60, 75). */
  ageEdges?: readonly number[];
  reconnectMs?: number;
  logger?: Logger;
  /** For tests: a factory of the smartcard Devices monitor (or a stand-in with the same events). */
  devices?: () => DevicesLike;
}

/** The part of smartcard's `Devices` the driver uses. */
export interface DevicesLike {
  on<K extends keyof DeviceEvents>(event: K, listener: DeviceEvents[K]): unknown;
  start(): void;
  stop(): void;
}

/** A read waiting for a card: resolves once with the event. */
interface Pending {
  key: BacKeyInput | AccessKey;
  resolve: (e: ChipReadEvent) => void;
  timer: NodeJS.Timeout | null;
}

export class ChipScanner {
  readonly name: string;
  private readonly events = new Emitter<{ read: ChipReadEvent; health: HealthReport }>();
  private readonly log: Logger;
  private readonly csca: X509Certificate[] | null;
  private devices: DevicesLike | null = null;
  private readonly cards = new Map<string, CardInterface>();
  private readonly readers = new Set<string>();
  /** Cards read at least once since they were placed: reset before the next read. */
  private readonly used = new WeakSet<CardInterface>();
  private pending: Pending | null = null;
  private busy = false;
  private report: HealthReport = { health: 'unknown', detail: 'not started', at: Date.now() };
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: ChipScannerOptions) {
    this.name = opts.name ?? 'chip';
    this.log = componentLogger('driver:chip', opts.logger).child({ chip: this.name });
    this.csca = opts.cscaDir ? loadCscaFolder(opts.cscaDir) : null;
    if (opts.pseudonymKey.length < 16) throw new RangeError('pseudonymKey must be at least 16 bytes');
  }

  start(): Promise<void> {
    this.open();
    return Promise.resolve();
  }

  private open(): void {
    if (this.closed) return;
    let d: DevicesLike;
    try {
      d = this.opts.devices ? this.opts.devices() : new Devices();
    } catch (e) {
      this.restart(toChipError(e).message);
      return;
    }
    this.devices = d;
    const live = (): boolean => this.devices === d;
    d.on('reader-attached', (r) => {
      if (!live()) return;
      this.readers.add(r.name);
      this.log.info({ reader: r.name }, 'reader attached');
      this.refreshHealth();
    });
    d.on('reader-detached', (r) => {
      if (!live()) return;
      this.readers.delete(r.name);
      this.cards.delete(r.name);
      this.log.warn({ reader: r.name }, 'reader detached');
      this.refreshHealth();
    });
    d.on('card-inserted', ({ reader, card }) => {
      if (!live() || !this.wanted(reader.name)) return;
      this.cards.set(reader.name, card);
      this.log.info({ reader: reader.name }, 'card placed');
      this.kick();
    });
    d.on('card-removed', ({ reader }) => {
      if (!live()) return;
      this.cards.delete(reader.name);
      this.log.info({ reader: reader.name }, 'card removed');
    });
    d.on('error', (e) => {
      if (!live()) return;
      const ce = toChipError(e);
      this.log.warn({ code: ce.code, err: ce.message }, 'PC/SC error');
      // pcscd gone: the binding's monitor would retry forever on a dead context; start afresh.
      if (ce.code === 'pcsc_unavailable') this.restart(ce.message);
    });
    try {
      d.start();
    } catch (e) {
      if (live()) this.restart(toChipError(e).message);
      return;
    }
    if (live()) this.refreshHealth();
  }

  private restart(reason: string): void {
    this.setHealth('offline', `pcsc_unavailable: ${reason}`);
    try {
      this.devices?.stop();
    } catch {
      // already stopped
    }
    this.devices = null;
    this.readers.clear();
    this.cards.clear();
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.open();
    }, this.opts.reconnectMs ?? 3000);
    this.retry.unref();
  }

  private wanted(reader: string): boolean {
    return this.opts.reader ? this.opts.reader.test(reader) : true;
  }

  private refreshHealth(): void {
    const readers = [...this.readers].filter((r) => this.wanted(r));
    if (readers.length > 0) this.setHealth('ready', null);
    else this.setHealth('offline', 'no_reader: no PC/SC reader attached');
  }

  private setHealth(health: HealthReport['health'], detail: string | null): void {
    if (this.report.health === health && this.report.detail === detail) return;
    this.report = { health, detail, at: Date.now() };
    this.events.emit('health', this.report, (e) => this.log.error({ err: e }, 'health listener failed'));
  }

  health(): HealthReport {
    return this.report;
  }

  /** Whether a card is on a wanted reader (as last reported by pcscd). */
  cardPresent(): boolean {
    return [...this.cards.keys()].some((r) => this.wanted(r));
  }

  onHealth(listener: (h: HealthReport) => void): () => void {
    return this.events.on('health', listener);
  }

  onRead(listener: (e: ChipReadEvent) => void): () => void {
    return this.events.on('read', listener);
  }

  /**
   * Reads the card on the reader (now, or when it is placed within `timeoutMs`) with `key`: the MRZ
   * data (BAC, or PACE's MRZ password) and/or the CAN printed on the card (PACE). Resolves with the event (also emitted as `read`); never rejects. A new request replaces
   * one still waiting for a card.
   */
  read(key: BacKeyInput | AccessKey, opts: { timeoutMs?: number } = {}): Promise<ChipReadEvent> {
    if (this.pending) this.finish(this.pending, this.failure(new ChipError('canceled', 'replaced by a newer read request'), null));
    if (this.report.health !== 'ready') {
      const code = this.report.detail?.startsWith('pcsc_unavailable') ? 'pcsc_unavailable' : 'no_reader';
      const e = this.failure(new ChipError(code, this.report.detail ?? undefined), null);
      this.events.emit('read', e, (err) => this.log.error({ err }, 'read listener failed'));
      return Promise.resolve(e);
    }
    return new Promise((resolve) => {
      const p: Pending = { key, resolve, timer: null };
      const t = opts.timeoutMs ?? 30_000;
      p.timer = setTimeout(() => {
        if (this.pending === p) this.finish(p, this.failure(this.readers.size === 0 ? new ChipError('no_reader') : new ChipError('no_card', `within ${t} ms`), null));
      }, t);
      p.timer.unref();
      this.pending = p;
      this.kick();
    });
  }

  /** Cancels a read waiting for a card. */
  cancel(): void {
    if (this.pending) this.finish(this.pending, this.failure(new ChipError('canceled'), null));
  }

  private kick(): void {
    const p = this.pending;
    if (!p || this.busy) return;
    const entry = [...this.cards].find(([r]) => this.wanted(r));
    if (!entry) return;
    const [reader, card] = entry;
    this.busy = true;
    void this.readCard(reader, card, p.key).then((e) => {
      this.busy = false;
      if (this.pending === p) this.finish(p, e);
    });
  }

  private async readCard(reader: string, card: CardInterface, key: BacKeyInput | AccessKey): Promise<ChipReadEvent> {
    const t0 = performance.now();
    try {
      if (this.used.has(card)) await resetCard(card);
      this.used.add(card);
      const r = await readCccd(pcscChannel(card), key, { csca: this.csca });
      const citizen = minimise(r.dg13, { key: this.opts.pseudonymKey, today: businessDay(Date.now()), ageEdges: this.opts.ageEdges });
      const ms = Math.round(performance.now() - t0);
      const verification = r.passive.status === 'verified' ? 'verified' : 'consistent_issuer_not_verified';
      this.log.info({ reader, ms, accessMs: Math.round(r.timings.accessMs), access: r.access.protocol, verification }, 'chip read');
      return { source: 'chip', reader, at: Date.now(), result: {
          ok: true,
          citizen,
          verified: verification === 'verified',
          verification,
          verificationMessage: r.passive.message,
          access: r.access,
          checks: { bac: r.access.protocol === 'BAC', pace: r.access.protocol === 'PACE', dg1: true, dg13: true, crossCheck: true, sodHashes: r.passive.hashesOk, sodSignature: r.passive.signatureOk, issuerVerified: r.passive.issuerVerified },
          ms,
        },
      };
    } catch (e) {
      const ce = toChipError(e);
      if (ce.code === 'card_removed' || ce.code === 'reader_unplugged') this.cards.delete(reader);
      return this.failure(ce, reader);
    }
  }

  private failure(e: ChipError, reader: string | null): ChipReadEvent {
    this.log.warn({ reader, code: e.code, err: e.message }, 'chip read failed');
    return { source: 'chip', reader, at: Date.now(), result: { ok: false, error: { code: e.code, message: e.messageVi, messageEn: e.message, fallbackToQr: e.fallbackToQr } } };
  }

  private finish(p: Pending, e: ChipReadEvent): void {
    if (p.timer) clearTimeout(p.timer);
    if (this.pending === p) this.pending = null;
    p.resolve(e);
    this.events.emit('read', e, (err) => this.log.error({ err }, 'read listener failed'));
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.cancel();
    try {
      this.devices?.stop();
    } catch {
      // already stopped
    }
    this.devices = null;
    this.events.clear();
    return Promise.resolve();
  }
}
