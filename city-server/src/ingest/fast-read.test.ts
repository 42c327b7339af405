/**
 * The fast path of reading a batch (fast-read.ts) against the shared schemas it stands in for:
 * wherever it answers, the schema accepts the same input and returns an equal value; wherever the
 * schema accepts an input without keys it would strip, the fast path answers (so it is really
 * used). Generated inputs: valid batches and events, each field sometimes replaced by a near miss
 * (wrong type, out of range, an impossible day, a string one character too long, an unknown state),
 * keys dropped or added, foreign event types.
 *
 * Bugs these catch (each seen failing once by breaking fast-read.ts on purpose): the day checked
 * by its pattern only (`isDay` without `isCalendarDay`: "2026-02-30" accepted), the seq order not
 * checked (`seq <= prev` removed), a payload with a key the schema strips accepted as is, a
 * transition's `to` state not checked.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HubEvent, readSyncEvent, SyncBatch, SyncEventRow, type SyncEventRow as Row } from '@motcua/shared';
import { TEST_CATALOG } from '../../test/events';
import { BATCH_KEYS, FAST_TYPES, fastReadSyncEvent, fastSyncBatch, parseSyncBatch, readSyncEventFast, ROW_KEYS } from './fast-read';

/** A valid value most of the time, else one of the near misses. */
const nearly = <T,>(valid: fc.Arbitrary<T>, ...misses: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: fc.constantFrom(...misses), weight: 1 });

const WEIRD = [null, undefined, 'x', '', 1.5, -1, 0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, true, [], {}];
const str = (max: number) => nearly(fc.string({ maxLength: max }), ...WEIRD, 'y'.repeat(max + 1));
const strOrNull = (max: number) => nearly(fc.option(fc.string({ maxLength: max }), { nil: null }), ...WEIRD, 'y'.repeat(max + 1));
const num = nearly(fc.double({ noNaN: true, noDefaultInfinity: true }), ...WEIRD);
const numOrNull = nearly(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), ...WEIRD);
const state = nearly(fc.constantFrom('waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled'), ...WEIRD, 'Waiting', 'served');
const day = nearly(fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), ...WEIRD, '2026-02-30', '2026-13-01', '2026-2-03', '1899-12-31', '2026-12-04T00:00');

const transition = { number: str(10), from: state, to: state, counterId: strOrNull(10), serviceId: str(10) };
const PAYLOADS: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  'ticket.issued': {
    number: str(10),
    serviceId: str(10),
    procedureId: strOrNull(10),
    channel: nearly(fc.constantFrom('kiosk', 'appointment', 'remote', 'walk_in'), ...WEIRD, 'web'),
    priorityGroup: nearly(fc.constantFrom(null, 'elderly', 'disabled', 'pregnant', 'merit', 'child'), ...WEIRD, 'veteran'),
    queuedAt: num,
    slotAt: numOrNull,
    predictedWaitMin: numOrNull,
    peopleAhead: numOrNull,
  },
  'ticket.called': { ...transition, reason: str(20) },
  'ticket.finished': transition,
  'ticket.no_show': transition,
  'ticket.recalled': transition,
  'ticket.rated': { ...transition, score: num, reason: strOrNull(20) },
  'counter.opened': { counterId: str(10), reason: strOrNull(10) },
  'counter.closed': { counterId: str(10), reason: strOrNull(10) },
};

/** An object of these fields, sometimes with one dropped or one added. */
function record(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(fields);
  return fc
    .tuple(fc.record(fields), fc.nat(40), fc.constantFrom('extra', 'newerHubField', 'number'), fc.anything({ maxDepth: 1 }))
    .map(([o, change, extraKey, extraValue]) => {
      const r: Record<string, unknown> = { ...o };
      if (change === 0) delete r[keys[change % keys.length] as string];
      else if (change === 1) delete r[keys[keys.length - 1] as string];
      else if (change === 2) r[extraKey] = extraValue;
      return r;
    });
}

const typeArb = nearly(fc.constantFrom(...Object.keys(PAYLOADS), 'ticket.started', 'device.online', 'newer.hub_type'), ...WEIRD, 'x'.repeat(65));
const eventRow: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(...Object.keys(PAYLOADS)).chain((type) =>
  record({
    seq: nearly(fc.integer({ min: 1, max: 1e9 }), ...WEIRD),
    at: nearly(fc.integer({ min: 0, max: 4e12 }), ...WEIRD),
    day,
    type: fc.oneof({ arbitrary: fc.constant(type), weight: 8 }, { arbitrary: typeArb, weight: 1 }),
    actor: strOrNull(200),
    ticketId: type.startsWith('ticket.') ? nearly(fc.string({ minLength: 1, maxLength: 64 }), ...WEIRD, 'y'.repeat(65)) : nearly(fc.constant(null), ...WEIRD),
    payload: fc.oneof({ arbitrary: record(PAYLOADS[type] as Record<string, fc.Arbitrary<unknown>>), weight: 10 }, { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 }),
  }),
);

/** What the ingest reads is always JSON.parse's output (no undefined, NaN or Infinity). */
const viaJson = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The keys of every object the schema returned equal the input's: nothing stripped. */
function nothingStripped(input: unknown, output: unknown): boolean {
  if (typeof output !== 'object' || output === null) return true;
  if (typeof input !== 'object' || input === null) return false;
  if (Object.keys(input).length !== Object.keys(output).length) return false;
  return Object.entries(output).every(([k, v]) => nothingStripped((input as Record<string, unknown>)[k], v));
}

describe('fast read of events (readSyncEvent)', () => {
  it('answers only what the schema answers, and answers every hot event the schema accepts whole', () => {
    let fastAnswers = 0;
    fc.assert(
      fc.property(eventRow.map(viaJson), (row) => {
        const full = readSyncEvent(row as Row);
        const fast = fastReadSyncEvent(row as Row);
        if (fast) {
          fastAnswers++;
          expect(full.ok).toBe(true);
          expect(fast).toStrictEqual(full.ok ? full.event : null);
        } else if (full.ok && FAST_TYPES.has(row.type as string)) {
          // The schema accepted a hot event: the fast path may decline only if the schema stripped a key.
          expect(nothingStripped(row.payload, full.event.payload)).toBe(false);
        }
        expect(readSyncEventFast(row as Row)).toStrictEqual(full);
      }),
      { numRuns: 3000 },
    );
    expect(fastAnswers).toBeGreaterThan(600);
  }, 120_000);

  it('reads exactly the keys and ticket ids of the schema for each type it reads', () => {
    for (const [type, check] of FAST_TYPES) {
      const option = HubEvent.options.find((o) => o.shape.type.value === type);
      expect(option, type).toBeDefined();
      expect([...check.keys].sort(), type).toEqual(Object.keys(option?.shape.payload.shape ?? {}).sort());
      expect(option?.shape.ticketId.safeParse(null).success, type).toBe(!check.ticket);
    }
    expect([...ROW_KEYS].sort()).toEqual(Object.keys(SyncEventRow.shape).sort());
    expect([...BATCH_KEYS, 'catalog', 'centre'].sort()).toEqual(Object.keys(SyncBatch.shape).sort());
  });
});

describe('fast read of batches (SyncBatch)', () => {
  const batch = record({
    v: nearly(fc.constant(1), ...WEIRD, 2, '1'),
    hubId: nearly(fc.stringMatching(/^[a-z0-9-]{3,64}$/), ...WEIRD, 'Ward-1', 'ab', 'w'.repeat(65)),
    afterSeq: nearly(fc.integer({ min: 0, max: 100 }), ...WEIRD),
    hubLastSeq: nearly(fc.integer({ min: 0, max: 1e6 }), ...WEIRD),
    // Seqs mostly increasing from afterSeq (a sorted set), sometimes not.
    events: fc.oneof(
      { arbitrary: fc.array(eventRow, { minLength: 1, maxLength: 6 }).chain((rows) => fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: rows.length, maxLength: rows.length }).map((seqs) => rows.map((r, i) => ('seq' in r && typeof r.seq === 'number' ? { ...r, seq: [...seqs].sort((a, b) => a - b)[i] } : r)))), weight: 6 },
      { arbitrary: fc.array(eventRow, { maxLength: 4 }), weight: 2 },
      { arbitrary: fc.constantFrom(...WEIRD), weight: 1 },
    ),
  }).chain((b) =>
    fc.constantFrom('none', 'catalog', 'badCatalog', 'centre', 'badCentre').map((extra) => {
      if (extra === 'catalog') return { ...b, catalog: TEST_CATALOG };
      if (extra === 'badCatalog') return { ...b, catalog: { fields: 'x' } };
      if (extra === 'centre') return { ...b, centre: { name: { vi: 'Phường 1', en: 'Ward 1' }, address: '1 Lê Lợi' } };
      if (extra === 'badCentre') return { ...b, centre: { name: 'Phường 1' } };
      return b;
    }),
  );

  it('answers only what the schema answers, and answers every batch the schema accepts whole', () => {
    let fastAnswers = 0;
    fc.assert(
      fc.property(batch.map(viaJson), (b) => {
        const full = SyncBatch.safeParse(b);
        const fast = fastSyncBatch(b);
        if (fast) {
          fastAnswers++;
          expect(full.success).toBe(true);
          expect(fast).toStrictEqual(full.data);
        } else if (full.success) {
          expect(nothingStripped(b, full.data)).toBe(false);
        }
        const both = parseSyncBatch(b);
        expect(both.success).toBe(full.success);
        if (both.success) expect(both.data).toStrictEqual(full.data);
      }),
      { numRuns: 1500 },
    );
    expect(fastAnswers).toBeGreaterThan(30);
  }, 120_000);
});
