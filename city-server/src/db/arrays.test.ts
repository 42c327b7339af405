import { describe, expect, it } from 'vitest';
import { pgArray } from './arrays';

describe('pgArray', () => {
  it('quotes strings, escapes quotes and backslashes, keeps NULL and numbers', () => {
    expect(pgArray([1, 2.5, null, undefined, Number.NaN])).toBe('{1,2.5,NULL,NULL,NULL}');
    expect(pgArray(['a', '', 'NULL', 'x,y {z}', 'say "hi"', 'back\\slash'])).toBe('{"a","","NULL","x,y {z}","say \\"hi\\"","back\\\\slash"}');
    expect(pgArray([])).toBe('{}');
    expect(pgArray(['Phường Bến Thành'])).toBe('{"Phường Bến Thành"}');
  });
});
