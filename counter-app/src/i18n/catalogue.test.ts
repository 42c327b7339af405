import { expect, it } from 'vitest';
import { catalogueProblems } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

it('every message parses as ICU and has the same placeholders in both languages', () => {
  expect(catalogueProblems(VI, EN)).toEqual([]);
});
