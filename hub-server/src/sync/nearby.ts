/**
 * Asks the city server which nearby wards have a shorter wait for a field, for the kiosk's "honest
 * wait" screen. Bounded in time: a slow or absent city never holds a citizen at the kiosk.
 * `NearbyCache` keeps each field's answer for a short while and shares one request among callers
 * asking at the same time, so kiosks tapping all day cost the city one request per field per TTL.
 */
import { fail, NearbyResponse, ok, type NearbyWard, type Result } from '@motcua/shared';

const TIMEOUT_MS = 2_000;

export async function fetchNearbyWards(cityUrl: string, hubId: string, fieldCode: string, fetchImpl: typeof fetch = fetch): Promise<Result<NearbyWard[]>> {
  const url = new URL('/api/nearby', cityUrl);
  url.searchParams.set('ward', hubId);
  url.searchParams.set('field', fieldCode);
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) return fail('service_unavailable', `city answered ${res.status}`);
    const body = (await res.json()) as { ok?: boolean; data?: unknown };
    const parsed = NearbyResponse.safeParse(body.data);
    if (!parsed.success) return fail('service_unavailable', `city answer not understood: ${parsed.error.issues[0]?.path.join('.') ?? '?'}`);
    return ok(parsed.data.wards);
  } catch (e) {
    return fail('service_unavailable', `city unreachable: ${(e as Error).message}`);
  }
}

/** How long a field's answer from the city is reused: the city's figures move by the minute. */
export const NEARBY_CACHE_MS = 30_000;
/** A failure is remembered briefly too: an unreachable city is not asked again on every tap. */
export const NEARBY_FAILURE_CACHE_MS = 5_000;

/** One answer per field code, reused for NEARBY_CACHE_MS (failures NEARBY_FAILURE_CACHE_MS); concurrent asks share one request. */
export class NearbyCache {
  private readonly entries = new Map<string, { until: number; answer: Promise<Result<NearbyWard[]>> }>();

  constructor(
    private readonly now: () => number,
    private readonly fetchField: (fieldCode: string) => Promise<Result<NearbyWard[]>>,
  ) {}

  get(fieldCode: string): Promise<Result<NearbyWard[]>> {
    const t = this.now();
    const hit = this.entries.get(fieldCode);
    if (hit && hit.until > t) return hit.answer;
    // Until the answer arrives the entry lives as long as a success would; settled, a failure shortens it.
    const entry = { until: t + NEARBY_CACHE_MS, answer: this.fetchField(fieldCode) };
    this.entries.set(fieldCode, entry);
    void entry.answer.then((r) => {
      if (!r.ok) entry.until = Math.min(entry.until, this.now() + NEARBY_FAILURE_CACHE_MS);
    });
    return entry.answer;
  }
}
