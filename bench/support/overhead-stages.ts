/**
 * Where the handler's own time goes, stage by stage: each piece of the `ingest-decisions` path
 * called in-process on the same kind of decision, with no DynamoDB call, timed over blocks of
 * calls (the median block, so another process taking the CPU for a moment does not count).
 * Hot and uncontended, these figures are lower bounds of what each stage adds to a request.
 */

import { applySectionWrite, planDecision } from '#adapters/dynamodb/section-write';
import { decisionSchema } from '#contract/decision';
import { ingestBatch } from '#domain/ingest-batch';
import { json } from '#http/http-response';
import { ingestResponse } from '#http/ingest-response';
import { readJsonBody } from '#http/request-body';
import { appendIdKeys } from '#observability/log-context';
import { recordOutcomes } from '#observability/metrics-outcomes';
import { logDecisionRecorded } from '#observability/recorded-log';
import { apiHandler } from '#runtime/api-handler';
import { runtimeFromEnvironment } from '#runtime/from-environment';
import { ingestContexts } from '#runtime/ingest-context';
import { BENCH_TENANT, lambdaContext, postEvent } from './api-event.ts';
import { decisionFixtures } from './decisions.ts';
import { median, nowMs, round } from './stats.ts';

/** Microseconds per decision of each stage, and their sum. */
export interface OverheadStages {
  readonly note: string;
  readonly microseconds: Readonly<Record<string, number>>;
  readonly totalMicroseconds: number;
}

const BLOCK = 50;
const BLOCKS = 40;

/** Median µs per call of `fn` over blocks of calls, each call with its own input index. */
async function perCall(fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < BLOCK * 4; i++) await fn(i % BLOCK);
  const blocks: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const started = nowMs();
    for (let i = b * BLOCK; i < (b + 1) * BLOCK; i++) await fn(i);
    blocks.push(((nowMs() - started) * 1000) / BLOCK);
  }
  return round(median(blocks), 1);
}

/**
 * Times every stage of one decision through the handler but the write, on a runtime built
 * from the bench environment (Powertools quiet).
 * @example const stages = await measureStages(); stages.microseconds.plan // 21.4
 */
export async function measureStages(): Promise<OverheadStages> {
  const fixtures = decisionFixtures(BLOCK * BLOCKS);
  const events = fixtures.map((f) => postEvent(JSON.stringify(f.input)));
  const bodies = events.map((e) => readJsonBody(e));
  const parsed = bodies.map((b) => decisionSchema.parse(b));
  const runtime = await runtimeFromEnvironment();
  const { logger, metrics } = runtime.observability;
  const ctx = ingestContexts(runtime)(BENCH_TENANT);
  const context = lambdaContext('ingest-decisions');
  const emptyRoute = apiHandler(runtime.observability, 'decisions:write', async () => json(201, {}));
  const accepted = { kind: 'single', result: { status: 'accepted', id: 'x' } } as const;
  const at = <T>(list: readonly T[], i: number) => list[i] as T;
  const microseconds = {
    body: await perCall((i) => readJsonBody(at(events, i))),
    contract: await perCall((i) =>
      ingestBatch(at(bodies, i), {
        batchKey: 'decisions',
        schema: decisionSchema,
        idOf: (d) => d.decisionId,
        timestampsOf: (d) => ({ occurredAt: d.occurredAt }),
        write: async () => 'accepted',
        now: ctx.receivedAt,
      }),
    ),
    plan: await perCall((i) => planDecision(at(parsed, i), ctx)),
    item: await perCall((i) => applySectionWrite(undefined, at(fixtures, i).write)),
    skeleton: await perCall((i) => emptyRoute(at(events, i), context)),
    logsAndAnswer: await perCall((i) => {
      appendIdKeys(logger, at(bodies, i));
      logDecisionRecorded(logger, at(parsed, i), 'accepted');
      recordOutcomes(metrics, 'Decisions', accepted);
      return ingestResponse(accepted, '/v1/decisions', 'r', (id) => `/v1/decisions/${id}`);
    }),
  };
  runtime.documents.destroy();
  return {
    note:
      'µs per decision, in-process, hot, no DynamoDB call: body = readJsonBody (JSON.parse, depth and __proto__ walk); ' +
      'contract = ingestBatch validation (zod, storable values, clock skew); plan = planDecision (redaction, ' +
      'query and content hashes); item = the stored item built for the conditional PutItem; skeleton = apiHandler ' +
      'around an empty route (Powertools logger context and metrics flush, scope check); logsAndAnswer = ' +
      'log keys, the decision recorded line, metrics and the 201 body. Interleaved with the SDK calls of the ' +
      'measuring loop the same code costs about 3 to 4 times these figures in CPU (cold caches, more garbage), ' +
      'and on a loaded machine more again in wall time',
    microseconds,
    totalMicroseconds: round(
      Object.values(microseconds).reduce((a, b) => a + b, 0),
      1,
    ),
  };
}
