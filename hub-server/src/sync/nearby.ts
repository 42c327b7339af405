/**
 * Asks the city server which nearby wards have a shorter wait for a field, for the kiosk's "honest
 * wait" screen. Bounded in time: a slow or absent city never holds a citizen at the kiosk.
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
