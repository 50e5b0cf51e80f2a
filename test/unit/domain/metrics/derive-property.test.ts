import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import type { SectionWrite } from '#adapters/dynamodb/section-write';
import { EXECUTION_STATUSES } from '#contract/execution';
import { RATINGS } from '#contract/feedback';
import { isStorableNumber } from '#contract/storable';
import { toDecisionRecord } from '#domain/decision-record';
import { feedbackEvents } from '#domain/feedback-merge';
import { type HistogramDefinition, METRICS, seriesKey } from '#domain/metrics/catalog';
import { deriveDecisionDeltas } from '#domain/metrics/derive';
import { foldDeltas } from '#domain/metrics/fold';
import { samplePlaybook } from '../../../support/samples.ts';
import { decisionWrite, executionWrite, feedbackWrite, newDecisionId, replay } from './decision-writes.ts';

const count = fc.nat({ max: 9 });

/**
 * One decision's events: the decision, maybe an execution, up to 6 feedback events (the 6th
 * is refused), each with or without a rating and a correct intent.
 */
const decisionEvents = fc.record({
  action: fc.constantFrom('dns.add_record', 'samba.add_user', 'mail.add_alias'),
  model: fc.constantFrom('claude-sonnet-4-5', 'gpt-5'),
  confidence: fc.oneof(
    fc.constantFrom(0, 0.5, 0.95, 1),
    fc.double({ min: 0, max: 1, noNaN: true }).filter(isStorableNumber),
  ),
  durationMs: fc.oneof(fc.constantFrom(100, 1000, 10_000), fc.integer({ min: 0, max: 20_000 })),
  tokens: fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 5000 })),
  playbookType: fc.option(fc.constantFrom('dns', 'samba'), { nil: undefined }),
  execution: fc.option(
    fc.record({
      status: fc.constantFrom(...EXECUTION_STATUSES),
      durationSeconds: fc.oneof(
        fc.constantFrom(1, 60, 120),
        fc.double({ min: 0, max: 300, noNaN: true }).filter(isStorableNumber),
      ),
      taskCounts: fc.record({ ok: count, changed: count, failed: count, skipped: count, unreachable: count }),
    }),
    { nil: undefined },
  ),
  feedback: fc.array(
    fc.record({
      rating: fc.option(fc.constantFrom(...RATINGS), { nil: undefined }),
      humanVerified: fc.boolean(),
      // a correct intent: none, the parsed one again, other parameters, another action
      correction: fc.constantFrom('none', 'same', 'parameters', 'action'),
    }),
    { maxLength: 6 },
  ),
});

type DecisionEvents = typeof decisionEvents extends fc.Arbitrary<infer T> ? T : never;

/** The writes of one decision's events, under a new decision id. */
function writesOf(events: DecisionEvents): SectionWrite[] {
  const id = newDecisionId();
  const { action, model, confidence, durationMs, tokens, playbookType, execution, feedback } = events;
  const llm = { provider: 'anthropic', model, inputTokens: tokens[0], outputTokens: tokens[1], durationMs };
  const playbook = playbookType ? samplePlaybook(undefined, playbookType) : undefined;
  return [
    decisionWrite(id, { intent: { action, parameters: {} }, confidence, llm, playbook }),
    ...(execution ? [executionWrite(id, execution)] : []),
    ...feedback.map(({ rating, humanVerified, correction }) =>
      feedbackWrite(id, {
        humanVerified,
        ...(rating ? { rating } : {}),
        ...(correction === 'none' ? {} : { correctIntent: correctionOf(action, correction) }),
      }),
    ),
  ];
}

/** The correct intent an operator gives for a decision whose parsed intent is `{ action, parameters: {} }`. */
function correctionOf(
  action: string,
  kind: 'same' | 'parameters' | 'action',
): { action: string; parameters: Record<string, string> } {
  if (kind === 'same') return { action, parameters: {} };
  if (kind === 'parameters') return { action, parameters: { name: 'printer3' } };
  return { action: 'pki.renew_certificate', parameters: {} };
}

/** The verdict counted straight from a stored feedback event, without `intentVerdict`. */
function expectedVerdict(event: Record<string, unknown>, parsed: unknown): string | undefined {
  if (event.correctIntent)
    return JSON.stringify(event.correctIntent) === JSON.stringify(parsed) ? 'agreed' : 'corrected';
  return event.rating === 'thumbs_up' ? 'agreed' : undefined;
}

/** The totals counted straight from the final records, without the derivation. */
function expectedTotals(items: readonly DecisionItem[]): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (key: string, value: number) => totals.set(key, (totals.get(key) ?? 0) + value);
  const histogram = (metric: HistogramDefinition, labels: Record<string, string>, value: number) => {
    for (const b of [...metric.buckets, '+Inf'] as const)
      add(
        seriesKey(`${metric.name}_bucket`, { ...labels, le: String(b) }),
        b === '+Inf' || value <= b ? 1 : 0,
      );
    add(seriesKey(`${metric.name}_sum`, labels), value);
    add(seriesKey(`${metric.name}_count`, labels), 1);
  };
  for (const item of items) {
    const recorded = recordedDecision(item);
    const r = toDecisionRecord(recorded);
    const feedback = feedbackEvents(recorded.feedback).map((e) => e.fields);
    for (const event of feedback)
      if (event.rating) add(seriesKey(METRICS.feedbackTotal, { rating: String(event.rating) }), 1);
    if (!r.intent || !r.llm || r.confidence === undefined) continue;
    const { action } = r.intent;
    for (const event of feedback) {
      const verdict = expectedVerdict(event, r.intent);
      if (verdict) add(seriesKey(METRICS.intentVerdictsTotal, { action, verdict }), 1);
    }
    histogram(METRICS.llmConfidenceScore, { action }, r.confidence);
    histogram(METRICS.llmParseDurationSeconds, { model: r.llm.model }, r.llm.durationMs / 1000);
    add(seriesKey(METRICS.llmTokensTotal, { model: r.llm.model, type: 'input' }), r.llm.inputTokens);
    add(seriesKey(METRICS.llmTokensTotal, { model: r.llm.model, type: 'output' }), r.llm.outputTokens);
    if (!r.execution) continue;
    const { status, durationSeconds, taskCounts } = r.execution;
    const playbookType = r.playbook?.type ?? 'none';
    add(seriesKey(METRICS.requestsTotal, { action, status }), 1);
    histogram(
      METRICS.ansibleExecutionDurationSeconds,
      { playbook_type: playbookType, status },
      durationSeconds,
    );
    for (const [task, n] of Object.entries(taskCounts))
      add(seriesKey(METRICS.ansibleTasksTotal, { playbook_type: playbookType, status: task }), n);
  }
  return totals;
}

describe('deriveDecisionDeltas over whole streams', () => {
  it('folds to the counts of the final records, whatever the order and repetition of the events', () => {
    const workload = fc
      .array(fc.tuple(decisionEvents, fc.array(fc.nat(), { maxLength: 4 })), { minLength: 1, maxLength: 6 })
      .map((decisions) =>
        decisions.flatMap(([events, repeats]) => {
          const writes = writesOf(events);
          return [...writes, ...repeats.map((r) => writes[r % writes.length] as SectionWrite)];
        }),
      )
      .chain((deliveries) => fc.shuffledSubarray(deliveries, { minLength: deliveries.length }));
    fc.assert(
      fc.property(workload, (deliveries) => {
        // Prepare: one item per decision, each write applied in the delivery order
        const items = new Map<string, DecisionItem | undefined>();
        const deltas = deliveries.flatMap((write) => {
          const [step] = replay([write], items.get(write.pk));
          if (!step) return [];
          items.set(write.pk, step.item);
          // Act: what the aggregator derives from each stream record (no-ops included)
          return deriveDecisionDeltas(step.before, step.after);
        });
        const folded = foldDeltas(deltas);
        // Assess
        const expected = expectedTotals([...items.values()] as DecisionItem[]);
        expect([...folded.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [key, value] of expected)
          if (key.includes('_sum{')) expect(folded.get(key), key).toBeCloseTo(value, 6);
          else expect(folded.get(key), key).toBe(value);
      }),
      { numRuns: 100 },
    );
  });
});
