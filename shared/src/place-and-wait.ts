/**
 * "Your place and your wait": the one model every surface shows a citizen (kiosk tiles, confirm
 * screen, screen ticket, printed ticket, status page, display tiles) and its one wording.
 *
 * The hub's wait prediction (hub-server/src/dispatch/predict.ts) gives a `WaitForecast` for a
 * ticket: the people who will be called before it to a counter that could serve it (skills,
 * priority and appointments included), and the spread of its wait over sampled futures.
 * `placeAndWait` turns that into what is said, by these rules:
 *
 * - never "0 phút": "sắp đến lượt" only when nobody is ahead and a counter takes the ticket within
 *   two minutes; "dưới N phút" only when the high end of the range is at most N;
 * - otherwise a range in five-minute steps ("15–25 phút") that contains the forecast's range (the hub's
 *   20th–90th percentiles of its sampled futures);
 * - beyond the forecast horizon, "hơn N phút" with N the horizon, and a booking is offered; when
 *   the figure is the dispatch policy's tail limit (deep overload), it is not an estimate at all:
 *   "hơn N phút" with N the low end of the forecast before that limit, at least the target (true:
 *   the ticket would start after its deadline) and at most the horizon;
 * - a booking ("Hẹn giờ khác") is offered only when this ticket's own wait goes past the target:
 *   a priority ticket's figures are its own (the hub predicts them for that priority), not the line's.
 *
 * Pure; minutes in, words out (Vietnamese first, English second, from the shared catalogue).
 */
import { t, type Lang } from './i18n/index';
import type { LocalizedText } from './domain';

/** What the prediction says about one ticket (minutes from now). */
export interface WaitForecast {
  peopleAhead: number;
  lowMin: number;
  midMin: number;
  highMin: number;
  /**
   * The median and high end are the policy's tail limit (deep overload), not a forecast; `lowMin` is
   * then the low end of the forecast before that limit.
   */
  capped: boolean;
}

/** The wait as it is said. */
export type WaitFigure =
  /** Nobody ahead and a counter free within two minutes. */
  | { kind: 'soon' }
  /** "dưới N phút": the whole range is below N (5, 10, …). */
  | { kind: 'under'; min: number }
  /** "L–H phút", five-minute steps, L ≥ 5. */
  | { kind: 'range'; low: number; high: number }
  /** "hơn N phút": beyond the forecast horizon, or past the target under overload. */
  | { kind: 'over'; min: number };

export interface PlaceAndWait {
  peopleAhead: number;
  wait: WaitFigure;
  /** The wait goes past the centre's target: apologise and offer a booking. */
  long: boolean;
}

/** Forecasts further ahead than this are not given as a range (arrivals, breaks and staffing change too much). */
export const FORECAST_HORIZON_MIN = 60;
const STEP = 5;
/** "sắp đến lượt" at most this far off, in minutes. */
const SOON_MIN = 2;

const down = (m: number): number => Math.floor(m / STEP) * STEP;
const up = (m: number): number => Math.max(STEP, Math.ceil(m / STEP) * STEP);

/**
 * The place and wait a citizen is told, from the hub's forecast for their ticket. `untilSlotMin`:
 * for an appointment checked in before its slot, the minutes until the slot. Its wait is judged
 * against the target from the slot, as the centre promised it: the time before the slot is the
 * citizen's own early arrival, not a wait past the target to apologise for.
 */
export function placeAndWait(f: WaitForecast, targetMin: number, horizonMin: number = FORECAST_HORIZON_MIN, untilSlotMin = 0): PlaceAndWait {
  const early = Math.max(0, untilSlotMin);
  const peopleAhead = Math.max(0, Math.round(f.peopleAhead));
  const low = Math.max(0, Math.min(f.lowMin, f.midMin));
  const high = Math.max(f.highMin, f.midMin, low);
  // The tail limit is not an estimate: say only what the forecast before it supports (at least the target, at most the horizon).
  if (f.capped) return { peopleAhead, wait: { kind: 'over', min: Math.min(horizonMin, Math.max(targetMin, down(f.lowMin))) }, long: true };
  const long = f.midMin - early > targetMin;
  if (f.midMin > horizonMin) return { peopleAhead, wait: { kind: 'over', min: horizonMin }, long };
  if (peopleAhead === 0 && high <= SOON_MIN) return { peopleAhead, wait: { kind: 'soon' }, long };
  const hi = Math.min(up(high), up(horizonMin));
  const lo = down(low);
  if (lo < STEP) return { peopleAhead, wait: { kind: 'under', min: hi === 0 ? STEP : hi }, long };
  return { peopleAhead, wait: { kind: 'range', low: lo, high: Math.max(hi, lo + STEP) }, long };
}

/** The wait in words, in one language: "sắp đến lượt", "dưới 5 phút", "15–25 phút", "hơn 60 phút". */
export function formatWait(w: WaitFigure, lang: Lang): string {
  switch (w.kind) {
    case 'soon':
      return t(lang, 'waitSoon');
    case 'under':
      return t(lang, 'waitUnder', { min: w.min });
    case 'range':
      return t(lang, 'waitRange', { low: w.low, high: w.high });
    case 'over':
      return t(lang, 'waitOver', { min: w.min });
  }
}

/** The wait in both languages (print jobs carry it already worded). */
export function formatWaitBoth(w: WaitFigure): LocalizedText {
  return { vi: formatWait(w, 'vi'), en: formatWait(w, 'en') };
}

/** How much longer one figure says than another (for the widest of several lines). */
function reach(w: WaitFigure): number {
  switch (w.kind) {
    case 'soon':
      return 0;
    case 'under':
      return w.min - 0.5;
    case 'range':
      return w.high;
    case 'over':
      return 10_000 + w.min;
  }
}
function start(w: WaitFigure): number {
  return w.kind === 'soon' ? 0 : w.kind === 'under' ? 0 : w.kind === 'range' ? w.low : 10_000 + w.min;
}

/** Several lines (a field's services) as one tile: people ahead from the fewest to the most, the wait from the shortest to the longest. */
export interface PlaceSpan {
  aheadMin: number;
  aheadMax: number;
  wait: WaitFigure;
  long: boolean;
}

/** The span of several lines' place and wait, null for none. */
export function spanOf(places: readonly PlaceAndWait[]): PlaceSpan | null {
  if (places.length === 0) return null;
  const aheads = places.map((p) => p.peopleAhead);
  const first = places.reduce((a, b) => (start(b.wait) < start(a.wait) ? b : a));
  const last = places.reduce((a, b) => (reach(b.wait) > reach(a.wait) ? b : a));
  const long = places.some((p) => p.long);
  const aheadMin = Math.min(...aheads);
  const aheadMax = Math.max(...aheads);
  const a = first.wait;
  const b = last.wait;
  let wait: WaitFigure;
  if (b.kind === 'over') wait = b;
  else if (b.kind === 'soon' || a === b) wait = b;
  else if (b.kind === 'under') wait = b;
  else if (a.kind === 'range') wait = { kind: 'range', low: Math.min(a.low, b.low), high: b.high };
  else wait = { kind: 'under', min: b.high };
  return { aheadMin, aheadMax, wait, long };
}

/** "3" or "2–9". */
export function formatAhead(span: Pick<PlaceSpan, 'aheadMin' | 'aheadMax'>): string {
  return span.aheadMin === span.aheadMax ? String(span.aheadMin) : `${span.aheadMin}–${span.aheadMax}`;
}
