/**
 * Bad input, part 4: executions, feedback and heartbeats that break the contract, and a bad
 * decision id in the path. Each gets a 422 problem+json naming the failing field (a JSON
 * Pointer into the body, or `path:id`), and nothing is written.
 */
import { describe, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { useTestApi } from '../support/local-api.ts';
import { sampleExecution, sampleFeedback, sampleHeartbeat } from '../support/samples.ts';
import {
  type BadCase,
  expectStillUp,
  refused,
  runBadCase,
  UNUSED_ID,
  withFields,
  withRawValue,
} from './bad-input-helpers.ts';

const api = useTestApi();

const EXECUTION = `/v1/decisions/${UNUSED_ID}/execution`;
const FEEDBACK = `/v1/decisions/${UNUSED_ID}/feedback`;
const HEARTBEATS = '/v1/heartbeats';

const execution = (o: Record<string, unknown> = {}) => withFields(sampleExecution(), o);
const feedback = (o: Record<string, unknown> = {}) => withFields(sampleFeedback(), o);
const heartbeat = (o: Record<string, unknown> = {}) => withFields(sampleHeartbeat(), o);

const over = (n: number) => 'a'.repeat(n);
const future = () => new Date(Date.now() + 600_000).toISOString();
const sampleCounts = sampleExecution().taskCounts;

const executionCases: BadCase[] = [
  refused('status "ok"', EXECUTION, execution({ status: 'ok' }), '/status'),
  refused('status as a number', EXECUTION, execution({ status: 1 }), '/status'),
  refused('changed "yes"', EXECUTION, execution({ changed: 'yes' }), '/changed'),
  refused(
    'durationSeconds as a string',
    EXECUTION,
    execution({ durationSeconds: '4.7' }),
    '/durationSeconds',
  ),
  refused(
    'durationSeconds 1e999',
    EXECUTION,
    withRawValue(execution(), 'durationSeconds', '1e999'),
    '/durationSeconds',
  ),
  refused('durationSeconds negative', EXECUTION, execution({ durationSeconds: -1 }), '/durationSeconds'),
  refused(
    'taskCounts.ok negative',
    EXECUTION,
    execution({ taskCounts: { ...sampleCounts, ok: -1 } }),
    '/taskCounts/ok',
  ),
  refused('taskCounts as an array', EXECUTION, execution({ taskCounts: [3, 1, 0, 0, 0] }), '/taskCounts'),
  refused(
    'tasks[1].status unknown',
    EXECUTION,
    execution({
      tasks: [
        { name: 'a', status: 'ok', durationSeconds: 1 },
        { name: 'b', status: 'bad', durationSeconds: 1 },
      ],
    }),
    '/tasks/1/status',
  ),
  refused(
    'startedAt without an offset',
    EXECUTION,
    execution({ startedAt: '2026-11-21T10:00:00' }),
    '/startedAt',
  ),
  refused(
    'startedAt in the future',
    EXECUTION,
    execution({ startedAt: future() }),
    '/startedAt',
    'timestamp_in_future',
  ),
  refused(
    'output of maxOutputChars + 1',
    EXECUTION,
    execution({ output: over(LIMITS.maxOutputChars + 1) }),
    '/output',
    'too_big',
  ),
  refused(
    'errors: maxErrors + 1 messages',
    EXECUTION,
    execution({ errors: Array.from({ length: LIMITS.maxErrors + 1 }, (_, i) => `error ${i}`) }),
    '/errors',
    'too_big',
  ),
  refused(
    'an error of maxErrorChars + 1',
    EXECUTION,
    execution({ errors: ['ok', over(LIMITS.maxErrorChars + 1)] }),
    '/errors/1',
    'too_big',
  ),
  refused(
    'tasks: maxTasks + 1 results',
    EXECUTION,
    execution({
      tasks: Array.from({ length: LIMITS.maxTasks + 1 }, () => ({
        name: 't',
        status: 'ok',
        durationSeconds: 0,
      })),
    }),
    '/tasks',
    'too_big',
  ),
  refused('output with \\u0000', EXECUTION, execution({ output: 'fatal\u0000' }), '/output'),
  refused('output with \\u001b', EXECUTION, execution({ output: '\u001b[31mfatal\u001b[0m' }), '/output'),
  refused(
    'output with an escaped lone surrogate',
    EXECUTION,
    withRawValue(execution(), 'output', '"\\ud800"'),
    '/output',
  ),
  refused('unknown field', EXECUTION, execution({ exitCode: 2 }), '/exitCode', 'unknown_field'),
  refused(
    'unknown field in taskCounts',
    EXECUTION,
    execution({ taskCounts: { ...sampleCounts, rescued: 0 } }),
    '/taskCounts/rescued',
    'unknown_field',
  ),
];

const feedbackCases: BadCase[] = [
  refused('rating "meh"', FEEDBACK, feedback({ rating: 'meh' }), '/rating'),
  refused('humanVerified "true"', FEEDBACK, feedback({ humanVerified: 'true' }), '/humanVerified'),
  refused('isTrainingData 1', FEEDBACK, feedback({ isTrainingData: 1 }), '/isTrainingData'),
  refused('comment as a number', FEEDBACK, feedback({ comment: 5 }), '/comment'),
  refused(
    'comment of maxCommentChars + 1',
    FEEDBACK,
    feedback({ comment: over(LIMITS.maxCommentChars + 1) }),
    '/comment',
    'too_big',
  ),
  refused('comment with \\u001b', FEEDBACK, feedback({ comment: 'bad\u001b[2J' }), '/comment'),
  refused(
    'comment with an escaped lone surrogate',
    FEEDBACK,
    withRawValue(feedback(), 'comment', '"\\udfff"'),
    '/comment',
  ),
  refused(
    'correctIntent.action bad',
    FEEDBACK,
    feedback({ correctIntent: { action: 'Not An Action' } }),
    '/correctIntent/action',
  ),
  refused(
    'schemaVersion 1e999',
    FEEDBACK,
    withRawValue(feedback(), 'schemaVersion', '1e999'),
    '/schemaVersion',
  ),
  refused('nothing but schemaVersion', FEEDBACK, { schemaVersion: 1 }, ''),
  refused('an empty object', FEEDBACK, {}, '/schemaVersion'),
  refused('unknown field', FEEDBACK, feedback({ stars: 5 }), '/stars', 'unknown_field'),
  refused(
    'unknown field in correctIntent',
    FEEDBACK,
    feedback({ correctIntent: { action: 'dns.add_record', foo: 1 } }),
    '/correctIntent/foo',
    'unknown_field',
  ),
];

const manyServices = Object.fromEntries(
  Array.from({ length: LIMITS.maxServices + 1 }, (_, i) => [`svc${i}`, 'up']),
);

const heartbeatCases: BadCase[] = [
  refused('cpuPercent as a string', HEARTBEATS, heartbeat({ cpuPercent: '12' }), '/cpuPercent'),
  refused('cpuPercent 100.01', HEARTBEATS, heartbeat({ cpuPercent: 100.01 }), '/cpuPercent'),
  refused('memoryPercent -1', HEARTBEATS, heartbeat({ memoryPercent: -1 }), '/memoryPercent'),
  refused('cpuPercent 1e999', HEARTBEATS, withRawValue(heartbeat(), 'cpuPercent', '1e999'), '/cpuPercent'),
  refused('diskPercent null', HEARTBEATS, heartbeat({ diskPercent: null }), '/diskPercent'),
  refused('services as an array', HEARTBEATS, heartbeat({ services: ['named'] }), '/services'),
  refused(
    'a service state "maybe"',
    HEARTBEATS,
    heartbeat({ services: { named: 'maybe' } }),
    '/services/named',
  ),
  refused('over maxServices services', HEARTBEATS, heartbeat({ services: manyServices }), '/services'),
  refused('applianceId as a number', HEARTBEATS, heartbeat({ applianceId: 7 }), '/applianceId'),
  refused(
    'agentVersion with \\u0000',
    HEARTBEATS,
    heartbeat({ agentVersion: '2.4.1\u0000' }),
    '/agentVersion',
  ),
  refused('sentAt "yesterday"', HEARTBEATS, heartbeat({ sentAt: 'yesterday' }), '/sentAt'),
  refused(
    'sentAt in the future',
    HEARTBEATS,
    heartbeat({ sentAt: future() }),
    '/sentAt',
    'timestamp_in_future',
  ),
  refused('unknown field', HEARTBEATS, heartbeat({ uptime: 5 }), '/uptime', 'unknown_field'),
  refused(
    'customerId (set by the key)',
    HEARTBEATS,
    heartbeat({ customerId: 'globex' }),
    '/customerId',
    'unknown_field',
  ),
];

/** A service name outside the allowed alphabet must be refused; zod names the key's path. */
const badServiceName: BadCase = {
  name: 'a service name with "$" and spaces',
  method: 'POST',
  path: HEARTBEATS,
  json: heartbeat({ services: { '$where 1==1': 'up' } }),
  status: 422,
  code: 'validation_failed',
  errors: [{ pointer: '/services/$where 1==1' }],
};

const BAD_IDS = [
  ['not-a-uuid', 'not-a-uuid'],
  ['a UUID with a suffix', `${UNUSED_ID}x`],
  ['an encoded path traversal', '..%2F..%2Fkeys'],
  ['an encoded NUL', '%00'],
  ['an encoded SQL injection', '%27%20OR%201%3D1%20--'],
  ['an invalid percent escape', '%zz'],
] as const;

const pathIds: BadCase[] = (['execution', 'feedback'] as const).flatMap((route) =>
  BAD_IDS.map(
    ([name, id]): BadCase => ({
      name: `${route}: id ${name}`,
      method: 'POST',
      path: `/v1/decisions/${id}/${route}`,
      json: route === 'execution' ? execution() : feedback(),
      status: 422,
      code: 'validation_failed',
      errors: [{ pointer: 'path:id', code: 'invalid_format' }],
    }),
  ),
);

describe('execution, feedback and heartbeat bodies that break the contract', () => {
  it.each(executionCases)('execution: $name → 422 at $errors.0.pointer', async (c) => {
    await runBadCase(api, c);
  });

  it.each(feedbackCases)('feedback: $name → 422 at $errors.0.pointer', async (c) => {
    await runBadCase(api, c);
  });

  it.each([...heartbeatCases, badServiceName])('heartbeat: $name → 422 at $errors.0.pointer', async (c) => {
    await runBadCase(api, c);
  });

  it.each(pathIds)('$name → 422 at path:id', async (c) => {
    await runBadCase(api, c);
  });

  it('feedback: correctIntent.parameters nested 40 levels → 422 at /correctIntent/parameters (answers 500)', async () => {
    const nested = `${'['.repeat(40)}${']'.repeat(40)}`;
    await runBadCase(
      api,
      refused(
        'nested correctIntent parameters',
        FEEDBACK,
        withRawValue(feedback(), 'correctIntent', `{"action":"dns.add_record","parameters":{"a":${nested}}}`),
        '/correctIntent/parameters',
      ),
    );
  });

  it('still answers GET /health 200 after all of the above', async () => {
    await expectStillUp(api);
  });
});
