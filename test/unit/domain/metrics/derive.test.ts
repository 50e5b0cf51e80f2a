import { describe, expect, it } from 'vitest';
import { METRICS, seriesKey } from '#domain/metrics/catalog';
import { deriveDecisionDeltas } from '#domain/metrics/derive';
import { foldDeltas } from '#domain/metrics/fold';
import type { RecordedDecision } from '#domain/recorded-decision';
import { samplePlaybook } from '../../../support/samples.ts';
import {
  decisionWrite,
  executionWrite,
  feedbackWrite,
  finalRecord,
  newDecisionId,
  replay,
  type Step,
  withDecisionFields,
} from './decision-writes.ts';

const deltasOf = (step: Step) => deriveDecisionDeltas(step.before, step.after);
const requests = (action: string, status: string) => seriesKey(METRICS.requestsTotal, { action, status });
const tokens = (model: string, type: string) => seriesKey(METRICS.llmTokensTotal, { model, type });

describe('deriveDecisionDeltas', () => {
  it('observes confidence and model time and counts tokens when the decision first appears', () => {
    // Prepare
    const id = newDecisionId();
    const [step] = replay([decisionWrite(id, { confidence: 0.42 })]);
    // Act
    const deltas = deltasOf(step as Step);
    // Assess
    expect(deltas).toEqual([
      {
        kind: 'histogram',
        key: seriesKey(METRICS.llmConfidenceScore, { action: 'dns.add_record' }),
        observation: 0.42,
      },
      {
        kind: 'histogram',
        key: seriesKey(METRICS.llmParseDurationSeconds, { model: 'claude-sonnet-4-5' }),
        observation: 2.315,
      },
      { kind: 'counter', key: tokens('claude-sonnet-4-5', 'input'), value: 1843 },
      { kind: 'counter', key: tokens('claude-sonnet-4-5', 'output'), value: 412 },
    ]);
  });

  it('counts the request once both halves are in, whichever came first', () => {
    for (const executionFirst of [false, true]) {
      // Prepare
      const id = newDecisionId();
      const writes = [decisionWrite(id), executionWrite(id, { status: 'timeout', durationSeconds: 61 })];
      // Act
      const steps = replay(executionFirst ? writes.reverse() : writes);
      const [first, second] = steps.map(deltasOf);
      // Assess
      expect(first?.length, 'the first half alone').toBe(executionFirst ? 0 : 4);
      expect(second?.filter((d) => d.key === requests('dns.add_record', 'timeout'))).toHaveLength(1);
      const folded = foldDeltas([...(first ?? []), ...(second ?? [])]);
      expect(folded.get(requests('dns.add_record', 'timeout'))).toBe(1);
      const duration = { playbook_type: 'dns', status: 'timeout' };
      expect(folded.get(seriesKey(`${METRICS.ansibleExecutionDurationSeconds.name}_count`, duration))).toBe(
        1,
      );
      expect(folded.get(seriesKey(`${METRICS.ansibleExecutionDurationSeconds.name}_sum`, duration))).toBe(61);
      const ok = seriesKey(METRICS.ansibleTasksTotal, { playbook_type: 'dns', status: 'ok' });
      expect(folded.get(ok)).toBe(3);
    }
  });

  it('labels runs of a decision without playbook with playbook_type none', () => {
    // Prepare
    const id = newDecisionId();
    const steps = replay([decisionWrite(id, { playbook: undefined }), executionWrite(id)]);
    // Act
    const folded = foldDeltas(deltasOf(steps[1] as Step));
    // Assess
    expect(
      folded.get(seriesKey(METRICS.ansibleTasksTotal, { playbook_type: 'none', status: 'changed' })),
    ).toBe(1);
  });

  it('counts each new feedback event that carries a rating, and nothing for repeats', () => {
    // Prepare
    const id = newDecisionId();
    const up = feedbackWrite(id, { rating: 'thumbs_up', submittedAt: '2026-11-21T10:00:00Z' });
    const verdict = feedbackWrite(id, { humanVerified: true });
    const down = feedbackWrite(id, { rating: 'thumbs_down', comment: 'wrong zone' });
    // Act
    const steps = replay([up, verdict, up, down, decisionWrite(id)]);
    const folded = foldDeltas(steps.flatMap(deltasOf));
    // Assess
    expect(steps.map((s) => s.outcome)).toEqual([
      'accepted',
      'accepted',
      'duplicate',
      'accepted',
      'accepted',
    ]);
    expect(folded.get(seriesKey(METRICS.feedbackTotal, { rating: 'thumbs_up' }))).toBe(1);
    expect(folded.get(seriesKey(METRICS.feedbackTotal, { rating: 'thumbs_down' }))).toBe(1);
    expect(steps.slice(1, 3).flatMap(deltasOf)).toEqual([]);
  });

  it('derives nothing from a TTL deletion or an unchanged image', () => {
    // Prepare
    const id = newDecisionId();
    const item = finalRecord(replay([decisionWrite(id), executionWrite(id)]));
    // Act + Assess
    expect(deriveDecisionDeltas(item, undefined)).toEqual([]);
    expect(deriveDecisionDeltas(item, item)).toEqual([]);
    expect(deriveDecisionDeltas(undefined, undefined)).toEqual([]);
  });

  it('bounds label values taken from the record', () => {
    // Prepare
    const id = newDecisionId();
    const long = 'x'.repeat(128);
    const steps = replay([
      decisionWrite(id, { playbook: samplePlaybook(undefined, long) }),
      executionWrite(id, { status: 'failed' }),
    ]);
    const tampered = withDecisionFields(steps[1]?.after as RecordedDecision, { playbook: { type: '' } });
    // Act
    const keys = deriveDecisionDeltas(steps[0]?.after, tampered).map((d) => d.key);
    // Assess
    expect(keys).toContain(
      seriesKey(METRICS.ansibleTasksTotal, { playbook_type: 'unknown', status: 'failed' }),
    );
    const real = deriveDecisionDeltas(steps[0]?.after, steps[1]?.after).map((d) => d.key);
    expect(real).toContain(seriesKey(METRICS.ansibleTasksTotal, { playbook_type: long, status: 'failed' }));
  });

  it('names the decision and the field when a number is missing', () => {
    // Prepare
    const id = newDecisionId();
    const item = finalRecord(replay([decisionWrite(id)]));
    const broken = withDecisionFields(item, { llm: { model: 'm', inputTokens: 'many' } });
    // Act + Assess
    expect(() => deriveDecisionDeltas(undefined, broken)).toThrow(
      `decision ${id}: llm.durationMs must be a non-negative number, got nothing`,
    );
  });
});
