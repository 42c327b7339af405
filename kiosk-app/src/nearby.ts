/**
 * Nearby wards with shorter waits for the same service ("phi địa giới": any ward accepts the
 * dossier), from the city server through the hub (`city:nearby`, wired in Kiosk.tsx). Without a
 * city, or when it does not answer, this returns nothing and the kiosk does not show the list.
 */
import type { LocalizedText } from '@motcua/shared';

export interface NearbyWard {
  hubId: string;
  name: LocalizedText;
  address: string;
  estimatedWaitMin: number;
  /** Straight-line distance, when the city server knows both centres' positions. */
  distanceKm: number | null;
  /** The city's booking page for that ward (shown as a QR); null: no online booking there, no link shown. */
  bookingUrl: string | null;
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
