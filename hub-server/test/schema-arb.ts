/**
 * fast-check arbitraries from the JSON Schema that zod writes for each command's input
 * (`z.toJSONSchema`), so a fuzz test sends payloads that pass validation and reach the handlers.
 * Covers what the protocol's schemas use: objects, strings (length, pattern, enum, const), numbers
 * and integers (bounds), booleans, null, arrays (length) and anyOf/oneOf. Fields named in `known`
 * mostly take the given values (real ids), so handlers find what they look for.
 */
import fc from 'fast-check';

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

export function arbitraryFromSchema(schema: unknown, known: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> {
  const s = schema as Schema;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => arbitraryFromSchema(a, known)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'object': {
      const props = s.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) {
        const own = arbitraryFromSchema(v, known);
        const hint = known[k];
        record[k] = hint ? fc.oneof({ arbitrary: hint, weight: 4 }, { arbitrary: own, weight: 1 }) : own;
      }
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) as never[] });
    }
    case 'string': {
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= (s.minLength ?? 0) && x.length <= (s.maxLength ?? Infinity));
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 30, 30)) });
    }
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1e6, Number.MIN_SAFE_INTEGER), max: Math.min(s.maximum ?? 1e6, Number.MAX_SAFE_INTEGER) });
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1e-6 : -1e6);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1e-6 : 1e6);
      return fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? arbitraryFromSchema(s.items, known) : fc.anything(), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 5, 5)) });
    default:
      // Unrepresentable in JSON Schema (zod wrote {}): anything.
      return fc.anything({ maxDepth: 1 });
  }
}
