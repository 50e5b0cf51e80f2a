import { decisionSchema, llmSchema, playbookSchema } from './decision.ts';
import { executionSchema, taskResultSchema } from './execution.ts';
import { feedbackFieldsSchema, feedbackSchema } from './feedback.ts';
import { heartbeatSchema } from './heartbeat.ts';
import { intentSchema, jsonValueSchema } from './intent.ts';
import { LIMITS } from './limits.ts';
import {
  applianceListSchema,
  applianceSchema,
  batchResultSchema,
  decisionListSchema,
  decisionRecordSchema,
  fieldErrorSchema,
  healthSchema,
  itemResultSchema,
  problemSchema,
} from './responses.ts';
import { MIN_STORABLE_MAGNITUDE, STORABLE_MAGNITUDE_LIMIT } from './storable.ts';
import * as z from './zod.ts';

/** A JSON Schema (draft 2020-12) or OpenAPI 3.1 Schema Object, as plain JSON. */
export type JsonSchema = { [keyword: string]: unknown };

/** Which side of a zod schema to describe: what a client sends (`input`) or what the API answers (`output`). */
export type SchemaIo = 'input' | 'output';

/** The `$id` of every standalone contract schema starts with this URN. */
export const SCHEMA_ID_PREFIX = 'urn:aiops-observability:schema:v1:';

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * `POST /v1/decisions` body, precisely: one decision, or `{ decisions: [...] }` of full decisions.
 * (The contract's own `decisionBatchSchema` keeps items `unknown` so the API can answer per item.)
 * @example decisionBatchPayloadSchema.safeParse({ decisions: [decision] }).success // true
 */
export const decisionBatchPayloadSchema = z.union([
  decisionSchema,
  z.strictObject({
    decisions: z.array(decisionSchema).check(z.minLength(1), z.maxLength(LIMITS.maxBatchItems)),
  }),
]);

/**
 * `POST /v1/heartbeats` body, precisely: one heartbeat, or `{ heartbeats: [...] }` of full heartbeats.
 * @example heartbeatBatchPayloadSchema.safeParse(heartbeat).success // true
 */
export const heartbeatBatchPayloadSchema = z.union([
  heartbeatSchema,
  z.strictObject({
    heartbeats: z.array(heartbeatSchema).check(z.minLength(1), z.maxLength(LIMITS.maxBatchItems)),
  }),
]);

/** A named, reusable schema: a `$defs` entry of a standalone schema, or an OpenAPI component. */
interface ComponentSpec {
  readonly name: string;
  readonly schema: z.core.$ZodType;
  readonly io: SchemaIo;
  readonly description?: string;
  /** Only ever reached through a reference (it is recursive), never converted on its own. */
  readonly defOnly?: boolean;
}

const batchNote = 'The API checks each item on its own and answers per item (207 when outcomes differ).';

/** Every named schema of contract v1, requests (input side) first, then responses (output side). */
const COMPONENTS: readonly ComponentSpec[] = [
  { name: 'Decision', schema: decisionSchema, io: 'input', description: 'One decision of an AI agent.' },
  {
    name: 'DecisionBatch',
    schema: decisionBatchPayloadSchema,
    io: 'input',
    description: `One decision, or \`{"decisions": [...]}\` with 1 to ${LIMITS.maxBatchItems}. ${batchNote}`,
  },
  { name: 'Intent', schema: intentSchema, io: 'input', description: 'What the model understood.' },
  { name: 'Llm', schema: llmSchema, io: 'input', description: 'The model call behind a decision.' },
  { name: 'Playbook', schema: playbookSchema, io: 'input', description: 'The generated Ansible playbook.' },
  { name: 'Execution', schema: executionSchema, io: 'input', description: "The playbook run's result." },
  { name: 'TaskResult', schema: taskResultSchema, io: 'input', description: 'One task of a playbook run.' },
  {
    name: 'Feedback',
    schema: feedbackSchema,
    io: 'input',
    description: "The operator's verdict on a decision; at least one field besides schemaVersion.",
  },
  {
    name: 'Heartbeat',
    schema: heartbeatSchema,
    io: 'input',
    description: 'A health report of one appliance.',
  },
  {
    name: 'HeartbeatBatch',
    schema: heartbeatBatchPayloadSchema,
    io: 'input',
    description: `One heartbeat, or \`{"heartbeats": [...]}\` with 1 to ${LIMITS.maxBatchItems}. ${batchNote}`,
  },
  {
    name: 'JsonValue',
    schema: jsonValueSchema,
    io: 'input',
    description:
      'Any JSON value the store keeps exactly: numbers 0 or of a magnitude from 1e-130 to below 1e126 (read as IEEE 754 doubles), strings and member names without U+0000 or lone surrogates, no empty member names.',
    defOnly: true,
  },
  { name: 'Problem', schema: problemSchema, io: 'output', description: 'RFC 9457 problem details.' },
  { name: 'FieldError', schema: fieldErrorSchema, io: 'output', description: 'One failing field.' },
  { name: 'ItemResult', schema: itemResultSchema, io: 'output', description: 'The outcome of one item.' },
  { name: 'BatchResult', schema: batchResultSchema, io: 'output', description: 'The outcome of every item.' },
  {
    name: 'DecisionRecord',
    schema: decisionRecordSchema,
    io: 'output',
    description: 'A decision as stored: its decision, execution and feedback events merged.',
  },
  { name: 'DecisionList', schema: decisionListSchema, io: 'output', description: 'One page of decisions.' },
  { name: 'Appliance', schema: applianceSchema, io: 'output', description: 'The last known state.' },
  {
    name: 'ApplianceList',
    schema: applianceListSchema,
    io: 'output',
    description: 'One page of appliances.',
  },
  { name: 'Health', schema: healthSchema, io: 'output', description: 'The state of the service.' },
  { name: 'StoredIntent', schema: intentSchema, io: 'output', description: 'An intent as stored.' },
  { name: 'Llm', schema: llmSchema, io: 'output' },
  { name: 'Playbook', schema: playbookSchema, io: 'output' },
  { name: 'TaskResult', schema: taskResultSchema, io: 'output' },
  { name: 'JsonValue', schema: jsonValueSchema, io: 'output', defOnly: true },
];

/** The standalone payload schemas and the component each one is. */
export const PAYLOAD_SCHEMAS = {
  decision: 'Decision',
  'decision-batch': 'DecisionBatch',
  execution: 'Execution',
  feedback: 'Feedback',
  heartbeat: 'Heartbeat',
  'heartbeat-batch': 'HeartbeatBatch',
} as const;
export type PayloadName = keyof typeof PAYLOAD_SCHEMAS;

/**
 * Constraints zod checks with `.refine()`, which `z.toJSONSchema` drops, restated in JSON Schema
 * where JSON Schema can say them.
 */
const REFINEMENTS = new Map<z.core.$ZodType, (json: JsonSchema) => void>([
  [
    feedbackSchema,
    (json) => {
      // "At least one field besides schemaVersion and submittedAt": one of the verdict fields is required.
      const verdict = Object.keys(feedbackFieldsSchema.shape).filter(
        (k) => k !== 'schemaVersion' && k !== 'submittedAt',
      );
      if (json.additionalProperties !== false || verdict.length === 0) {
        throw new Error('feedback: the "at least one field" rule needs restating for the new shape');
      }
      json.anyOf = verdict.map((k) => ({ type: 'object', required: [k], properties: { [k]: true } }));
    },
  ],
  [
    heartbeatSchema.shape.services,
    (json) => {
      json.maxProperties = LIMITS.maxServices;
    },
  ],
  [
    intentSchema.shape.parameters,
    (json) => {
      json.description = `At most ${LIMITS.maxIntentParametersBytes} bytes once serialised as JSON and ${LIMITS.maxIntentParametersDepth} levels deep (checked by the API).`;
    },
  ],
  [
    jsonValueSchema,
    (json) => {
      // What DynamoDB and PostgreSQL keep (lambdas/contract/storable.ts); lone surrogates cannot be said here.
      for (const branch of json.anyOf as JsonSchema[]) {
        if (branch.type === 'string') branch.pattern = NO_NUL;
        if (branch.type === 'number') branch.anyOf = STORABLE_NUMBER_RANGES;
        if (branch.type === 'object')
          branch.propertyNames = { type: 'string', minLength: 1, pattern: NO_NUL };
      }
    },
  ],
]);

/** A string without U+0000, in the portable pattern dialect. */
const NO_NUL = '^[^\\x00]*$';

/** The numbers DynamoDB stores: 0, or a magnitude from 1e-130 to below 1e126. */
const STORABLE_NUMBER_RANGES: JsonSchema[] = [
  { const: 0 },
  { minimum: MIN_STORABLE_MAGNITUDE, exclusiveMaximum: STORABLE_MAGNITUDE_LIMIT },
  { exclusiveMinimum: -STORABLE_MAGNITUDE_LIMIT, maximum: -MIN_STORABLE_MAGNITUDE },
];

const CONTROL_CHARACTERS = '\\x00-\\x1F\\x7F-\\x9F';

/**
 * Rewrites an ECMA-262 pattern into the subset Python's `re`, Go's `regexp` and ECMA-262 read
 * alike: `\p{Cc}` becomes explicit ranges, `\d` becomes `0-9` (Python's `\d` matches any Unicode
 * digit) and `\u00XX` becomes `\xXX`. Throws on other Unicode property escapes.
 * @example portablePattern('^[^\\p{Cc}]+$') // '^[^\\x00-\\x1F\\x7F-\\x9F]+$'
 */
export function portablePattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c !== '\\') {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      out += c;
      continue;
    }
    const rest = pattern.slice(i);
    const property = /^\\[pP]\{[^}]*\}/.exec(rest)?.[0];
    const latin1 = /^\\u00([0-9a-fA-F]{2})/.exec(rest)?.[1];
    if (property === '\\p{Cc}') {
      out += inClass ? CONTROL_CHARACTERS : `[${CONTROL_CHARACTERS}]`;
      i += property.length - 1;
    } else if (property !== undefined) {
      throw new Error(`pattern ${pattern}: ${property} has no portable equivalent`);
    } else if (latin1 !== undefined) {
      out += `\\x${latin1.toUpperCase()}`;
      i += 5;
    } else if (rest[1] === 'd') {
      out += inClass ? '0-9' : '[0-9]';
      i += 1;
    } else {
      out += rest.slice(0, 2);
      i += 1;
    }
  }
  return out;
}

function override({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }): void {
  if (typeof jsonSchema.pattern === 'string') jsonSchema.pattern = portablePattern(jsonSchema.pattern);
  REFINEMENTS.get(zodSchema)?.(jsonSchema);
}

/** A metadata registry that reads `.describe()` texts from zod's global registry and adds `id`s, so zod extracts those schemas into `$defs` under our names. */
function namingRegistry(names: ReadonlyMap<z.core.$ZodType, string>): z.core.$ZodRegistry<z.core.GlobalMeta> {
  const registry = z.registry<z.core.GlobalMeta>();
  const get = (schema: z.core.$ZodType): z.core.GlobalMeta | undefined => {
    const meta = z.globalRegistry.get(schema);
    const id = names.get(schema);
    return id === undefined ? meta : { ...meta, id };
  };
  registry.get = get as typeof registry.get;
  return registry;
}

/**
 * Converts one zod schema of the contract to JSON Schema with the contract's conventions (portable
 * patterns, refinements restated, no `$schema`). Named components it uses become `$ref`s to
 * `refPrefix + name` and are returned in `defs`.
 * @example convertSchema(z.number().min(0), 'input').schema // { type: 'number', minimum: 0 }
 */
export function convertSchema(
  schema: z.core.$ZodType,
  io: SchemaIo,
  refPrefix = '#/$defs/',
): { schema: JsonSchema; defs: Record<string, JsonSchema> } {
  const names = new Map<z.core.$ZodType, string>();
  for (const c of COMPONENTS) if (c.io === io && c.schema !== schema) names.set(c.schema, c.name);
  const generated = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    metadata: namingRegistry(names),
    override,
  });
  const json = rewriteRefs(JSON.parse(JSON.stringify(generated)), refPrefix) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = json;
  const defs = ($defs ?? {}) as Record<string, JsonSchema>;
  const unnamed = Object.keys(defs).filter((name) => !COMPONENTS.some((c) => c.name === name));
  if (unnamed.length > 0)
    throw new Error(`unnamed shared schemas ${unnamed.join(', ')}: add them to COMPONENTS`);
  return { schema: rest, defs };
}

function rewriteRefs(value: unknown, refPrefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, refPrefix));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
        ? refPrefix + v.slice('#/$defs/'.length)
        : rewriteRefs(v, refPrefix);
  }
  return out;
}

/**
 * Every named schema of the contract, with references between them written as `refPrefix + name`.
 * Throws when one name would stand for two different schemas.
 * @example contractComponents('#/components/schemas/').Decision
 */
export function contractComponents(refPrefix: string): Record<string, JsonSchema> {
  const found = new Map<string, JsonSchema>();
  const add = (name: string, generated: JsonSchema) => {
    const description = COMPONENTS.find((c) => c.name === name && c.description)?.description;
    const schema = description && !generated.description ? { description, ...generated } : generated;
    const known = found.get(name);
    if (known && JSON.stringify(known) !== JSON.stringify(schema)) {
      throw new Error(`component ${name} differs between its uses; give each its own name`);
    }
    found.set(name, schema);
  };
  for (const c of COMPONENTS) {
    if (c.defOnly) continue;
    const { schema, defs } = convertSchema(c.schema, c.io, refPrefix);
    add(c.name, schema);
    for (const [name, def] of Object.entries(defs)) add(name, def);
  }
  for (const c of COMPONENTS) {
    if (!found.has(c.name)) throw new Error(`component ${c.name} is never used`);
  }
  const ordered: Record<string, JsonSchema> = {};
  for (const c of COMPONENTS) ordered[c.name] = found.get(c.name) as JsonSchema;
  return ordered;
}

/**
 * The names of the components `schema` refers to, directly or through other components.
 * @example referencedComponents({ $ref: '#/$defs/Intent' }, components, '#/$defs/') // ['Intent', 'JsonValue']
 */
export function referencedComponents(
  schema: unknown,
  components: Record<string, JsonSchema>,
  refPrefix: string,
): string[] {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)) {
          const name = v.slice(refPrefix.length);
          if (!seen.has(name)) {
            seen.add(name);
            visit(components[name]);
          }
        } else visit(v);
      }
    }
  };
  visit(schema);
  return [...seen];
}

/**
 * One standalone JSON Schema (draft 2020-12) per contract payload, for agents written in any
 * language: `$id` is `urn:aiops-observability:schema:v1:<name>` and the schemas it uses are in `$defs`.
 * Request payloads describe what a client may send (fields with defaults are optional).
 * @example
 * const schemas = contractJsonSchemas();
 * schemas['decision-batch'].$id // 'urn:aiops-observability:schema:v1:decision-batch'
 */
export function contractJsonSchemas(): Record<PayloadName, JsonSchema> {
  const components = contractComponents('#/$defs/');
  const out = {} as Record<PayloadName, JsonSchema>;
  for (const [file, name] of Object.entries(PAYLOAD_SCHEMAS) as [PayloadName, string][]) {
    const root = components[name] as JsonSchema;
    const defs: Record<string, JsonSchema> = {};
    for (const ref of referencedComponents(root, components, '#/$defs/').sort()) {
      defs[ref] = components[ref] as JsonSchema;
    }
    out[file] = {
      $schema: DIALECT,
      $id: `${SCHEMA_ID_PREFIX}${file}`,
      title: name,
      ...root,
      ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
    };
  }
  return out;
}
