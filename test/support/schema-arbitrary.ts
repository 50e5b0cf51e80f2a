/**
 * fast-check arbitraries built from the contract's published JSON Schemas
 * (`contractJsonSchemas()`, the files in `openapi/schemas/`), so a property over them covers
 * what any client in any language may send: every field, optional ones present or absent,
 * strings of every allowed character (astral ones and controls a pattern permits), numbers
 * across their whole range plus the edges worth trying (tiny, huge, beyond 2^53), lists and
 * maps up to their limits, recursive JSON values nested deep.
 *
 * Every leaf value is drawn broadly and kept only when the schema itself accepts it (Ajv),
 * so `not`, `anyOf`, patterns and bounds are honoured without restating them here. What JSON
 * Schema only says in prose (the parameters' serialised size, timestamps checked against the
 * server's clock) the caller adds with `formats` and filters.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { JsonSchema } from '#contract/json-schema';

/** How values are drawn beyond what the schema says. */
export interface SchemaArbitraryOptions {
  /** Numbers tried besides the random ones (kept where the schema allows them). */
  readonly numberEdges: readonly number[];
  /** Characters tried besides random code points (kept where a pattern allows them). */
  readonly charEdges: readonly string[];
  /** Strings of a `format` (e.g. `date-time`), instead of strings drawn from its pattern. */
  readonly formats?: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** How deep recursive schemas (JSON values) nest at most. @default 4 */
  readonly maxDepth?: number;
  /** Lists and maps hold up to this many entries, or exactly their limit now and then. @default 3 */
  readonly smallSize?: number;
}

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
const compiled = new WeakMap<object, (value: unknown) => boolean>();

/** Whether `value` is valid for a schema without references (a leaf, or an `anyOf` of `required`). */
function accepts(schema: JsonSchema, value: unknown): boolean {
  let validate = compiled.get(schema);
  if (!validate) {
    const check = ajv.compile(schema);
    validate = (v: unknown) => check(v) as boolean;
    compiled.set(schema, validate);
  }
  return validate(value);
}

/** `^[class]+$`, `^[class]*$` or `^(?:…)*$`: a pattern every character is judged by on its own. */
const PER_CHARACTER = /^\^(?:\[(?:\\.|[^\]\\])*\]|\(\?:.*\))[*+]\$$/;

/**
 * An arbitrary of the values `schema` describes; `$ref`s resolve against `root.$defs`.
 * @example fc.sample(schemaArbitrary(contractJsonSchemas().heartbeat, options), 1)
 */
export function schemaArbitrary(root: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const defs = (root.$defs ?? {}) as Record<string, JsonSchema>;
  const maxDepth = options.maxDepth ?? 4;
  const small = options.smallSize ?? 3;
  const char = fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(...options.charEdges) },
  );

  const sized = <T>(
    build: (min: number, max: number) => fc.Arbitrary<T>,
    min: number,
    limit: number | undefined,
  ) => {
    const upTo = Math.max(min, Math.min(limit ?? small, small));
    if (limit === undefined || limit <= upTo) return build(min, upTo);
    return fc.oneof(
      { weight: 9, arbitrary: build(min, upTo) },
      { weight: 1, arbitrary: build(limit, limit) },
    );
  };

  const stringOf = (s: JsonSchema): fc.Arbitrary<string> => {
    const format = typeof s.format === 'string' ? options.formats?.[s.format] : undefined;
    if (format) return format;
    const min = (s.minLength as number | undefined) ?? 0;
    const max = s.maxLength as number | undefined;
    const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : undefined;
    if (pattern && !PER_CHARACTER.test(s.pattern as string)) return fc.stringMatching(pattern);
    const unit = pattern ? char.filter((c) => pattern.test(c)) : char;
    return sized((lo, hi) => fc.string({ unit, minLength: lo, maxLength: hi }), min, max);
  };

  const numberOf = (s: JsonSchema): fc.Arbitrary<number> => {
    const min = s.minimum as number | undefined;
    const max = s.maximum as number | undefined;
    const random =
      s.type === 'integer'
        ? fc.integer({
            min: min ?? Number.MIN_SAFE_INTEGER,
            max: Math.min(max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
          })
        : fc.double({
            ...(min === undefined ? {} : { min }),
            ...(max === undefined ? {} : { max }),
            noNaN: true,
            noDefaultInfinity: true,
          });
    const edges = [
      ...options.numberEdges,
      ...(min === undefined ? [] : [min]),
      ...(max === undefined ? [] : [max]),
    ];
    return fc.oneof({ weight: 2, arbitrary: random }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
  };

  const build = (s: JsonSchema, tie: (name: string) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => {
    if (typeof s.$ref === 'string') return tie(s.$ref.replace('#/$defs/', ''));
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    if (Array.isArray(s.anyOf) && s.type === undefined) {
      const branches = (s.anyOf as JsonSchema[]).map((b) => build(b, tie));
      return fc.oneof({ maxDepth, depthIdentifier: 'json' }, ...branches);
    }
    const leaf = <T>(arbitrary: fc.Arbitrary<T>) => arbitrary.filter((v) => accepts(s, v));
    switch (s.type) {
      case 'string':
        return leaf(stringOf(s));
      case 'number':
      case 'integer':
        return leaf(numberOf(s));
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const items = build(s.items as JsonSchema, tie);
        const min = (s.minItems as number | undefined) ?? 0;
        return sized(
          (lo, hi) => fc.array(items, { minLength: lo, maxLength: hi, depthIdentifier: 'json' }),
          min,
          s.maxItems as number | undefined,
        );
      }
      case 'object':
        return objectOf(s, tie);
      default:
        throw new Error(`schemaArbitrary: no arbitrary for ${JSON.stringify(s).slice(0, 200)}`);
    }
  };

  const objectOf = (s: JsonSchema, tie: (name: string) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => {
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    let arbitrary: fc.Arbitrary<unknown>;
    if (Object.keys(properties).length > 0) {
      const fields = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, build(v, tie)]));
      arbitrary = fc.record(fields, { requiredKeys: (s.required ?? []) as string[] });
    } else {
      const keys = leafString((s.propertyNames ?? { type: 'string' }) as JsonSchema);
      const values =
        typeof s.additionalProperties === 'object'
          ? build(s.additionalProperties as JsonSchema, tie)
          : fc.constant(null);
      const limit = s.maxProperties as number | undefined;
      arbitrary = sized(
        (lo, hi) => fc.dictionary(keys, values, { minKeys: lo, maxKeys: hi, depthIdentifier: 'json' }),
        0,
        limit,
      );
    }
    // Constraints across fields (feedback: at least one verdict field) are the schema's to judge.
    if (Array.isArray(s.anyOf)) {
      const across = { anyOf: s.anyOf };
      arbitrary = arbitrary.filter((v) => accepts(across, v));
    }
    return arbitrary;
  };

  const leafString = (s: JsonSchema) => stringOf(s).filter((v) => accepts(s, v));

  const arbitraries = fc.letrec((tie) => ({
    ...Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, build(def, tie)])),
    root: build(root, tie),
  }));
  return arbitraries.root as fc.Arbitrary<unknown>;
}
