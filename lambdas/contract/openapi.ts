import { createHash } from 'node:crypto';
import { uuid } from './common.ts';
import { contractComponents, convertSchema, type JsonSchema } from './json-schema.ts';
import { LIMITS } from './limits.ts';
import { applianceListQuerySchema, decisionListQuerySchema } from './list-queries.ts';
import { ROUTES, routeKey } from './routes.ts';

/** An OpenAPI 3.1 document as plain JSON. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: JsonSchema;
  readonly servers: readonly JsonSchema[];
  readonly security: readonly Record<string, string[]>[];
  readonly tags: readonly JsonSchema[];
  readonly paths: Record<string, Record<string, JsonSchema>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly parameters: Record<string, JsonSchema>;
    readonly responses: Record<string, JsonSchema>;
    readonly securitySchemes: Record<string, JsonSchema>;
  };
}

const EXAMPLE_ID = '0b9f3c2e-5d1a-4c47-9a57-3f2d8e6b1c04';
const EXAMPLE_PLAYBOOK = `- name: Add A record intranet.office.example
  hosts: localhost
  tasks:
    - name: Ensure the A record exists
      community.general.nsupdate:
        zone: office.example
        record: intranet
        type: A
        value: 192.168.10.25
        ttl: 3600
`;

/** Example bodies of the document; the unit tests check each against both zod and the JSON Schema. */
export const OPENAPI_EXAMPLES = {
  decision: {
    schemaVersion: 1,
    decisionId: EXAMPLE_ID,
    occurredAt: '2026-11-21T10:15:00Z',
    applianceId: 'ucs-primary.office.example',
    agent: { name: 'aiops-agent', version: '2.4.1' },
    query: 'Add an A record intranet.office.example pointing to 192.168.10.25',
    intent: {
      action: 'dns.add_record',
      parameters: { zone: 'office.example', name: 'intranet', type: 'A', value: '192.168.10.25', ttl: 3600 },
    },
    confidence: 0.93,
    llm: {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      inputTokens: 1843,
      outputTokens: 412,
      durationMs: 2315,
    },
    playbook: {
      type: 'dns',
      yaml: EXAMPLE_PLAYBOOK,
      sha256: createHash('sha256').update(EXAMPLE_PLAYBOOK).digest('hex'),
      tasksCount: 1,
    },
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  },
  execution: {
    schemaVersion: 1,
    status: 'success',
    startedAt: '2026-11-21T10:15:04Z',
    durationSeconds: 3.2,
    changed: true,
    taskCounts: { ok: 1, changed: 1, failed: 0, skipped: 0, unreachable: 0 },
    tasks: [{ name: 'Ensure the A record exists', status: 'changed', durationSeconds: 1.4 }],
  },
  feedback: {
    schemaVersion: 1,
    rating: 'thumbs_up',
    comment: 'Exactly what I asked for.',
    humanVerified: true,
  },
  heartbeat: {
    schemaVersion: 1,
    applianceId: 'ucs-primary.office.example',
    sentAt: '2026-11-21T10:15:00Z',
    cpuPercent: 12.5,
    memoryPercent: 48.1,
    diskPercent: 63,
    services: { named: 'up', 'samba-ad-dc': 'up', postfix: 'up', 'step-ca': 'down' },
    agentVersion: '2.4.1',
  },
  accepted: { status: 'accepted', id: EXAMPLE_ID },
  duplicate: { status: 'duplicate', id: EXAMPLE_ID },
  batchOk: {
    accepted: 1,
    duplicates: 1,
    rejected: 0,
    results: [
      { index: 0, id: EXAMPLE_ID, status: 'accepted' },
      { index: 1, id: '7d4f0a61-2c8e-4b9d-8f3a-5e6b7c8d9e0f', status: 'duplicate' },
    ],
  },
  batchMixed: {
    accepted: 1,
    duplicates: 0,
    rejected: 1,
    results: [
      { index: 0, id: EXAMPLE_ID, status: 'accepted' },
      {
        index: 1,
        status: 'rejected',
        code: 'validation_failed',
        message: '/decisions/1/confidence: Too big: expected number to be <=1',
        errors: [
          {
            pointer: '/decisions/1/confidence',
            code: 'too_big',
            message: 'Too big: expected number to be <=1',
          },
        ],
        errorCount: 1,
      },
    ],
  },
} as const;
const EX = OPENAPI_EXAMPLES;

/** Name of the bearer security scheme. */
export const SECURITY_SCHEME = 'apiKey';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string, description?: string) => ({
  $ref: `#/components/responses/${name}`,
  ...(description ? { description } : {}),
});
const problem = (description: string) => responseRef('Problem', description);
const jsonResponse = (description: string, schema: JsonSchema, example?: unknown, headers?: JsonSchema) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
});
const LOCATION = {
  Location: { description: 'Where the decision can be read.', schema: { type: 'string' } },
};

/** Responses every authenticated route can give. */
const AUTH_RESPONSES = {
  '401': responseRef('Unauthorized'),
  '403': responseRef('Forbidden'),
  '429': responseRef('TooManyRequests'),
  '500': problem('An internal error (`internal_error`); retry later.'),
};

/** Problems of a write, in the order the API checks. */
function writeResponses(conflict: string, unprocessable: JsonSchema): Record<string, JsonSchema> {
  return {
    '400': problem('The body is not JSON: `malformed_json`, `empty_body` or `invalid_encoding`.'),
    ...AUTH_RESPONSES,
    '409': problem(`\`conflict\`: ${conflict}`),
    '413': problem(`The body is larger than ${LIMITS.maxBodyBytes} bytes (\`payload_too_large\`).`),
    '415': problem('Content-Type is not `application/json` (`unsupported_media_type`).'),
    '422': unprocessable,
  };
}

const singleUnprocessable = problem(
  'The body or the path `id` breaks the contract (`validation_failed`; `errors` points at each field, ' +
    `e.g. \`/confidence\` or \`path:id\`, the first ${LIMITS.maxErrorsPerItem}; \`errorCount\` has the total).`,
);
const batchUnprocessable = {
  description:
    'The body breaks the contract (`validation_failed`), repeats an id (`duplicate_id_in_batch`), ' +
    'or every item of a batch was rejected (`all_rejected`, with each item in `results`). Field errors are ' +
    `listed up to ${LIMITS.maxErrorsPerItem} per item and ${LIMITS.maxErrorsPerResponse} per answer, ` +
    'each item and problem with its `errorCount`.',
  content: {
    'application/problem+json': {
      schema: schemaRef('Problem'),
    },
  },
};

const accepted = (what: string, headers?: JsonSchema) =>
  jsonResponse(`The ${what} was stored.`, schemaRef('ItemResult'), EX.accepted, headers);
const duplicate = (what: string) =>
  jsonResponse(
    `The same ${what} was already stored; nothing changed (safe to retry).`,
    schemaRef('ItemResult'),
    EX.duplicate,
  );

const listParameters = (
  schema: Parameters<typeof convertSchema>[0],
  descriptions: Record<string, string>,
) => {
  const { properties } = convertSchema(schema, 'input').schema as { properties: Record<string, JsonSchema> };
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    description: descriptions[name] ?? name,
    schema: s,
  }));
};
const PAGE = {
  limit: `Page size, 1 to ${LIMITS.maxPageSize}.`,
  cursor: 'Opaque; pass `nextCursor` of the previous page.',
};

interface OperationSpec {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly parameters?: readonly JsonSchema[];
  readonly requestBody?: { readonly schema: string; readonly description: string; readonly example: unknown };
  readonly responses: Record<string, JsonSchema>;
}

/** What the API does on each route; every route of `ROUTES` has one. */
const OPERATIONS: Record<string, OperationSpec> = {
  'POST /v1/decisions': {
    operationId: 'ingestDecisions',
    summary: 'Record one decision or a batch',
    description:
      `Idempotent on \`decisionId\`: sending the same decision again answers \`duplicate\`. A batch ` +
      `(\`{"decisions": [...]}\`, 1 to ${LIMITS.maxBatchItems}) answers per item; nothing of a rejected ` +
      'item is written.',
    tag: 'decisions',
    requestBody: { schema: 'DecisionBatch', description: 'One decision or a batch.', example: EX.decision },
    responses: {
      '200': jsonResponse(
        'One duplicate decision, or a batch in which every item was accepted or a duplicate.',
        { oneOf: [schemaRef('ItemResult'), schemaRef('BatchResult')] },
        EX.batchOk,
      ),
      '201': accepted('decision', LOCATION),
      '207': jsonResponse('A batch with mixed outcomes.', schemaRef('BatchResult'), EX.batchMixed),
      ...writeResponses(
        'a different decision is already stored under this `decisionId`.',
        batchUnprocessable,
      ),
    },
  },
  'POST /v1/decisions/{id}/execution': {
    operationId: 'ingestExecution',
    summary: "Record a decision's execution",
    description:
      'The execution may arrive before its decision (never 404); it is merged when the decision comes.',
    tag: 'decisions',
    requestBody: { schema: 'Execution', description: 'The Ansible run.', example: EX.execution },
    responses: {
      '200': duplicate('execution'),
      '201': accepted('execution', LOCATION),
      ...writeResponses('a different execution is already stored for this decision.', singleUnprocessable),
    },
  },
  'POST /v1/decisions/{id}/feedback': {
    operationId: 'ingestFeedback',
    summary: "Record the operator's feedback on a decision",
    description:
      'The feedback may arrive before its decision (never 404). A decision keeps up to ' +
      `${LIMITS.maxFeedbackEvents} distinct feedback events (an operator's rating, a reviewer's verdict later); ` +
      'they merge field by field in `submittedAt` order, the later value winning. The same event again is a duplicate.',
    tag: 'decisions',
    requestBody: { schema: 'Feedback', description: "The operator's verdict.", example: EX.feedback },
    responses: {
      '200': duplicate('feedback'),
      '201': accepted('feedback', LOCATION),
      ...writeResponses(
        `the decision already holds ${LIMITS.maxFeedbackEvents} feedback events (\`too_many_feedback\`).`,
        singleUnprocessable,
      ),
    },
  },
  'GET /v1/decisions': {
    operationId: 'listDecisions',
    summary: 'List decisions, newest first',
    tag: 'decisions',
    parameters: listParameters(decisionListQuerySchema, {
      applianceId: 'Only decisions of this appliance.',
      executionStatus: 'Only decisions whose execution ended so.',
      maxConfidence: 'Only decisions at most this confident (0 to 1).',
      since: 'Only decisions that occurred at or after this RFC 3339 time.',
      until: 'Only decisions that occurred at or before this RFC 3339 time.',
      ...PAGE,
    }),
    responses: {
      '200': jsonResponse('One page of decisions.', schemaRef('DecisionList')),
      '400': problem(
        'The cursor does not belong to this query, index or tenant, or was changed (`invalid_cursor`).',
      ),
      ...AUTH_RESPONSES,
      '422': problem('A query parameter is invalid or unknown (`invalid_query`).'),
    },
  },
  'GET /v1/decisions/{id}': {
    operationId: 'getDecision',
    summary: 'Read one decision',
    tag: 'decisions',
    responses: {
      '200': jsonResponse('The decision, merged from its events.', schemaRef('DecisionRecord')),
      ...AUTH_RESPONSES,
      '404': problem('No decision of this tenant has this id, or the id is not a UUID (`not_found`).'),
    },
  },
  'POST /v1/heartbeats': {
    operationId: 'ingestHeartbeats',
    summary: 'Record one heartbeat or a batch',
    description:
      'Idempotent on `applianceId` and `sentAt`. A batch (`{"heartbeats": [...]}`, an offline buffer) ' +
      'answers per item.',
    tag: 'appliances',
    requestBody: {
      schema: 'HeartbeatBatch',
      description: 'One heartbeat or a batch.',
      example: EX.heartbeat,
    },
    responses: {
      '200': jsonResponse(
        'One duplicate heartbeat, or a batch in which every item was accepted or a duplicate.',
        { oneOf: [schemaRef('ItemResult'), schemaRef('BatchResult')] },
      ),
      '201': accepted('heartbeat'),
      '207': jsonResponse('A batch with mixed outcomes.', schemaRef('BatchResult')),
      ...writeResponses(
        'a different heartbeat is already stored for this appliance and `sentAt`.',
        batchUnprocessable,
      ),
    },
  },
  'GET /v1/appliances': {
    operationId: 'listAppliances',
    summary: 'List appliances and their last heartbeat',
    tag: 'appliances',
    parameters: listParameters(applianceListQuerySchema, PAGE),
    responses: {
      '200': jsonResponse('One page of appliances.', schemaRef('ApplianceList')),
      '400': problem(
        'The cursor does not belong to this query, index or tenant, or was changed (`invalid_cursor`).',
      ),
      ...AUTH_RESPONSES,
      '422': problem('A query parameter is invalid or unknown (`invalid_query`).'),
    },
  },
  'GET /health': {
    operationId: 'getHealth',
    summary: 'Service health',
    tag: 'service',
    responses: {
      '200': jsonResponse('Every dependency answers.', schemaRef('Health')),
      '503': jsonResponse('A dependency is down.', schemaRef('Health')),
    },
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI document',
    tag: 'service',
    responses: {
      '200': jsonResponse('The OpenAPI 3.1 document.', { type: 'object' }),
    },
  },
};

const INFO_DESCRIPTION = `Ingest and read the decisions of AI operations agents and the heartbeats of their appliances.

Authenticate with \`Authorization: Bearer <key>\`; keys look like \`aiops_<keyId>_<secret>\` and carry scopes
(\`decisions:write\`, \`heartbeats:write\`, \`read\`). Every write is idempotent on the client's id, and events of one
decision (decision, execution, feedback) may arrive in any order and more than once. Errors are RFC 9457 problem
details (\`application/problem+json\`) with a machine-readable \`code\`.

Limits: body ${LIMITS.maxBodyBytes} bytes, ${LIMITS.maxBatchItems} items per batch, query ${LIMITS.maxQueryChars} characters,
playbook ${LIMITS.maxPlaybookChars}, execution output ${LIMITS.maxOutputChars}, intent parameters ${LIMITS.maxIntentParametersBytes} bytes,
clock skew ${LIMITS.maxClockSkewSeconds} s. An answer lists at most ${LIMITS.maxErrorsPerItem} field errors per item and
${LIMITS.maxErrorsPerResponse} in all (\`errorCount\` has the total). The JSON Schemas of the payloads are also published on their own as
\`urn:aiops-observability:schema:v1:<name>\`.`;

const PROBLEM_CONTENT = { 'application/problem+json': { schema: schemaRef('Problem') } };

function operation(spec: OperationSpec, scope: string | undefined, path: string): JsonSchema {
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => {
    if (name !== 'id') throw new Error(`openapi: no parameter definition for {${name}} in ${path}`);
    return { $ref: '#/components/parameters/DecisionId' };
  });
  const parameters = [...pathParams, ...(spec.parameters ?? [])];
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    security: scope ? [{ [SECURITY_SCHEME]: [scope] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.requestBody
      ? {
          requestBody: {
            required: true,
            description: spec.requestBody.description,
            content: {
              'application/json': {
                schema: schemaRef(spec.requestBody.schema),
                example: spec.requestBody.example,
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(spec.responses).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function paths(): Record<string, Record<string, JsonSchema>> {
  const known = new Set(ROUTES.map(routeKey));
  const undocumented = [...known].filter((k) => !OPERATIONS[k]);
  const stale = Object.keys(OPERATIONS).filter((k) => !known.has(k));
  if (undocumented.length > 0 || stale.length > 0) {
    throw new Error(`openapi: routes without operation: ${undocumented}; operations without route: ${stale}`);
  }
  const out: Record<string, Record<string, JsonSchema>> = {};
  for (const route of ROUTES) {
    const spec = OPERATIONS[routeKey(route)] as OperationSpec;
    out[route.path] ??= {};
    (out[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation(
      spec,
      route.scope,
      route.path,
    );
  }
  return out;
}

/**
 * The OpenAPI 3.1 document of the ingest API, built from `ROUTES` and the contract's zod schemas
 * (request bodies as clients may send them, responses as the API answers). Pure and deterministic.
 * @example
 * const doc = buildOpenApiDocument();
 * doc.paths['/v1/decisions'].post.operationId // 'ingestDecisions'
 */
export function buildOpenApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'aiops-observability ingest API',
      version: '1.0.0',
      description: INFO_DESCRIPTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: [
      { name: 'decisions', description: 'Decisions of AI agents, their executions and feedback.' },
      { name: 'appliances', description: 'Heartbeats and the state of appliances.' },
      { name: 'service', description: 'Health and this document; no key needed.' },
    ],
    paths: paths(),
    components: {
      schemas: contractComponents('#/components/schemas/'),
      parameters: {
        DecisionId: {
          name: 'id',
          in: 'path',
          required: true,
          description: 'The client-generated `decisionId` (a UUID, any case).',
          schema: convertSchema(uuid, 'input').schema,
        },
      },
      responses: {
        Problem: { description: 'Problem details (RFC 9457).', content: PROBLEM_CONTENT },
        Unauthorized: {
          description: 'The API key is missing, malformed, unknown or revoked (`unauthorized`).',
          headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
          content: PROBLEM_CONTENT,
        },
        Forbidden: {
          description: 'The key lacks the scope this route needs (`insufficient_scope`).',
          headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
          content: PROBLEM_CONTENT,
        },
        TooManyRequests: {
          description:
            'Throttled; retry with backoff. API Gateway answers `{"message": "Too Many Requests"}` as application/json.',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
            },
            ...PROBLEM_CONTENT,
          },
        },
      },
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'aiops_<keyId>_<secret>',
          description:
            '`Authorization: Bearer aiops_<keyId>_<secret>`. The scopes an operation lists are the ones the key must hold.',
        },
      },
    },
  };
}
