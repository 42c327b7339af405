import { expect, it } from 'vitest';
import { catalogueProblems } from '@motcua/shared';
import { EN } from './en';
import { VI } from './vi';

it('every message parses as ICU and has the same placeholders in both languages', () => {
  expect(catalogueProblems(VI, EN)).toEqual([]);
});

it('the booking site’s messages too', async () => {
  const { SITE_VI } = await import('./site-vi');
  const { SITE_EN } = await import('./site-en');
  expect(catalogueProblems(SITE_VI, SITE_EN)).toEqual([]);
});
