/**
 * The clerk's keyboard: one key per action, by physical key (`KeyboardEvent.code`), so the map
 * works the same with Caps Lock, a Vietnamese input method or another layout. Pure, so the map and
 * its guards are tested without a browser.
 */
export type CounterAction = 'callNext' | 'callTicket' | 'walkIn' | 'recall' | 'start' | 'finish' | 'noShow' | 'transfer' | 'hold' | 'return' | 'pauseResume' | 'language';

export interface Shortcut {
  action: CounterAction;
  /** `KeyboardEvent.code` values. */
  codes: readonly string[];
  /** What the button shows, e.g. "F1 / Space". */
  hint: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'callNext', codes: ['F1', 'Space'], hint: 'F1 / Space' },
  { action: 'callTicket', codes: ['KeyC'], hint: 'C' },
  { action: 'walkIn', codes: ['KeyW'], hint: 'W' },
  { action: 'recall', codes: ['KeyR'], hint: 'R' },
  { action: 'start', codes: ['KeyS'], hint: 'S' },
  { action: 'finish', codes: ['KeyF'], hint: 'F' },
  { action: 'noShow', codes: ['KeyN'], hint: 'N' },
  { action: 'transfer', codes: ['KeyT'], hint: 'T' },
  { action: 'hold', codes: ['KeyH'], hint: 'H' },
  { action: 'return', codes: ['KeyU'], hint: 'U' },
  { action: 'pauseResume', codes: ['KeyP'], hint: 'P' },
  { action: 'language', codes: ['KeyL'], hint: 'L' },
];

const BY_CODE = new Map<string, CounterAction>(SHORTCUTS.flatMap((s) => s.codes.map((c) => [c, s.action] as const)));

export function hintFor(action: CounterAction): string {
  return SHORTCUTS.find((s) => s.action === action)?.hint ?? '';
}

export interface KeyLike {
  code: string;
  repeat: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

export interface KeyContext {
  /** Focus is in a text field, select or editable element: keys are typing. */
  typing: boolean;
  /** A focused button: Space and Enter press it, as everywhere else. */
  onButton: boolean;
  /** A dialog is open and handles its own keys. */
  dialogOpen: boolean;
}

/**
 * The action for a key press, or null. A held-down key (auto-repeat) never acts twice: calling
 * the next citizen must take one deliberate press.
 */
export function actionForKey(e: KeyLike, ctx: KeyContext): CounterAction | null {
  if (e.repeat || e.ctrlKey || e.altKey || e.metaKey) return null;
  if (ctx.typing || ctx.dialogOpen) return null;
  if (ctx.onButton && (e.code === 'Space' || e.code === 'Enter' || e.code === 'NumpadEnter')) return null;
  return BY_CODE.get(e.code) ?? null;
}

/** Reads the context of a key event from the DOM. */
export function keyContext(target: EventTarget | null, dialogOpen: boolean): KeyContext {
  const el = target instanceof HTMLElement ? target : null;
  const tag = el?.tagName ?? '';
  const typing = tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el?.isContentEditable === true;
  return { typing, onButton: tag === 'BUTTON', dialogOpen };
}

/** Digit keys 1–9 (top row or keypad) as a 0-based index, for picking from a numbered list. */
export function digitIndex(code: string): number | null {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(code);
  return m ? Number(m[1]) - 1 : null;
}

/**
 * "Call next" also finishes the citizen at the counter, so a double press would close the visit
 * that just started. A second call within this time after a successful one is ignored.
 */
export const CALL_REPEAT_GUARD_MS = 1500;

export function isAccidentalRepeat(lastCallAt: number | null, now: number, guardMs: number = CALL_REPEAT_GUARD_MS): boolean {
  return lastCallAt !== null && now - lastCallAt >= 0 && now - lastCallAt < guardMs;
}
