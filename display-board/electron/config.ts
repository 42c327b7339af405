/**
 * The display shell's settings: which hub, which board (zone, fields, languages…) and which LED
 * boards its agent drives. Read from the JSON file named by MOTCUA_DISPLAY_CONFIG, else
 * `display.json` in Electron's userData folder (Linux: ~/.config/MotCua Display/, Windows:
 * %APPDATA%\MotCua Display\). `display.example.json` beside this file shows every field.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { AgentConfig, HubCaFile, requireHubCa, type AgentConfigInput } from '@motcua/drivers';

export const DisplayShellConfig = z.object({
  /** The ward hub, e.g. http://192.168.1.10:8080 (its origin is the only one the window may show). */
  hubUrl: z.string().url(),
  /** The ward CA certificate (PEM file) for an https:// hub: the only CA the shell and its agent trust. */
  hubCaFile: HubCaFile,
  /** The board's path on the hub. */
  appPath: z.string().startsWith('/').default('/display/'),
  /** The board's URL parameters (see display-board/src/config.ts): zone, fields, lang, ticker… */
  board: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** Full-screen kiosk mode without devtools; false for a technician's windowed session. */
  kiosk: z.boolean().default(true),
  /** Window size when not in kiosk mode (a TV in kiosk mode uses the whole screen). */
  width: z.number().int().min(320).max(7680).default(1920),
  height: z.number().int().min(320).max(7680).default(1080),
  /** How often to try the hub again while it is unreachable. */
  retryMs: z.number().int().min(500).max(60_000).default(3000),
  /**
   * The device agent in this process, driving the main LED board and the counters' digit
   * displays from the hub's `led:show` pushes; paired as an agent. Same shape as motcua-agent's
   * config without hubUrl (the shell's is used). Leave out when there are no LED boards.
   */
  agent: z.record(z.string(), z.unknown()).optional(),
}).superRefine(requireHubCa);
export type DisplayShellConfig = z.infer<typeof DisplayShellConfig>;

export class DisplayConfigError extends Error {}

export function configPath(env: NodeJS.ProcessEnv, userDataDir: string): string {
  return env.MOTCUA_DISPLAY_CONFIG ?? join(userDataDir, 'display.json');
}

function issueText(e: z.ZodError): string {
  const issue = e.issues[0];
  return `"${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}`;
}

/** Parses the file's text; a bad file names the field that is wrong. */
export function parseDisplayConfig(text: string, path: string): DisplayShellConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DisplayConfigError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const r = DisplayShellConfig.safeParse(raw);
  if (!r.success) throw new DisplayConfigError(`${path}: ${issueText(r.error)}`);
  return r.data;
}

/** The board's URL on the hub, with its parameters; a token never goes in the URL here (the agent has its own). */
export function appUrl(c: DisplayShellConfig): string {
  const url = new URL(c.appPath, c.hubUrl);
  for (const [k, v] of Object.entries(c.board)) if (k !== 'token') url.searchParams.set(k, String(v));
  return url.href;
}

/** The agent's full config: the shell's hub URL plus the agent section. Throws if it is invalid. */
export function agentConfig(c: DisplayShellConfig): AgentConfig | null {
  if (!c.agent) return null;
  const r = AgentConfig.safeParse({ ...(c.agent as AgentConfigInput), hubUrl: new URL(c.hubUrl).origin, ...(c.hubCaFile ? { hubCaFile: c.hubCaFile } : {}) });
  if (!r.success) throw new DisplayConfigError(`agent: ${issueText(r.error)}`);
  return r.data;
}
