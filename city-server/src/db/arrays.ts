/**
 * PostgreSQL array literals for `unnest($n::type[])`, built directly: node-postgres's generic
 * serializer (type checks and two regex passes per element) was a tenth of the city's CPU during
 * catch-up. Elements are always quoted, so empty strings and the word NULL stay strings.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = Number.isFinite(v) ? String(v) : 'NULL';
    else parts[i] = `"${v.includes('"') || v.includes('\\') ? v.replace(/["\\]/g, '\\$&') : v}"`;
  }
  return `{${parts.join(',')}}`;
}
