import { describe, expect, it } from 'vitest';
import { copyField } from './copy';

// Catches a field that would split or shift a COPY line: an unescaped tab, newline or backslash
// (break tried: returning the string as it is: "expected 'a\tb' to be 'a\\tb'").
describe('copyField', () => {
  it('escapes what COPY text format gives a meaning to, and writes NULL as \\N', () => {
    expect(copyField('a\tb')).toBe('a\\tb');
    expect(copyField('line\nnext\r')).toBe('line\\nnext\\r');
    expect(copyField('{"s":"a\\"b"}')).toBe('{"s":"a\\\\"b"}');
    expect(copyField('plain')).toBe('plain');
    expect(copyField('')).toBe('');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField(42)).toBe('42');
    expect(copyField(Number.NaN)).toBe('\\N');
    // The literal text "\N" stays text, not NULL.
    expect(copyField('\\N')).toBe('\\\\N');
  });
});
