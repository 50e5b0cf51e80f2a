import { describe, expect, it } from 'vitest';
import { decisionBatchSchema, decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import { heartbeatBatchSchema, heartbeatSchema } from '#contract/heartbeat';
import { intentSchema } from '#contract/intent';
import { LIMITS } from '#contract/limits';
import { applianceListQuerySchema, decisionListQuerySchema } from '#contract/list-queries';
import type * as z from '#contract/zod';
import {
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleFeedback,
  sampleHeartbeat,
} from '../../support/samples.ts';

type Limit = keyof typeof LIMITS;

/** A limit and how to build a payload that sits exactly `n` at it. */
interface Boundary {
  readonly limit: Limit;
  readonly what: string;
  readonly schema: z.ZodMiniType;
  readonly build: (n: number) => unknown;
}

const services = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`svc-${i}`, 'up' as const]));

const BOUNDARIES: Boundary[] = [
  {
    limit: 'maxIntentParametersDepth',
    what: 'nesting of intent parameters',
    schema: intentSchema,
    build: (n) => {
      let value: unknown = 'leaf';
      for (let i = 1; i < n; i++) value = { k: value };
      return { action: 'dns.add_record', parameters: { k: value } };
    },
  },
  {
    limit: 'maxBatchItems',
    what: 'decisions per batch',
    schema: decisionBatchSchema,
    build: (n) => ({ decisions: Array.from({ length: n }, () => ({})) }),
  },
  {
    limit: 'maxBatchItems',
    what: 'heartbeats per batch',
    schema: heartbeatBatchSchema,
    build: (n) => ({ heartbeats: Array.from({ length: n }, () => ({})) }),
  },
  {
    limit: 'maxQueryChars',
    what: 'query characters',
    schema: decisionSchema,
    build: (n) => sampleDecision({ query: 'q'.repeat(n) }),
  },
  {
    limit: 'maxPlaybookChars',
    what: 'playbook YAML characters',
    schema: decisionSchema,
    build: (n) => ({ ...sampleDecision(), playbook: { ...sampleDecision().playbook, yaml: 'y'.repeat(n) } }),
  },
  {
    limit: 'maxTasks',
    what: 'playbook tasksCount',
    schema: decisionSchema,
    build: (n) => ({ ...sampleDecision(), playbook: { ...sampleDecision().playbook, tasksCount: n } }),
  },
  {
    limit: 'maxTasks',
    what: 'per-task results',
    schema: executionSchema,
    build: (n) =>
      sampleExecution({
        tasks: Array.from({ length: n }, (_, i) => ({
          name: `task ${i}`,
          status: 'ok',
          durationSeconds: 0.1,
        })),
      }),
  },
  {
    limit: 'maxTaskNameChars',
    what: 'task name characters',
    schema: executionSchema,
    build: (n) => sampleExecution({ tasks: [{ name: 't'.repeat(n), status: 'ok', durationSeconds: 1 }] }),
  },
  {
    limit: 'maxOutputChars',
    what: 'execution output characters',
    schema: executionSchema,
    build: (n) => sampleExecution({ output: 'o'.repeat(n), outputTruncated: true }),
  },
  {
    limit: 'maxErrors',
    what: 'errors per execution',
    schema: executionSchema,
    build: (n) => sampleFailedExecution({ errors: Array.from({ length: n }, (_, i) => `error ${i}`) }),
  },
  {
    limit: 'maxErrorChars',
    what: 'characters of an error',
    schema: executionSchema,
    build: (n) => sampleFailedExecution({ errors: ['e'.repeat(n)] }),
  },
  {
    limit: 'maxIntentParametersBytes',
    what: 'serialised intent parameters bytes',
    schema: intentSchema,
    // {"note":"..."} is 11 bytes plus the value
    build: (n) => ({ action: 'dns.add_record', parameters: { note: 'x'.repeat(n - 11) } }),
  },
  {
    limit: 'maxCommentChars',
    what: 'feedback comment characters',
    schema: feedbackSchema,
    build: (n) => sampleFeedback({ comment: 'c'.repeat(n) }),
  },
  {
    limit: 'maxServices',
    what: 'services per heartbeat',
    schema: heartbeatSchema,
    build: (n) => sampleHeartbeat({ services: services(n) }),
  },
  {
    limit: 'maxNameChars',
    what: 'agent name characters',
    schema: decisionSchema,
    build: (n) => sampleDecision({ agent: { name: 'a'.repeat(n), version: '2.4.1' } }),
  },
  {
    limit: 'maxNameChars',
    what: 'heartbeat agentVersion characters',
    schema: heartbeatSchema,
    build: (n) => sampleHeartbeat({ agentVersion: 'v'.repeat(n) }),
  },
  ...(['inputTokens', 'outputTokens'] as const).map(
    (field): Boundary => ({
      limit: 'maxTokens',
      what: `llm.${field}`,
      schema: decisionSchema,
      build: (n) => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, [field]: n } }),
    }),
  ),
  ...(['ok', 'changed', 'failed', 'skipped', 'unreachable'] as const).map(
    (field): Boundary => ({
      limit: 'maxTaskCount',
      what: `taskCounts.${field}`,
      schema: executionSchema,
      build: (n) => sampleExecution({ taskCounts: { ...sampleExecution().taskCounts, [field]: n } }),
    }),
  ),
  {
    limit: 'maxPageSize',
    what: 'page size of GET /v1/decisions',
    schema: decisionListQuerySchema,
    build: (n) => ({ limit: String(n) }),
  },
  {
    limit: 'maxPageSize',
    what: 'page size of GET /v1/appliances',
    schema: applianceListQuerySchema,
    build: (n) => ({ limit: String(n) }),
  },
];

/** Limits enforced outside the zod schemas, and where. */
const ENFORCED_ELSEWHERE: Partial<Record<Limit, string>> = {
  maxBodyBytes: 'lambdas/http/request-body.ts (413 before parsing)',
  maxBodyDepth:
    'lambdas/http/request-body.ts (422 too_deep before the schemas; test/unit/http/request-body.test.ts)',
  maxClockSkewSeconds: 'lambdas/domain/timestamps.ts (needs the clock)',
  maxFeedbackEvents:
    'lambdas/adapters/dynamodb/section-write.ts (a count per stored decision; test/unit/adapters/dynamodb)',
  defaultPageSize: 'a default, not a limit; checked below',
  maxErrorsPerItem:
    'lambdas/domain/field-errors.ts (bounds the answer, not the body; test/e2e/bad-input-error-cap)',
  maxErrorsPerResponse: 'lambdas/http/problem.ts and item-results.ts (test/e2e/bad-input-error-cap)',
};

const accepts = (schema: z.ZodMiniType, value: unknown) => schema.safeParse(value).success;

describe('contract v1 samples', () => {
  it.each([
    ['decision', decisionSchema, sampleDecision],
    ['execution', executionSchema, sampleExecution],
    ['failed execution', executionSchema, sampleFailedExecution],
    ['feedback', feedbackSchema, sampleFeedback],
    ['heartbeat', heartbeatSchema, sampleHeartbeat],
  ] as const)('a sample %s is valid', (_name, schema, build) => {
    // Prepare
    const sample = build();

    // Act
    const result = schema.safeParse(sample);

    // Assess
    expect(result.error?.issues).toBeUndefined();
  });

  it('builds fresh ids on each call', () => {
    // Prepare / Act
    const [a, b] = [sampleDecision(), sampleDecision()];

    // Assess
    expect(a.decisionId).not.toBe(b.decisionId);
    expect(a.traceId).not.toBe(b.traceId);
  });
});

describe('LIMITS at their boundaries', () => {
  it('covers every limit, here or where it is enforced', () => {
    // Prepare
    const tested = new Set<string>([...BOUNDARIES.map((b) => b.limit), ...Object.keys(ENFORCED_ELSEWHERE)]);

    // Act
    const untested = Object.keys(LIMITS).filter((k) => !tested.has(k));

    // Assess
    expect(untested).toEqual([]);
  });

  it.each(BOUNDARIES)('$what: $limit is accepted, one more is rejected', ({ limit, schema, build }) => {
    // Prepare
    const max = LIMITS[limit];

    // Act
    const atMax = schema.safeParse(build(max));
    const overMax = schema.safeParse(build(max + 1));

    // Assess
    expect(atMax.error?.issues).toBeUndefined();
    expect(overMax.success).toBe(false);
  });

  it('pages default to defaultPageSize and refuse 0', () => {
    // Prepare / Act
    const defaults = decisionListQuerySchema.parse({});
    const zero = decisionListQuerySchema.safeParse({ limit: '0' });

    // Assess
    expect(defaults.limit).toBe(LIMITS.defaultPageSize);
    expect(zero.success).toBe(false);
  });

  it('counts characters as code points, as JSON Schema does (an emoji counts once)', () => {
    // Prepare
    const max = LIMITS.maxQueryChars;

    // Act
    const fits = accepts(decisionSchema, sampleDecision({ query: '🛠'.repeat(max) }));
    const tooLong = accepts(decisionSchema, sampleDecision({ query: '🛠'.repeat(max + 1) }));

    // Assess
    expect([fits, tooLong]).toEqual([true, false]);
  });
});

describe('numbers', () => {
  it.each([
    ['confidence NaN', () => sampleDecision({ confidence: Number.NaN })],
    ['confidence Infinity', () => sampleDecision({ confidence: Number.POSITIVE_INFINITY })],
    ['confidence above 1', () => sampleDecision({ confidence: 1.0001 })],
    ['confidence below 0', () => sampleDecision({ confidence: -0.01 })],
    [
      'llm.durationMs Infinity',
      () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, durationMs: Infinity } }),
    ],
    [
      'fractional inputTokens',
      () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, inputTokens: 1.5 } }),
    ],
    [
      'negative outputTokens',
      () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, outputTokens: -1 } }),
    ],
  ])('a decision with %s is rejected', (_name, build) => {
    // Prepare / Act / Assess
    expect(accepts(decisionSchema, build())).toBe(false);
  });

  it.each([
    ['cpuPercent NaN', { cpuPercent: Number.NaN }],
    ['diskPercent -Infinity', { diskPercent: Number.NEGATIVE_INFINITY }],
    ['memoryPercent above 100', { memoryPercent: 100.01 }],
  ])('a heartbeat with %s is rejected', (_name, overrides) => {
    // Prepare / Act / Assess
    expect(accepts(heartbeatSchema, sampleHeartbeat(overrides))).toBe(false);
  });

  it('accepts the ends of every range', () => {
    // Prepare
    const edges = [
      accepts(decisionSchema, sampleDecision({ confidence: 0 })),
      accepts(decisionSchema, sampleDecision({ confidence: 1 })),
      accepts(heartbeatSchema, sampleHeartbeat({ cpuPercent: 0, memoryPercent: 100, diskPercent: 100 })),
      accepts(executionSchema, sampleExecution({ durationSeconds: 86_400 })),
    ];

    // Assess
    expect(edges).toEqual([true, true, true, true]);
  });

  it('the replica holds the sums of counts at their limits in PostgreSQL integer columns', () => {
    // Prepare
    const int4Max = 2 ** 31 - 1;

    // Act / Assess: llm_tokens_used = input + output; tasks_executed = ok + failed + unreachable
    expect(2 * LIMITS.maxTokens).toBeLessThanOrEqual(int4Max);
    expect(3 * LIMITS.maxTaskCount).toBeLessThanOrEqual(int4Max);
  });

  const llm = (o: Record<string, unknown>) => ({ ...sampleDecision().llm, ...o });
  const task = (durationSeconds: number) => ({ name: 't', status: 'ok' as const, durationSeconds });
  it.each([1e-200, 5e-324, 9.99e-131])(
    'refuses %s, which DynamoDB cannot store, in every measured field',
    (tiny) => {
      // Prepare
      const cases = [
        [decisionSchema, sampleDecision({ confidence: tiny })],
        [decisionSchema, { ...sampleDecision(), llm: llm({ durationMs: tiny }) }],
        [executionSchema, sampleExecution({ durationSeconds: tiny })],
        [executionSchema, sampleExecution({ tasks: [task(tiny)] })],
        [heartbeatSchema, sampleHeartbeat({ cpuPercent: tiny })],
        [heartbeatSchema, sampleHeartbeat({ memoryPercent: tiny })],
        [heartbeatSchema, sampleHeartbeat({ diskPercent: tiny })],
      ] as const;

      // Act
      const accepted = cases.map(([schema, value]) => accepts(schema, value));

      // Assess
      expect(accepted).toEqual(cases.map(() => false));
    },
  );

  it('accepts 0 and 1e-130, the smallest magnitude DynamoDB stores', () => {
    // Prepare / Act
    const edges = [0, 1e-130].flatMap((n) => [
      accepts(decisionSchema, sampleDecision({ confidence: n })),
      accepts(executionSchema, sampleExecution({ durationSeconds: n, tasks: [task(n)] })),
      accepts(heartbeatSchema, sampleHeartbeat({ cpuPercent: n })),
    ]);

    // Assess
    expect(edges).toEqual(edges.map(() => true));
  });

  it('rejects an execution lasting longer than a day', () => {
    // Prepare / Act / Assess
    expect(accepts(executionSchema, sampleExecution({ durationSeconds: 86_400.5 }))).toBe(false);
  });
});

describe('unknown fields', () => {
  it.each([
    ['decision', decisionSchema, () => ({ ...sampleDecision(), customerId: 'acme' })],
    [
      'decision.agent',
      decisionSchema,
      () => sampleDecision({ agent: { name: 'a', version: '1', os: 'linux' } as never }),
    ],
    [
      'decision.llm',
      decisionSchema,
      () => ({ ...sampleDecision(), llm: { ...sampleDecision().llm, temperature: 0 } }),
    ],
    [
      'decision.playbook',
      decisionSchema,
      () => ({ ...sampleDecision(), playbook: { ...sampleDecision().playbook, path: '/tmp/x.yml' } }),
    ],
    [
      'decision.intent',
      decisionSchema,
      () => sampleDecision({ intent: { action: 'dns.add_record', extra: 1 } as never }),
    ],
    ['execution', executionSchema, () => ({ ...sampleExecution(), host: 'localhost' })],
    [
      'execution.taskCounts',
      executionSchema,
      () => ({ ...sampleExecution(), taskCounts: { ...sampleExecution().taskCounts, ignored: 0 } }),
    ],
    [
      'execution.tasks[]',
      executionSchema,
      () => sampleExecution({ tasks: [{ name: 'x', status: 'ok', durationSeconds: 1, host: 'h' } as never] }),
    ],
    ['feedback', feedbackSchema, () => ({ ...sampleFeedback(), stars: 5 })],
    ['heartbeat', heartbeatSchema, () => ({ ...sampleHeartbeat(), uptime: 3600 })],
    ['decision batch', decisionBatchSchema, () => ({ decisions: [{}], dryRun: true })],
  ] as const)('an unknown field in %s is rejected', (_where, schema, build) => {
    // Prepare / Act / Assess
    expect(accepts(schema, build())).toBe(false);
  });
});

describe('intent parameters hold what DynamoDB and PostgreSQL keep', () => {
  const intent = (parameters: unknown) => ({ action: 'dns.add_record', parameters });
  const issues = (parameters: unknown) =>
    (intentSchema.safeParse(intent(parameters)).error?.issues ?? []).map((i) => i.path);

  it.each([
    ['1e16 (beyond 2^53)', { n: 1e16 }],
    ['-9.999999999999998e125', { n: -9.999999999999998e125 }],
    ['1e-130 and -1e-130', { n: [1e-130, -1e-130] }],
    ['other control characters in strings and names', { 'a': 'b' }],
    ['astral characters', { '🛠': '🚀' }],
  ])('accepts %s', (_name, parameters) => {
    // Prepare / Act / Assess
    expect(issues(parameters)).toEqual([]);
  });

  it.each([
    ['1e-200', { a: { n: 1e-200 } }, ['parameters', 'a', 'n']],
    ['-5e-324 in an array', { a: [1, -5e-324] }, ['parameters', 'a', 1]],
    ['1e126', { n: 1e126 }, ['parameters', 'n']],
    ['-Number.MAX_VALUE', { n: -Number.MAX_VALUE }, ['parameters', 'n']],
    ['U+0000 in a string', { a: ['x\u0000'] }, ['parameters', 'a', 0]],
    ['U+0000 in a nested member name', { a: { 'b\u0000': 1 } }, ['parameters', 'a', 'b\u0000']],
    ['U+0000 in a top-level member name', { 'b\u0000': 1 }, ['parameters', 'b\u0000']],
    ['a lone surrogate in a string', { a: 'x\ud800' }, ['parameters', 'a']],
    ['a lone surrogate in a member name', { a: { '\udc00': 1 } }, ['parameters', 'a', '\udc00']],
    ['an empty nested member name', { a: { '': 1 } }, ['parameters', 'a', '']],
  ])('refuses %s, naming it', (_name, parameters, path) => {
    // Prepare / Act / Assess
    expect(issues(parameters)).toEqual([path]);
  });

  it('names every value it refuses, not only the first', () => {
    // Prepare / Act / Assess
    expect(issues({ a: 1e-200, b: [1e300, 'ok', 'x\u0000'] })).toEqual([
      ['parameters', 'a'],
      ['parameters', 'b', 0],
      ['parameters', 'b', 2],
    ]);
  });

  it('answers nesting past the limit once, at the parameters, whatever lies below', () => {
    // Prepare
    let deep: unknown = 1e-200;
    for (let i = 0; i < LIMITS.maxIntentParametersDepth; i++) deep = [deep];

    // Act / Assess
    expect(issues({ a: deep })).toEqual([['parameters']]);
  });
});

describe('feedback', () => {
  it('needs at least one field besides schemaVersion', () => {
    // Prepare / Act
    const result = feedbackSchema.safeParse({ schemaVersion: 1 });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at least one of/);
  });

  it.each([
    { rating: 'thumbs_down' },
    { comment: '' },
    { correctIntent: { action: 'dns.add_record' } },
    { humanVerified: false },
    { isTrainingData: false },
  ] as const)('is valid with only %o', (field) => {
    // Prepare / Act / Assess
    expect(accepts(feedbackSchema, { schemaVersion: 1, ...field })).toBe(true);
  });

  it('gives a correctIntent without parameters empty parameters', () => {
    // Prepare / Act
    const parsed = feedbackSchema.parse({ schemaVersion: 1, correctIntent: { action: 'dns.add_record' } });

    // Assess
    expect(parsed.correctIntent?.parameters).toEqual({});
  });

  it('rejects an unknown rating', () => {
    // Prepare / Act / Assess
    expect(accepts(feedbackSchema, { schemaVersion: 1, rating: 'meh' })).toBe(false);
  });
});

describe('identifiers and timestamps', () => {
  it('lower-cases the decisionId', () => {
    // Prepare
    const upper = '0B9F3C2E-5D1A-4C47-9A57-3F2D8E6B1C04';

    // Act
    const parsed = decisionSchema.parse(sampleDecision({ decisionId: upper }));

    // Assess
    expect(parsed.decisionId).toBe(upper.toLowerCase());
  });

  it.each(['not-a-uuid', '0b9f3c2e5d1a4c479a573f2d8e6b1c04', '0b9f3c2e-5d1a-4c47-9a57-3f2d8e6b1c0', ''])(
    'rejects the decisionId %j',
    (decisionId) => {
      // Prepare / Act / Assess
      expect(accepts(decisionSchema, sampleDecision({ decisionId }))).toBe(false);
    },
  );

  it.each(['4bf92f3577b34da6a3ce929d0e0e4736', '1-5f84c7a1-6c7d1e2f3a4b5c6d7e8f9a0b'])(
    'accepts the trace id %s',
    (traceId) => {
      // Prepare / Act / Assess
      expect(accepts(decisionSchema, sampleDecision({ traceId }))).toBe(true);
    },
  );

  it.each(['4BF92F3577B34DA6A3CE929D0E0E4736', '4bf92f3577b34da6a3ce929d0e0e473', '1-5f84c7a1-xyz'])(
    'rejects the trace id %s',
    (traceId) => {
      // Prepare / Act / Assess
      expect(accepts(decisionSchema, sampleDecision({ traceId }))).toBe(false);
    },
  );

  it.each([
    ['2026-11-21T10:15:00Z', true],
    ['2026-11-21T10:15:00.123+02:00', true],
    ['2026-11-21T10:15:00', false],
    ['2026-11-21 10:15:00Z', false],
    ['2026-02-30T10:15:00Z', false],
    ['1970-01-01T00:00:00Z', true],
    ['1970-01-01T01:00:00+01:00', true],
    ['1969-12-31T23:59:59.999Z', false],
    ['1970-01-01T00:30:00+01:00', false],
    ['0000-01-01T00:00:00Z', false],
  ])('occurredAt %s valid: %s', (occurredAt, valid) => {
    // Prepare / Act / Assess
    expect(accepts(decisionSchema, sampleDecision({ occurredAt }))).toBe(valid);
  });

  it.each([
    ['ucs-primary.office.example', true],
    ['thing:42_a', true],
    ['-leading-dash', false],
    ['has space', false],
    ['a'.repeat(129), false],
  ])('applianceId %s valid: %s', (applianceId, valid) => {
    // Prepare / Act / Assess
    expect(accepts(heartbeatSchema, sampleHeartbeat({ applianceId }))).toBe(valid);
  });

  it('rejects another schemaVersion', () => {
    // Prepare / Act / Assess
    expect(accepts(decisionSchema, { ...sampleDecision(), schemaVersion: 2 })).toBe(false);
  });
});

describe('heartbeat services', () => {
  it.each([
    [{ named: 'degraded' }, 'an unknown state'],
    [{ '-named': 'up' }, 'a name starting with a dash'],
    [{ 'bind 9': 'up' }, 'a name with a space'],
  ])('rejects %o (%s)', (value, _why) => {
    // Prepare / Act / Assess
    expect(accepts(heartbeatSchema, sampleHeartbeat({ services: value as never }))).toBe(false);
  });

  it('accepts no services at all', () => {
    // Prepare / Act / Assess
    expect(accepts(heartbeatSchema, sampleHeartbeat({ services: {} }))).toBe(true);
  });
});

describe('text', () => {
  it('allows newlines, tabs and carriage returns in free text', () => {
    // Prepare
    const query = 'line one\r\nline two\twith a tab';

    // Act / Assess
    expect(accepts(decisionSchema, sampleDecision({ query }))).toBe(true);
    expect(accepts(executionSchema, sampleExecution({ output: `${query}\n` }))).toBe(true);
  });

  it.each([
    ['BEL', '\u0007'],
    ['NUL', '\u0000'],
    ['ESC', '\u001b[31m'],
    ['DEL', '\u007f'],
    ['NEL (C1)', '\u0085'],
  ])('rejects %s in free text', (_name, control) => {
    // Prepare / Act / Assess
    expect(accepts(decisionSchema, sampleDecision({ query: `add a record${control}` }))).toBe(false);
    expect(accepts(feedbackSchema, sampleFeedback({ comment: `fine${control}` }))).toBe(false);
  });

  it.each([
    ['a tab', 'aiops\tagent'],
    ['a newline', 'aiops\nagent'],
    ['NEL (C1)', 'aiops\u0085agent'],
  ])('rejects %s in a short name', (_name, name) => {
    // Prepare / Act / Assess
    expect(accepts(decisionSchema, sampleDecision({ agent: { name, version: '2.4.1' } }))).toBe(false);
  });

  it('rejects lone surrogates but accepts paired ones', () => {
    // Prepare
    const lone = sampleDecision({ query: 'broken \ud83d text' });
    const paired = sampleDecision({ query: 'fixed 🛠 text' });

    // Act / Assess
    expect(accepts(decisionSchema, lone)).toBe(false);
    expect(accepts(decisionSchema, paired)).toBe(true);
  });

  it('rejects an empty query and an empty playbook', () => {
    // Prepare / Act / Assess
    expect(accepts(decisionSchema, sampleDecision({ query: '' }))).toBe(false);
    expect(
      accepts(decisionSchema, { ...sampleDecision(), playbook: { ...sampleDecision().playbook, yaml: '' } }),
    ).toBe(false);
  });

  it('rejects an upper-case playbook sha256', () => {
    // Prepare
    const playbook = sampleDecision().playbook;

    // Act / Assess
    expect(
      accepts(
        decisionSchema,
        sampleDecision({ playbook: playbook && { ...playbook, sha256: playbook.sha256.toUpperCase() } }),
      ),
    ).toBe(false);
  });
});

describe('list queries', () => {
  it('coerces numbers from the query string', () => {
    // Prepare / Act
    const parsed = decisionListQuerySchema.parse({
      limit: '10',
      maxConfidence: '0.5',
      executionStatus: 'failed',
    });

    // Assess
    expect(parsed).toMatchObject({ limit: 10, maxConfidence: 0.5, executionStatus: 'failed' });
  });

  it.each([
    [{ maxConfidence: '1.5' }, 'maxConfidence above 1'],
    [{ executionStatus: 'ok' }, 'an unknown status'],
    [{ since: '2026-11-22T00:00:00Z', until: '2026-11-21T00:00:00Z' }, 'since after until'],
    [{ order: 'asc' }, 'an unknown parameter'],
  ])('rejects %o (%s)', (query, _why) => {
    // Prepare / Act / Assess
    expect(accepts(decisionListQuerySchema, query)).toBe(false);
  });
});
