import { TASK_STATUSES } from '#contract/execution';
import { intentVerdict } from '../analytics/intent-verdict.ts';
import type { RecordedDecision } from '../recorded-decision.ts';
import { METRICS } from './catalog.ts';
import type { CounterDelta, HistogramDelta, MetricDelta } from './deltas.ts';
import { boundLabel } from './labels.ts';
import { seriesKey } from './series-key.ts';

/**
 * The facts metrics read from a decision, under the names of the API's record: the decision's
 * fields at the top (`llm.model`), the execution's under `execution` (`execution.status`).
 */
interface Facts {
  readonly decisionId: string;
  readonly [field: string]: unknown;
}

const factsOf = (d: RecordedDecision): Facts => ({
  ...d.decision?.fields,
  ...(d.execution ? { execution: d.execution.fields } : {}),
  decisionId: d.decisionId,
});

/** The value of a dotted path in the facts (`llm.model`), or `undefined`. */
function at(item: Facts, path: string): unknown {
  let value: unknown = item;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A non-negative finite number at `path`, or an error naming the decision and the field. */
function amount(item: Facts, path: string): number {
  const value = at(item, path);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw new Error(
    `decision ${String(item.decisionId)}: ${path} must be a non-negative number, got ${JSON.stringify(value) ?? 'nothing'}`,
  );
}

const has = (image: RecordedDecision | undefined, section: 'decision' | 'execution'): boolean =>
  image?.[section] !== undefined;
const executed = (image: RecordedDecision | undefined): boolean =>
  has(image, 'decision') && has(image, 'execution');

const counter = (key: string, value: number): CounterDelta => ({ kind: 'counter', key, value });
const observe = (key: string, observation: number): HistogramDelta => ({
  kind: 'histogram',
  key,
  observation,
});

/** The facts of the decision section: confidence, model time and tokens. */
function decisionDeltas(item: Facts): MetricDelta[] {
  const action = boundLabel(at(item, 'intent.action'));
  const model = boundLabel(at(item, 'llm.model'));
  return [
    observe(seriesKey(METRICS.llmConfidenceScore, { action }), amount(item, 'confidence')),
    observe(seriesKey(METRICS.llmParseDurationSeconds, { model }), amount(item, 'llm.durationMs') / 1000),
    counter(seriesKey(METRICS.llmTokensTotal, { model, type: 'input' }), amount(item, 'llm.inputTokens')),
    counter(seriesKey(METRICS.llmTokensTotal, { model, type: 'output' }), amount(item, 'llm.outputTokens')),
  ];
}

/** The facts of an executed decision: the request, the run's duration and its tasks. */
function executionDeltas(item: Facts): MetricDelta[] {
  const action = boundLabel(at(item, 'intent.action'));
  const status = boundLabel(at(item, 'execution.status'));
  const playbookType = at(item, 'playbook') === undefined ? 'none' : boundLabel(at(item, 'playbook.type'));
  return [
    counter(seriesKey(METRICS.requestsTotal, { action, status }), 1),
    observe(
      seriesKey(METRICS.ansibleExecutionDurationSeconds, { playbook_type: playbookType, status }),
      amount(item, 'execution.durationSeconds'),
    ),
    ...TASK_STATUSES.map((task) =>
      counter(
        seriesKey(METRICS.ansibleTasksTotal, { playbook_type: playbookType, status: task }),
        amount(item, `execution.taskCounts.${task}`),
      ),
    ),
  ];
}

/**
 * The metric changes one change of a recorded decision stands for, from what changed
 * between the record before and after it only, so that folding the deltas of every record of a
 * decision, in order, counts each fact exactly once whatever order its events arrived in:
 * - the decision event appears: confidence and model-time
 *   observations, token counts;
 * - decision and execution are both present for the first time (either may come first): one
 *   request, the run's duration, its task counts (`playbook_type` is `none` without playbook);
 * - a feedback event appears and carries a rating: one feedback;
 * - a feedback event carrying a verdict on the parsed intent and the decision are both
 *   present for the first time (either may come first): one intent verdict by action.
 * A deletion (expiry; `after` undefined) derives nothing: counters never go down.
 * @throws Error naming the decision and the field when a number the metrics need is missing
 *   or invalid (the record then goes to the on-failure destination, it is not dropped).
 * @example deriveDecisionDeltas(undefined, recordWithDecision)
 * // [{ kind: 'histogram', key: 'aiops_llm_confidence_score{action="dns.add_record"}', observation: 0.93 }, …]
 */
export function deriveDecisionDeltas(
  before: RecordedDecision | undefined,
  after: RecordedDecision | undefined,
): MetricDelta[] {
  if (after === undefined) return [];
  const deltas: MetricDelta[] = [];
  const facts = factsOf(after);
  if (!has(before, 'decision') && has(after, 'decision')) deltas.push(...decisionDeltas(facts));
  if (!executed(before) && executed(after)) deltas.push(...executionDeltas(facts));
  const known = new Set(before?.feedback.map((f) => f.id));
  for (const event of after.feedback) {
    const arrived = !known.has(event.id);
    const rating = event.fields.rating;
    if (arrived && rating !== undefined)
      deltas.push(counter(seriesKey(METRICS.feedbackTotal, { rating: boundLabel(rating) }), 1));
    const verdict = verdictDelta(before, after, facts, event.fields, arrived);
    if (verdict) deltas.push(verdict);
  }
  return deltas;
}

/**
 * One intent verdict (`intentVerdict`: agreed or corrected) for a feedback event, counted
 * when the event and the decision (whose parsed intent it judges) are both present for the
 * first time, whichever came first; nothing for an event that carries no verdict.
 */
function verdictDelta(
  before: RecordedDecision | undefined,
  after: RecordedDecision,
  facts: Facts,
  event: Readonly<Record<string, unknown>>,
  arrived: boolean,
): CounterDelta | undefined {
  if (!has(after, 'decision') || !(arrived || !has(before, 'decision'))) return undefined;
  const verdict = intentVerdict(at(facts, 'intent'), event.correctIntent, event.rating);
  if (!verdict) return undefined;
  const action = boundLabel(at(facts, 'intent.action'));
  return counter(seriesKey(METRICS.intentVerdictsTotal, { action, verdict }), 1);
}
