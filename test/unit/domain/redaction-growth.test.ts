/**
 * Redaction must take time in proportion to the text, whatever the text: a rule that retries
 * from every start position and scans far each time takes 16× longer per character on a 64K
 * text than on 4K texts, a linear one about as long. The verdict is a ratio of the fastest of
 * several interleaved rounds (load only ever adds time), with a wide margin (< 4 where
 * quadratic work gives 16), so it holds on a busy machine. Figures are in `npm run bench -- --only redaction`.
 */
import { describe, expect, it } from 'vitest';
import { planDecision } from '#adapters/dynamodb/section-write';
import { decisionSchema } from '#contract/decision';
import { DEFAULT_REDACTION_RULES, redact } from '#domain/redaction';
import { REDACTION_ATTACKS } from '../../support/redaction-attacks.ts';
import { sampleDecision } from '../../support/samples.ts';
import { measureGrowth } from '../../support/text-growth.ts';

/** Quadratic work gives about 16 (64K against 4K); linear work about 1. */
const MAX_GROWTH = 4;
const GROWTH = { rounds: 30, stopBelow: MAX_GROWTH, maxMs: 5_000 } as const;
const SLOW = { timeout: 120_000 };

describe('redaction time per character', () => {
  it.each(
    DEFAULT_REDACTION_RULES.flatMap((rule) =>
      REDACTION_ATTACKS.map((attack) => [rule.name, attack.name, rule, attack] as const),
    ),
  )('of %s on %s stays flat from 4K to 64K characters', SLOW, (_r, _a, rule, attack) => {
    // Act
    const growth = measureGrowth((text) => redact(text, [rule]), attack.make, GROWTH);

    // Assess
    expect(growth.ratio).toBeLessThan(MAX_GROWTH);
  });

  it.each(REDACTION_ATTACKS.map((a) => [a.name, a] as const))(
    'of a whole decision ingest with a playbook of %s stays flat up to the 64K limit',
    SLOW,
    (_a, attack) => {
      // Prepare
      const ctx = {
        customerId: 'acme',
        receivedAt: new Date(),
        retentionDays: 30,
        rules: DEFAULT_REDACTION_RULES,
      };
      const input = sampleDecision();
      const plan = (yaml: string) =>
        planDecision(
          decisionSchema.parse({ ...input, playbook: { ...(input.playbook as object), yaml } }),
          ctx,
        );

      // Act
      const growth = measureGrowth(plan, attack.make, GROWTH);

      // Assess
      expect(growth.ratio).toBeLessThan(MAX_GROWTH);
    },
  );
});
