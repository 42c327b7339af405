/**
 * How long a citizen has waited, and how that compares with the centre's target: the rules are
 * shared's (queue-rules.ts); here, the hub's time as a counter estimates it. Pure: the caller passes
 * the hub's time, never the client clock (a counter PC's clock may be off; tests run the hub on an
 * injected clock).
 */
export { waitLevel, waitMinutes, waitStart, warnAtMin, type WaitLevel, type WaitTimes } from '@motcua/shared';

/**
 * The hub's time now, estimated from the last snapshot or delta: the hub's `now` then, plus the
 * client time elapsed since it arrived. Independent of the client clock's offset.
 */
export function estimateHubNow(hubNowAtUpdate: number, clientUpdatedAt: number, clientNow: number): number {
  return hubNowAtUpdate + Math.max(0, clientNow - clientUpdatedAt);
}
