/**
 * Nearby wards with shorter waits for the same service ("phi địa giới": any ward accepts the
 * dossier). The city server will provide them; until it does (and until the hub relays them),
 * this returns nothing and the kiosk simply does not show the list. The UI already renders a
 * non-empty answer, so wiring the source is the only change needed.
 */
import type { LocalizedText } from '@motcua/shared';

export interface NearbyWard {
  hubId: string;
  name: LocalizedText;
  address: string;
  estimatedWaitMin: number;
  /** Straight-line distance, when the city server knows both centres' positions. */
  distanceKm: number | null;
}

export type NearbyWardsSource = (serviceCode: string, currentWaitMin: number) => Promise<NearbyWard[]>;

let source: NearbyWardsSource | null = null;

/** Called once a source exists (e.g. a hub command relaying the city server's answer). */
export function configureNearbyWards(s: NearbyWardsSource | null): void {
  source = s;
}

/** Wards whose wait for this service is shorter than here, shortest first; [] until configured. */
export async function nearbyWards(serviceCode: string, currentWaitMin: number): Promise<NearbyWard[]> {
  if (!source) return [];
  try {
    const all = await source(serviceCode, currentWaitMin);
    return all.filter((w) => w.estimatedWaitMin < currentWaitMin).sort((a, b) => a.estimatedWaitMin - b.estimatedWaitMin).slice(0, 3);
  } catch {
    return [];
  }
}
