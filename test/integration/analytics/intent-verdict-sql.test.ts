import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '#adapters/postgres/migrations';
import { intentVerdict } from '#domain/analytics/intent-verdict';
import { openTarget, replicaTargets, type TargetDatabase } from '../adapters/postgres/targets.ts';

const value = fc.oneof(
  fc.stringMatching(/^[a-z0-9 .]{0,8}$/),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
);
const parameters = fc.dictionary(fc.constantFrom('name', 'type', 'value', 'ttl', 'zone'), value, {
  maxKeys: 4,
});
const action = fc.constantFrom('dns.add_record', 'dns.delete_record', 'samba.add_user');

/** Keys in reverse order: equal as JSON, different as text. */
const reordered = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());

/** A parsed intent, a correct intent related to it in one of four ways (or none), and a rating. */
const verdictCase = fc
  .record({
    action,
    parameters,
    otherAction: action,
    otherParameters: parameters,
    kind: fc.constantFrom('none', 'same', 'parameters', 'action'),
    rating: fc.constantFrom(undefined, 'thumbs_up', 'thumbs_down'),
  })
  .map((c) => {
    const parsed = { action: c.action, parameters: c.parameters };
    const correct =
      c.kind === 'none'
        ? undefined
        : c.kind === 'same'
          ? { parameters: reordered(c.parameters), action: c.action }
          : c.kind === 'parameters'
            ? { action: c.action, parameters: c.otherParameters }
            : { action: c.otherAction, parameters: c.parameters };
    return { parsed, correct, rating: c.rating };
  });

describe.each(replicaTargets())('intent_verdict() on %s', (target) => {
  let db: TargetDatabase;
  beforeAll(async () => {
    db = await openTarget(target);
    await migrate(db.client);
  });
  afterAll(() => db?.close());

  it('gives the verdict intentVerdict gives, for any parsed and correct intents and rating', async () => {
    await fc.assert(
      fc.asyncProperty(verdictCase, async ({ parsed, correct, rating }) => {
        // Act
        const { rows } = await db.client.query<{ verdict: string | null }>(
          'SELECT intent_verdict($1::jsonb, $2::jsonb, $3::text) AS verdict',
          [parsed, correct ?? null, rating ?? null],
        );
        // Assess
        expect(rows[0]?.verdict ?? undefined).toBe(intentVerdict(parsed, correct, rating));
      }),
      { numRuns: target === 'rds-data' ? 40 : 150 },
    );
  });
});
