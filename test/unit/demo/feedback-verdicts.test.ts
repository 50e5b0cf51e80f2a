import { describe, expect, it } from 'vitest';
import { intentVerdict } from '#domain/analytics/intent-verdict';
import { simulateDecision } from '../../../lib/demo/agent.ts';
import { Fleet } from '../../../lib/demo/fleet.ts';
import { createRng, seededRandom } from '../../../lib/demo/random.ts';

describe('demo feedback and the intent verdict', () => {
  it('yields both verdicts: agreed on most rated decisions, corrected on misreads', () => {
    // Prepare
    const rng = createRng(seededRandom(11));
    const fleet = new Fleet(rng, 6, 10_000);
    const counts = { agreed: 0, corrected: 0, none: 0, correctedMisreads: 0 };
    // Act
    for (let n = 0; n < 3_000; n += 1) {
      const a = rng.pick(fleet.appliances);
      const i = simulateDecision(rng, { ...a, applianceId: a.id }, new Date('2026-03-02T09:30:00Z'));
      if (!i.feedback) continue;
      const verdict = intentVerdict(i.decision.intent, i.feedback.correctIntent, i.feedback.rating);
      counts[verdict ?? 'none'] += 1;
      if (verdict === 'corrected' && i.misread) counts.correctedMisreads += 1;
    }
    // Assess
    expect(counts.agreed).toBeGreaterThan(100);
    expect(counts.corrected).toBeGreaterThan(5);
    expect(counts.correctedMisreads).toBe(counts.corrected);
  });
});
