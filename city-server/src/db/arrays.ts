/**
 * PostgreSQL array literals for `unnest($n::type[])`, built directly: node-postgres's generic
 * serializer (type checks and two regex passes per element) was a tenth of the city's CPU during
 * catch-up. Elements are always quoted, so empty strings and the word NULL stay strings.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = pgArrayElement(values[i]);
  return `{${parts.join(',')}}`;
}

/** One element of a `pgArray` literal (for callers that build several columns in one pass). */
export function pgArrayElement(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  return `"${v.includes('"') || v.includes('\\') ? v.replace(/["\\]/g, '\\$&') : v}"`;
}
