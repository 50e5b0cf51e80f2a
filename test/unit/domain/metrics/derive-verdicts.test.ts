import { describe, expect, it } from 'vitest';
import { METRICS, seriesKey } from '#domain/metrics/catalog';
import { deriveDecisionDeltas } from '#domain/metrics/derive';
import { foldDeltas } from '#domain/metrics/fold';
import { decisionWrite, feedbackWrite, newDecisionId, replay, type Step } from './decision-writes.ts';

const verdicts = (action: string, verdict: string) =>
  seriesKey(METRICS.intentVerdictsTotal, { action, verdict });
const intent = { action: 'dns.add_record', parameters: { name: 'printer3', value: '10.0.4.23' } };

describe('deriveDecisionDeltas: intent verdicts', () => {
  it('counts each feedback event carrying a verdict once, whether it came before or after the decision', () => {
    // Prepare
    const id = newDecisionId();
    const early = feedbackWrite(id, { rating: 'thumbs_up', submittedAt: '2026-11-21T10:00:00Z' });
    const reordered = feedbackWrite(id, {
      correctIntent: { parameters: { value: '10.0.4.23', name: 'printer3' }, action: 'dns.add_record' },
    });
    const corrected = feedbackWrite(id, {
      rating: 'thumbs_up',
      correctIntent: { action: 'dns.add_record', parameters: { name: 'printer3', value: '10.0.4.32' } },
    });
    const noVerdict = feedbackWrite(id, { rating: 'thumbs_down', comment: 'wrong zone' });
    // Act
    const steps = replay([
      early,
      early,
      decisionWrite(id, { intent }),
      reordered,
      corrected,
      noVerdict,
      corrected,
    ]);
    const folded = foldDeltas(steps.flatMap((s: Step) => deriveDecisionDeltas(s.before, s.after)));
    // Assess
    expect(folded.get(verdicts('dns.add_record', 'agreed'))).toBe(2);
    expect(folded.get(verdicts('dns.add_record', 'corrected'))).toBe(1);
    expect(steps[0]?.after && deriveDecisionDeltas(steps[0].before, steps[0].after)).toEqual([
      { kind: 'counter', key: seriesKey(METRICS.feedbackTotal, { rating: 'thumbs_up' }), value: 1 },
    ]);
  });
});
