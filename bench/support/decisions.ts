/**
 * Decisions for the benchmarks: the JSON a client sends and the item the handler would store
 * for it, built by the same domain code (`planDecision`), so both sides write equal sizes.
 */

import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { applySectionWrite, planDecision, type SectionWrite } from '#adapters/dynamodb/section-write';
import { type DecisionEvent, decisionSchema } from '#contract/decision';
import { type DecisionInput, sampleDecision } from '../../test/support/samples.ts';
import { benchIngestContext } from './api-event.ts';

/** One decision as sent and as stored. */
export interface DecisionFixture {
  /** The payload as a client sends it (fresh decisionId). */
  readonly input: DecisionInput;
  /** The write the handler plans for `input`. */
  readonly write: SectionWrite;
  /** The item the decisions table holds after the handler accepted `input`. */
  readonly item: DecisionItem;
}

/**
 * A fresh decision (new decisionId) and its stored item, planned for tenant `bench`.
 * @example const { input, item } = decisionFixture();
 */
export function decisionFixture(): DecisionFixture {
  const input = sampleDecision();
  const event: DecisionEvent = decisionSchema.parse(input);
  const write = planDecision(event, benchIngestContext());
  return { input, write, item: applySectionWrite(undefined, write).item };
}

/**
 * `count` fresh fixtures.
 * @example const batch = decisionFixtures(100);
 */
export function decisionFixtures(count: number): DecisionFixture[] {
  return Array.from({ length: count }, decisionFixture);
}
