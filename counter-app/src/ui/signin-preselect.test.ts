import { describe, expect, it } from 'vitest';
import { preselectCounter } from './SignIn';

// Catches: the sign-in form preselecting a counter another clerk is signed in at (it used to take
// the remembered counter or the first one whatever its state, so a clerk pressing Enter took a
// colleague's counter over). Broken on purpose by returning `want?.id ?? counters[0]?.id`: fails.
describe('preselectCounter', () => {
  const counters = [
    { id: 'c1', clerkId: 'u-1' },
    { id: 'c2', clerkId: null },
    { id: 'c3', clerkId: null },
  ];
  it('skips a remembered counter that is in use, for the first free one', () => {
    expect(preselectCounter(counters, 'c1')).toBe('c2');
    expect(preselectCounter(counters, '')).toBe('c2');
  });
  it('keeps a remembered counter that is free', () => {
    expect(preselectCounter(counters, 'c3')).toBe('c3');
  });
  it('keeps a counter in use when the clerk picked it in the list', () => {
    expect(preselectCounter(counters, 'c1', true)).toBe('c1');
  });
  it('falls back to the remembered one when every counter is in use', () => {
    expect(preselectCounter([{ id: 'a', clerkId: 'x' }, { id: 'b', clerkId: 'y' }], 'b')).toBe('b');
    expect(preselectCounter([], 'b')).toBe('');
  });
});
