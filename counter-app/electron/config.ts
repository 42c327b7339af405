/**
 * The counter shell's configuration: one JSON file per counter PC (`--config <path>`,
 * MOTCUA_COUNTER_CONFIG, or `counter-shell.json` in Electron's userData folder).
 *
 * ```json
 * { "hubUrl": "https://192.168.1.10:8443",
 *   "hubCaFile": "/etc/motcua/ward-ca.crt",
 *   "kiosk": false,
 *   "ratingWindow": "auto",
 *   "agent": { "pairingCode": "123456", "name": "Quầy 3",
 *              "keypads": [{ "transport": { "type": "serial", "path": "/dev/ttyUSB0" } }],
 *              "leds": [{ "transport": { "type": "serial", "path": "/dev/ttyUSB1" }, "protocol": "addressed", "counters": { "3": 3 } }],
 *              "ratingPads": [] } }
 * ```
 * The agent is paired once with a code from the manager app (kind "agent", bound to this counter);
 * the shell then stores the device token in the file in place of the code.
 *
 * The hub must be https:// with its ward CA pinned (`hubCaFile`: the shell, its pairing and its
 * agent trust that CA and nothing else). A plain http:// hub is refused unless `allowInsecureHub`
 * is set — for a lab or the demo on one PC, never a ward: the clerk's password would cross the LAN
 * in clear.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DevicesConfig, HubCaFile, requireHubCa } from '@motcua/drivers';

export const AgentSection = DevicesConfig.extend({
  /** Device token from an earlier pairing. */
  deviceToken: z.string().min(1).max(200).optional(),
  /** One-time 6-digit code from the manager app; exchanged for a token on first start. */
  pairingCode: z.string().regex(/^\d{6}$/).optional(),
  /** The name the manager sees for this agent. */
  name: z.string().min(1).max(120).default('Quầy (máy tính cán bộ)'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type AgentSection = z.infer<typeof AgentSection>;

export const CounterShellConfig = z
  .object({
    /** The ward hub; the shell shows `<hubUrl>/counter/` and nothing else. */
    hubUrl: z
      .string()
      .url()
      .refine((u) => /^https?:$/.test(new URL(u).protocol), 'http(s) only'),
    /** The ward CA certificate (PEM file) the hub's certificate must come from. */
    hubCaFile: HubCaFile,
    /** Accept an http:// hub (a lab, the demo): passwords and tokens then cross the network in clear. */
    allowInsecureHub: z.boolean().default(false),
    /** Full screen without frame, menu or devtools. Off by default: a clerk's PC is a normal desktop. */
    kiosk: z.boolean().default(false),
    /**
     * Where the citizen-facing rating view goes: "auto" = full screen on a second display when there
     * is one; "off" = never (a tablet or the rating pad is used); a number = that display's index.
     */
    ratingWindow: z.union([z.literal('auto'), z.literal('off'), z.number().int().min(0)]).default('auto'),
    agent: AgentSection.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.hubUrl.startsWith('http:') && !c.allowInsecureHub) ctx.addIssue({ code: 'custom', message: 'https only: an http:// hub sends the clerk\'s password in clear (set "allowInsecureHub": true only for a lab)', path: ['hubUrl'] });
    requireHubCa(c, ctx);
  });
export type CounterShellConfig = z.infer<typeof CounterShellConfig>;
export type CounterShellConfigInput = z.input<typeof CounterShellConfig>;

export class ConfigError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the file; the error names the field that is wrong. */
export function loadShellConfig(path: string): CounterShellConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(path, `cannot read the configuration (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = CounterShellConfig.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ConfigError(path, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

/** Replaces the pairing code with the token it was exchanged for, atomically (write + rename). */
export function storeDeviceToken(path: string, token: string): void {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { agent?: Record<string, unknown> };
  const agent: Record<string, unknown> = { ...(raw.agent ?? {}), deviceToken: token };
  delete agent.pairingCode;
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ ...raw, agent }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Which config file: `--config <path>` / `--config=<path>`, then MOTCUA_COUNTER_CONFIG, then userData. */
export function configPath(argv: readonly string[], env: Record<string, string | undefined>, userData: string): string {
  const i = argv.indexOf('--config');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  const eq = argv.find((a) => a.startsWith('--config='));
  if (eq) return eq.slice('--config='.length);
  return env.MOTCUA_COUNTER_CONFIG ?? `${userData}/counter-shell.json`;
}

export function counterUrls(hubUrl: string): { app: string; rating: string } {
  const base = new URL('/counter/', hubUrl).href;
  return { app: base, rating: `${base}#/rating` };
}

export interface DisplayLike {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/** The display for the rating window, or null (one screen only, or turned off). */
export function pickRatingDisplay(all: readonly DisplayLike[], primary: DisplayLike, choice: CounterShellConfig['ratingWindow']): DisplayLike | null {
  if (choice === 'off') return null;
  if (typeof choice === 'number') return all[choice] && all[choice].id !== primary.id ? all[choice] : null;
  return all.find((d) => d.id !== primary.id) ?? null;
}
