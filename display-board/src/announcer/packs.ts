/** Loads a voice pack's manifest from its folder; a missing or invalid pack means speech fallback. */
import { VoicePackManifest, type VoicePack } from '@motcua/shared';

export type PackResult = { ok: true; pack: VoicePack } | { ok: false; error: string };

export async function loadVoicePack(baseUrl: string, fetcher: typeof fetch = fetch): Promise<PackResult> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  try {
    const r = await fetcher(`${base}manifest.json`, { cache: 'no-cache' });
    if (!r.ok) return { ok: false, error: `${base}manifest.json: HTTP ${r.status}` };
    const parsed = VoicePackManifest.safeParse(await r.json());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: `${base}manifest.json: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}` };
    }
    return { ok: true, pack: { manifest: parsed.data, baseUrl: base } };
  } catch (e) {
    return { ok: false, error: `${base}manifest.json: ${e instanceof Error ? e.message : String(e)}` };
  }
}
