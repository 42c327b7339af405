import type { Logger } from 'pino';
import { Emitter } from '../emitter';
import { componentLogger } from '../logger';
import type { HealthReport } from '../peripheral';
import { createWedgeCollector, parseCccdQr, type WedgeCollector } from './cccd';
import type { IdScanner, ScanEvent } from './types';

/**
 * Keyboard-wedge fallback: an Electron main feeds it the key events it sees (e.g. from
 * `before-input-event`) and gets the same `IdScanner` events as from a serial scanner. Vietnamese
 * letters are unreliable through a keyboard layout, so scans are parsed in wedge mode
 * (`textReliable: false`). Health is always `ready`: there is no link to lose.
 */
export class WedgeScanner implements IdScanner {
  readonly name: string;
  private readonly events = new Emitter<{ scan: ScanEvent; health: HealthReport }>();
  private readonly collector: WedgeCollector;
  private readonly log: Logger;

  constructor(opts: { name?: string; maxGapMs?: number; minLength?: number; logger?: Logger } = {}) {
    this.name = opts.name ?? 'scanner';
    this.collector = createWedgeCollector({ maxGapMs: opts.maxGapMs, minLength: opts.minLength });
    this.log = componentLogger('driver:scanner', opts.logger).child({ scanner: this.name, mode: 'wedge' });
  }

  async start(): Promise<void> {}

  /** Feed one key (KeyboardEvent.key) with its timestamp. */
  key(key: string, atMs: number): void {
    const text = this.collector.key(key, atMs);
    if (text === null) return;
    const scan: ScanEvent = { raw: text, cccd: parseCccdQr(text, { wedge: true }), source: 'wedge', at: atMs };
    this.log.info({ ok: scan.cccd.ok }, 'wedge scan');
    this.events.emit('scan', scan, (e) => this.log.error({ err: e }, 'scan listener failed'));
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    return this.events.on('scan', listener);
  }

  onHealth(listener: (h: HealthReport) => void): () => void {
    return this.events.on('health', listener);
  }

  health(): HealthReport {
    return { health: 'ready', detail: 'keyboard wedge', at: Date.now() };
  }

  close(): Promise<void> {
    this.events.clear();
    return Promise.resolve();
  }
}
