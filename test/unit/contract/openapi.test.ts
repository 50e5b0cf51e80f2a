import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import { heartbeatSchema } from '#contract/heartbeat';
import type { JsonSchema } from '#contract/json-schema';
import { LIMITS } from '#contract/limits';
import { buildOpenApiDocument, OPENAPI_EXAMPLES, SECURITY_SCHEME } from '#contract/openapi';
import { ROUTES } from '#contract/routes';
import type * as z from '#contract/zod';
import { DEFAULT_OUT_DIR, staleFiles, writeGeneratedFiles } from '../../../bin/write-openapi.ts';

const doc = buildOpenApiDocument();
const op = (method: string, path: string) => doc.paths[path]?.[method.toLowerCase()] as JsonSchema;
const responses = (method: string, path: string) => op(method, path).responses as Record<string, JsonSchema>;

/** A validator for any `#/components/schemas/...` reference of the document. */
function componentValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const text = JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', '#/$defs/');
  ajv.addSchema({ $id: 'urn:test:components', $defs: JSON.parse(text) });
  return (schema: JsonSchema, value: unknown) => {
    const rewritten = JSON.parse(
      JSON.stringify(schema).replaceAll('#/components/schemas/', 'urn:test:components#/$defs/'),
    );
    return ajv.validate(rewritten, value) as boolean;
  };
}
const validAgainst = componentValidator();

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], root);
}

function allRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) allRefs(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else allRefs(v, found);
    }
  }
  return found;
}

describe('buildOpenApiDocument', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    // Prepare
    const copy = structuredClone(doc) as never;

    // Act
    const validated = (await SwaggerParser.validate(copy)) as { openapi?: string };

    // Assess
    expect(validated.openapi).toBe('3.1.0');
  });

  it('would be refused by the validator if it were broken', async () => {
    // Prepare
    const broken = structuredClone(doc) as { paths: Record<string, Record<string, JsonSchema>> };
    (broken.paths['/health']?.get?.responses as Record<string, unknown>)['200'] = { content: {} };

    // Act / Assess
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(/description/);
  });

  it('has the title, version, server and bearer scheme', () => {
    // Prepare / Act
    const scheme = doc.components.securitySchemes[SECURITY_SCHEME];

    // Assess
    expect(doc.info).toMatchObject({ title: 'aiops-observability ingest API', version: '1.0.0' });
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'aiops_<keyId>_<secret>' });
  });

  it.each(ROUTES.map((r) => [r.method, r.path, r.scope] as const))(
    '%s %s is documented with the security of its scope (%s)',
    (method, path, scope) => {
      // Prepare / Act
      const operation = op(method, path);

      // Assess
      expect(operation).toBeDefined();
      expect(operation.security).toEqual(scope ? [{ [SECURITY_SCHEME]: [scope] }] : []);
    },
  );

  it('documents no route that ROUTES lacks, with unique operationIds', () => {
    // Prepare
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );

    // Act
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));

    // Assess
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(new Set(ids).size).toBe(ROUTES.length);
  });

  it('resolves every $ref inside the document', () => {
    // Prepare
    const refs = allRefs(doc);

    // Act
    const dangling = refs.filter((ref) => resolvePointer(doc, ref) === undefined);

    // Assess
    expect(refs.length).toBeGreaterThan(20);
    expect(dangling).toEqual([]);
  });

  it('keeps component schemas free of $defs and $schema', () => {
    // Prepare / Act
    const text = JSON.stringify(doc.components.schemas);

    // Assess
    expect(text).not.toContain('$defs');
    expect(text).not.toContain('$schema');
  });

  it('is deterministic', () => {
    // Prepare / Act / Assess
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(doc));
  });
});

describe('operations', () => {
  it('answers POST /v1/decisions with 201, 200, 207 and problem details', () => {
    // Prepare / Act
    const r = responses('POST', '/v1/decisions');

    // Assess
    expect(Object.keys(r)).toEqual([
      '200',
      '201',
      '207',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
    ]);
    expect(r['201']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemResult' } } },
    });
    expect(r['207']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/BatchResult' } } },
    });
    expect(r['400']).toMatchObject({ $ref: '#/components/responses/Problem' });
  });

  it.each(['execution', 'feedback'])('never answers 404 to POST /v1/decisions/{id}/%s, but 409', (what) => {
    // Prepare / Act
    const r = responses('POST', `/v1/decisions/{id}/${what}`);

    // Assess
    expect(Object.keys(r)).toContain('409');
    expect(Object.keys(r)).not.toContain('404');
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '403', '413', '415', '422']),
    );
  });

  it('answers GET /v1/decisions/{id} with the record or 404', () => {
    // Prepare / Act
    const r = responses('GET', '/v1/decisions/{id}');

    // Assess
    expect(r['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/DecisionRecord' } } },
    });
    expect(r['404']).toMatchObject({ $ref: '#/components/responses/Problem' });
  });

  it('answers GET /health with 200 or 503, without a key', () => {
    // Prepare / Act
    const r = responses('GET', '/health');

    // Assess
    expect(Object.keys(r)).toEqual(['200', '503']);
  });

  it('takes the uuid path parameter where the path has {id}', () => {
    // Prepare
    const param = doc.components.parameters.DecisionId as { schema: JsonSchema; in: string };

    // Act
    const uses = ROUTES.filter((r) => r.path.includes('{id}')).map((r) => op(r.method, r.path).parameters);

    // Assess
    expect(param.in).toBe('path');
    expect(validAgainst(param.schema, '0B9F3C2E-5D1A-4C47-9A57-3F2D8E6B1C04')).toBe(true);
    expect(validAgainst(param.schema, 'abc')).toBe(false);
    for (const parameters of uses)
      expect(parameters).toEqual([{ $ref: '#/components/parameters/DecisionId' }]);
  });

  it('lists the query parameters of GET /v1/decisions with their ranges', () => {
    // Prepare
    const params = op('GET', '/v1/decisions').parameters as {
      name: string;
      in: string;
      schema: JsonSchema;
    }[];

    // Act
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));

    // Assess
    expect(Object.keys(byName)).toEqual([
      'applianceId',
      'executionStatus',
      'maxConfidence',
      'since',
      'until',
      'limit',
      'cursor',
    ]);
    expect(params.every((p) => p.in === 'query')).toBe(true);
    expect(byName.executionStatus?.schema.enum).toEqual(['success', 'failed', 'timeout']);
    expect(byName.maxConfidence?.schema).toMatchObject({ minimum: 0, maximum: 1 });
    expect(byName.since?.schema).toMatchObject({ format: 'date-time' });
    expect(byName.limit?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: LIMITS.maxPageSize,
      default: LIMITS.defaultPageSize,
    });
    expect(byName.cursor?.schema).toMatchObject({ type: 'string' });
  });

  it('lists limit and cursor for GET /v1/appliances', () => {
    // Prepare / Act
    const names = (op('GET', '/v1/appliances').parameters as { name: string }[]).map((p) => p.name);

    // Assess
    expect(names).toEqual(['limit', 'cursor']);
  });
});

describe('examples and response bodies', () => {
  it.each([
    ['POST', '/v1/decisions', decisionSchema],
    ['POST', '/v1/decisions/{id}/execution', executionSchema],
    ['POST', '/v1/decisions/{id}/feedback', feedbackSchema],
    ['POST', '/v1/heartbeats', heartbeatSchema],
  ] as [string, string, z.ZodMiniType][])(
    'the request example of %s %s is valid for zod and the schema',
    (method, path, schema) => {
      // Prepare
      const media = (op(method, path).requestBody as { content: Record<string, JsonSchema> }).content[
        'application/json'
      ] as JsonSchema;

      // Act
      const zodSays = schema.safeParse(media.example).success;
      const jsonSays = validAgainst(media.schema as JsonSchema, media.example);

      // Assess
      expect({ zodSays, jsonSays }).toEqual({ zodSays: true, jsonSays: true });
    },
  );

  it.each([
    ['201', OPENAPI_EXAMPLES.accepted],
    ['200', OPENAPI_EXAMPLES.duplicate],
    ['200', OPENAPI_EXAMPLES.batchOk],
    ['207', OPENAPI_EXAMPLES.batchMixed],
  ])('POST /v1/decisions %s accepts the body %o', (status, body) => {
    // Prepare
    const media = (responses('POST', '/v1/decisions')[status] as { content: Record<string, JsonSchema> })
      .content['application/json'] as JsonSchema;

    // Act / Assess
    expect(validAgainst(media.schema as JsonSchema, body)).toBe(true);
  });

  it('describes both 422 bodies of a batch route: a plain problem and all_rejected with results', () => {
    // Prepare
    const media = (responses('POST', '/v1/decisions')['422'] as { content: Record<string, JsonSchema> })
      .content['application/problem+json'] as JsonSchema;
    const base = {
      type: 'urn:aiops-observability:problem:validation_failed',
      title: 'Validation failed',
      status: 422,
    };
    const plain = { ...base, detail: 'expected a JSON object', code: 'validation_failed' };
    const allRejected = {
      ...base,
      type: 'urn:aiops-observability:problem:all_rejected',
      detail: 'every item of the batch was rejected; see results',
      code: 'all_rejected',
      accepted: 0,
      duplicates: 0,
      rejected: 1,
      results: [{ index: 0, status: 'rejected', code: 'validation_failed', message: 'confidence: too big' }],
    };

    // Act / Assess
    expect(validAgainst(media.schema as JsonSchema, plain)).toBe(true);
    expect(validAgainst(media.schema as JsonSchema, allRejected)).toBe(true);
    expect(validAgainst(media.schema as JsonSchema, { ...plain, status: '422' })).toBe(false);
  });
});

describe('bin/write-openapi.ts', () => {
  const run = promisify(execFile);
  const script = path.join(DEFAULT_OUT_DIR, '..', 'bin', 'write-openapi.ts');
  let tmp: string | undefined;
  afterEach(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  it('finds the committed files in openapi/ up to date', async () => {
    // Prepare / Act
    const stale = await staleFiles(DEFAULT_OUT_DIR);

    // Assess
    expect(stale).toEqual([]);
  });

  it('writes pretty JSON with a trailing newline and then finds nothing stale', async () => {
    // Prepare
    tmp = await mkdtemp(path.join(tmpdir(), 'openapi-'));

    // Act
    const written = await writeGeneratedFiles(tmp);
    const text = await readFile(path.join(tmp, 'schemas', 'decision.json'), 'utf8');

    // Assess
    expect(written).toContain('openapi.json');
    expect(text.startsWith('{\n  "$schema"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(await staleFiles(tmp)).toEqual([]);
  });

  it('--check writes nothing and exits 1 listing changed and orphaned files', async () => {
    // Prepare
    tmp = await mkdtemp(path.join(tmpdir(), 'openapi-'));
    await writeGeneratedFiles(tmp);
    await writeFile(path.join(tmp, 'openapi.json'), '{}\n');
    await writeFile(path.join(tmp, 'schemas', 'retired.json'), '{}\n');

    // Act
    const failure = await run(process.execPath, ['--import', 'tsx', script, '--check', '--out', tmp]).catch(
      (e: { code: number; stderr: string }) => e,
    );

    // Assess
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/openapi\.json[\s\S]*schemas\/retired\.json/);
    expect(await readFile(path.join(tmp, 'openapi.json'), 'utf8')).toBe('{}\n');
  });

  it('rewrites stale files and deletes orphans', async () => {
    // Prepare
    tmp = await mkdtemp(path.join(tmpdir(), 'openapi-'));
    await writeGeneratedFiles(tmp);
    await writeFile(path.join(tmp, 'schemas', 'retired.json'), '{}\n');

    // Act
    const changed = await writeGeneratedFiles(tmp);

    // Assess
    expect(changed).toEqual(['schemas/retired.json']);
    expect(await staleFiles(tmp)).toEqual([]);
  });
});
