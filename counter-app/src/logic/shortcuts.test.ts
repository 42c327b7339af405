import { describe, expect, it } from 'vitest';
import { actionForKey, CALL_REPEAT_GUARD_MS, digitIndex, hintFor, isAccidentalRepeat, SHORTCUTS, type KeyContext } from './shortcuts';

const free: KeyContext = { typing: false, onButton: false, dialogOpen: false };
const key = (code: string, extra: Partial<{ repeat: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({ code, repeat: false, ctrlKey: false, altKey: false, metaKey: false, ...extra });

describe('counter shortcut map', () => {
  it('maps each documented key to its action', () => {
    expect(actionForKey(key('F1'), free)).toBe('callNext');
    expect(actionForKey(key('Space'), free)).toBe('callNext');
    expect(actionForKey(key('KeyR'), free)).toBe('recall');
    expect(actionForKey(key('KeyS'), free)).toBe('start');
    expect(actionForKey(key('KeyF'), free)).toBe('finish');
    expect(actionForKey(key('KeyN'), free)).toBe('noShow');
    expect(actionForKey(key('KeyT'), free)).toBe('transfer');
    expect(actionForKey(key('KeyH'), free)).toBe('hold');
    expect(actionForKey(key('KeyU'), free)).toBe('return');
    expect(actionForKey(key('KeyP'), free)).toBe('pauseResume');
    expect(actionForKey(key('KeyL'), free)).toBe('language');
  });

  it('gives every key to one action only', () => {
    const codes = SHORTCUTS.flatMap((s) => s.codes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
  });

  it('ignores unmapped keys', () => {
    expect(actionForKey(key('KeyQ'), free)).toBeNull();
    expect(actionForKey(key('Enter'), free)).toBeNull();
  });

  it('never acts on auto-repeat: a held key calls one citizen, not ten', () => {
    expect(actionForKey(key('F1', { repeat: true }), free)).toBeNull();
    expect(actionForKey(key('Space', { repeat: true }), free)).toBeNull();
  });

  it('leaves browser and system chords alone', () => {
    expect(actionForKey(key('KeyR', { ctrlKey: true }), free)).toBeNull();
    expect(actionForKey(key('KeyF', { metaKey: true }), free)).toBeNull();
    expect(actionForKey(key('KeyN', { altKey: true }), free)).toBeNull();
  });

  it('does not act while typing or while a dialog is open', () => {
    expect(actionForKey(key('KeyF'), { ...free, typing: true })).toBeNull();
    expect(actionForKey(key('F1'), { ...free, dialogOpen: true })).toBeNull();
  });

  it('lets Space press a focused button instead of calling next', () => {
    expect(actionForKey(key('Space'), { ...free, onButton: true })).toBeNull();
    expect(actionForKey(key('F1'), { ...free, onButton: true })).toBe('callNext');
    expect(actionForKey(key('KeyF'), { ...free, onButton: true })).toBe('finish');
  });

  it('shows hints on the buttons', () => {
    expect(hintFor('callNext')).toBe('F1 / Space');
    expect(hintFor('noShow')).toBe('N');
  });

  it('reads digits 1–9 from the top row and the keypad', () => {
    expect(digitIndex('Digit1')).toBe(0);
    expect(digitIndex('Numpad9')).toBe(8);
    expect(digitIndex('Digit0')).toBeNull();
    expect(digitIndex('KeyA')).toBeNull();
  });
});

describe('double press of call next', () => {
  it('ignores a second call right after a successful one, not later', () => {
    expect(isAccidentalRepeat(null, 1000)).toBe(false);
    expect(isAccidentalRepeat(1000, 1000 + 200)).toBe(true);
    expect(isAccidentalRepeat(1000, 1000 + CALL_REPEAT_GUARD_MS - 1)).toBe(true);
    expect(isAccidentalRepeat(1000, 1000 + CALL_REPEAT_GUARD_MS)).toBe(false);
    // a clock that went backwards does not block calling forever
    expect(isAccidentalRepeat(5000, 1000)).toBe(false);
  });
});
