/**
 * The kiosk shell's own settings: which hub to show and what devices its agent drives. Read from
 * the JSON file named by MOTCUA_KIOSK_CONFIG, else `kiosk.json` in Electron's userData folder
 * (Linux: ~/.config/MotCua Kiosk/, Windows: %APPDATA%\MotCua Kiosk\). `kiosk.example.json`
 * beside this file shows every field.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { AgentConfig, HubCaFile, requireHubCa, type AgentConfigInput } from '@motcua/drivers';

export const KioskShellConfig = z.object({
  /** The ward hub, e.g. http://192.168.1.10:8080 (its origin is the only one the window may show). */
  hubUrl: z.string().url(),
  /** The ward CA certificate (PEM file) for an https:// hub: the only CA the shell and its agent trust. */
  hubCaFile: HubCaFile,
  /** The kiosk app's path on the hub. */
  appPath: z.string().startsWith('/').default('/kiosk/'),
  /** Full-screen kiosk mode without devtools; false for a technician's windowed session. */
  kiosk: z.boolean().default(true),
  /** How often to try the hub again while it is unreachable. */
  retryMs: z.number().int().min(500).max(60_000).default(3000),
  /**
   * The device agent in this process (printer, scanner), paired as an agent bound to this kiosk.
   * Same shape as motcua-agent's config without hubUrl (the shell's is used). Leave out when the
   * standalone motcua-agent drives the devices or the kiosk has none.
   */
  agent: z.record(z.string(), z.unknown()).optional(),
}).superRefine(requireHubCa);
export type KioskShellConfig = z.infer<typeof KioskShellConfig>;

export class KioskConfigError extends Error {}

export function configPath(env: NodeJS.ProcessEnv, userDataDir: string): string {
  return env.MOTCUA_KIOSK_CONFIG ?? join(userDataDir, 'kiosk.json');
}

/** Parses the file's text; a bad file names the field that is wrong. */
export function parseKioskConfig(text: string, path: string): KioskShellConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new KioskConfigError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const r = KioskShellConfig.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new KioskConfigError(`${path}: "${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}`);
  }
  return r.data;
}

/** The app's URL on the hub. */
export function appUrl(c: KioskShellConfig): string {
  return new URL(c.appPath, c.hubUrl).href;
}

/** The agent's full config: the shell's hub URL plus the agent section. Throws if it is invalid. */
export function agentConfig(c: KioskShellConfig): AgentConfig | null {
  if (!c.agent) return null;
  const r = AgentConfig.safeParse({ ...(c.agent as AgentConfigInput), hubUrl: new URL(c.hubUrl).origin, ...(c.hubCaFile ? { hubCaFile: c.hubCaFile } : {}) });
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new KioskConfigError(`agent: "${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}`);
  }
  return r.data;
}
