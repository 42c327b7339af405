/**
 * Retry delays for the sync uploader, pure: exponential growth capped at a maximum, with "equal
 * jitter" (half fixed, half random) so 168 hubs that lost the city together do not come back in
 * lockstep, yet none retries sooner than half its step.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Delay before retry number `failures` (1 = first retry); `random` in [0, 1). */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const n = Math.max(1, failures);
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
  return Math.round(step / 2 + random() * (step / 2));
}
