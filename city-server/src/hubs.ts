/**
 * Hub registration and key management. A key is shown once, when created; the city keeps it to
 * verify signatures (HMAC needs the secret on both sides), sealed under the city's secrets key
 * (secrets.ts) so that the database alone does not reveal it. Rotation: add a key, move the hub to
 * it, revoke the old one.
 */
import type { Pool } from 'pg';
import { inTransaction } from './db/client';
import { z } from 'zod';
import { HubIdSchema } from '@motcua/shared';
import { generateKey, SecretBox, SecretsKeyError, type KeyBinding } from './secrets';

export const HubRegistration = z.object({
  hubId: HubIdSchema,
  name: z.object({ vi: z.string().min(1).max(200), en: z.string().min(1).max(200) }),
  address: z.string().max(300).default(''),
  district: z.string().max(100).nullable().default(null),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lon: z.number().min(-180).max(180).nullable().default(null),
  /** Use this key instead of a generated one (demo wiring, migration from another city server). */
  key: z.string().min(32).max(256).optional(),
  keyId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
});
export type HubRegistrationInput = z.input<typeof HubRegistration>;

export interface HubKey {
  hubId: string;
  keyId: string;
  /** The secret: give it to the hub (config `city.key`); it is not shown again. */
  key: string;
}

export interface HubInfo {
  hubId: string;
  name: { vi: string; en: string };
  address: string;
  district: string | null;
  lat: number | null;
  lon: number | null;
  active: boolean;
  highWater: number;
  hubLastSeq: number;
  eventsTotal: number;
  lastSeenAt: string | null;
  keys: { keyId: string; createdAt: string; revokedAt: string | null }[];
}

export class HubAdminError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export class HubRepo {
  /** `box` null: keys are stored in clear (a city started without a secrets key). */
  constructor(
    private readonly pool: Pool,
    private readonly box: SecretBox | null = null,
    private readonly onSealError?: (e: SecretsKeyError) => void,
  ) {}

  private seal(key: string, binding: KeyBinding): string {
    return this.box ? this.box.seal(key, binding) : key;
  }

  private open(stored: string, binding: KeyBinding): string {
    if (this.box) return this.box.open(stored, binding);
    if (SecretBox.isSealed(stored)) throw new SecretsKeyError('hub keys in the database are sealed: start the city with its CITY_SECRETS_KEY');
    return stored;
  }

  /**
   * Seals keys stored in clear (written before sealing, or by a city without a secrets key) and
   * re-seals keys sealed before they were bound to their hub (`v1.`); returns how many.
   */
  async sealStoredKeys(): Promise<number> {
    if (!this.box) return 0;
    const rows = await this.pool.query<{ hub_id: string; key_id: string; secret: string }>("SELECT hub_id, key_id, secret FROM city_hub_keys WHERE secret NOT LIKE 'v2.%'");
    let sealed = 0;
    for (const r of rows.rows) {
      const binding = { hubId: r.hub_id, keyId: r.key_id };
      let plain: string;
      try {
        plain = this.open(r.secret, binding);
      } catch (e) {
        // Sealed under another secrets key: left as it is (its hub is refused until the right key is back).
        if (e instanceof SecretsKeyError) {
          this.onSealError?.(e);
          continue;
        }
        throw e;
      }
      await this.pool.query('UPDATE city_hub_keys SET secret = $3 WHERE hub_id = $1 AND key_id = $2 AND secret = $4', [r.hub_id, r.key_id, this.seal(plain, binding), r.secret]);
      sealed++;
    }
    return sealed;
  }

  /** Registers a hub (or updates its name and place) and returns a key for it. */
  async register(input: HubRegistrationInput): Promise<HubKey> {
    const r = HubRegistration.parse(input);
    return inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO city_hubs (hub_id, name_vi, name_en, address, district, lat, lon) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (hub_id) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, address = EXCLUDED.address,
           district = EXCLUDED.district, lat = EXCLUDED.lat, lon = EXCLUDED.lon, active = TRUE`,
        [r.hubId, r.name.vi, r.name.en, r.address, r.district, r.lat, r.lon],
      );
      const keyId = r.keyId ?? (await this.nextKeyId(client, r.hubId));
      const key = r.key ?? generateKey();
      const existing = await client.query<{ secret: string }>('SELECT secret FROM city_hub_keys WHERE hub_id = $1 AND key_id = $2', [r.hubId, keyId]);
      if (existing.rows[0]) {
        if (this.open(existing.rows[0].secret, { hubId: r.hubId, keyId }) !== key) throw new HubAdminError('conflict', `hub ${r.hubId} already has a different key ${keyId}; add a new key instead`);
      } else {
        await client.query('INSERT INTO city_hub_keys (hub_id, key_id, secret) VALUES ($1, $2, $3)', [r.hubId, keyId, this.seal(key, { hubId: r.hubId, keyId })]);
      }
      return { hubId: r.hubId, keyId, key };
    });
  }

  /** A new key for a registered hub; earlier keys stay valid until revoked. */
  addKey(hubId: string): Promise<HubKey> {
    return inTransaction(this.pool, async (client) => {
      const hub = await client.query('SELECT 1 FROM city_hubs WHERE hub_id = $1 FOR UPDATE', [hubId]);
      if (!hub.rowCount) throw new HubAdminError('not_found', `hub ${hubId} is not registered`);
      const keyId = await this.nextKeyId(client, hubId);
      const key = generateKey();
      await client.query('INSERT INTO city_hub_keys (hub_id, key_id, secret) VALUES ($1, $2, $3)', [hubId, keyId, this.seal(key, { hubId, keyId })]);
      return { hubId, keyId, key };
    });
  }

  async revokeKey(hubId: string, keyId: string): Promise<void> {
    const r = await this.pool.query('UPDATE city_hub_keys SET revoked_at = now() WHERE hub_id = $1 AND key_id = $2 AND revoked_at IS NULL', [hubId, keyId]);
    if (!r.rowCount) throw new HubAdminError('not_found', `no active key ${keyId} for hub ${hubId}`);
  }

  /** Stops accepting the hub's batches (its data stays); registering it again reactivates it. */
  async deactivate(hubId: string): Promise<void> {
    const r = await this.pool.query('UPDATE city_hubs SET active = FALSE WHERE hub_id = $1', [hubId]);
    if (!r.rowCount) throw new HubAdminError('not_found', `hub ${hubId} is not registered`);
  }

  /** The secret of an active key of an active hub, or why there is none. */
  async secret(hubId: string, keyId: string): Promise<{ ok: true; secret: string } | { ok: false; reason: 'unknown_hub' | 'unknown_key' }> {
    const r = await this.pool.query<{ active: boolean; secret: string | null; revoked_at: Date | null }>(
      'SELECT h.active, k.secret, k.revoked_at FROM city_hubs h LEFT JOIN city_hub_keys k ON k.hub_id = h.hub_id AND k.key_id = $2 WHERE h.hub_id = $1',
      [hubId, keyId],
    );
    const row = r.rows[0];
    if (!row || !row.active) return { ok: false, reason: 'unknown_hub' };
    if (!row.secret || row.revoked_at) return { ok: false, reason: 'unknown_key' };
    try {
      return { ok: true, secret: this.open(row.secret, { hubId, keyId }) };
    } catch (e) {
      // Sealed for another hub or key id (a row copied in the database), or under another secrets
      // key: no request can be verified with it. Refused as an unknown key; the log says why.
      if (e instanceof SecretsKeyError) {
        this.onSealError?.(e);
        return { ok: false, reason: 'unknown_key' };
      }
      throw e;
    }
  }

  async list(): Promise<HubInfo[]> {
    const hubs = await this.pool.query<Record<string, unknown>>('SELECT * FROM city_hubs ORDER BY hub_id');
    const keys = await this.pool.query<{ hub_id: string; key_id: string; created_at: Date; revoked_at: Date | null }>('SELECT hub_id, key_id, created_at, revoked_at FROM city_hub_keys ORDER BY hub_id, created_at');
    return hubs.rows.map((h) => ({
      hubId: h.hub_id as string,
      name: { vi: h.name_vi as string, en: h.name_en as string },
      address: h.address as string,
      district: (h.district as string | null) ?? null,
      lat: (h.lat as number | null) ?? null,
      lon: (h.lon as number | null) ?? null,
      active: h.active as boolean,
      highWater: Number(h.high_water),
      hubLastSeq: Number(h.hub_last_seq),
      eventsTotal: Number(h.events_total),
      lastSeenAt: h.last_seen_at ? (h.last_seen_at as Date).toISOString() : null,
      keys: keys.rows.filter((k) => k.hub_id === h.hub_id).map((k) => ({ keyId: k.key_id, createdAt: k.created_at.toISOString(), revokedAt: k.revoked_at ? k.revoked_at.toISOString() : null })),
    }));
  }

  private async nextKeyId(client: { query: Pool['query'] }, hubId: string): Promise<string> {
    const r = await client.query<{ n: string }>("SELECT count(*) AS n FROM city_hub_keys WHERE hub_id = $1", [hubId]);
    return `k${Number(r.rows[0]?.n ?? 0) + 1}`;
  }
}
