import { describe, expect, it } from 'vitest';
import { decisionBatchSchema, decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import { LIMITS } from '#contract/limits';
import { matchRoute } from '#contract/routes';
import { type Interaction, simulateDecision } from '../../../lib/demo/agent.ts';
import { Fleet } from '../../../lib/demo/fleet.ts';
import { drawUnitSize, planUnit, type Step } from '../../../lib/demo/plan.ts';
import { createRng, type Rng, seededRandom } from '../../../lib/demo/random.ts';

const START = new Date('2026-03-02T09:30:00.000Z');

/** Plans `units` seeded arrivals the way runDemo does (some are batches). */
function planMany(seed: number, units: number, start = START) {
  const rng = createRng(seededRandom(seed));
  const fleet = new Fleet(rng, 6, 10_000);
  return Array.from({ length: units }, () => {
    const size = drawUnitSize(rng, 0.3);
    const interactions = Array.from({ length: size }, () => request(rng, fleet));
    return { interactions, steps: planUnit(rng, interactions, start) };
  });
}

function request(rng: Rng, fleet: Fleet): Interaction {
  const a = rng.pick(fleet.appliances);
  return simulateDecision(rng, { ...a, applianceId: a.id }, START);
}

const firstIndex = (steps: readonly Step[], kind: Step['kind'], id: string) =>
  steps.findIndex(
    (s) =>
      !s.resend &&
      s.decisionIds.includes(id) &&
      (kind === 'decision' ? s.kind.startsWith('decision') : s.kind === kind),
  );

describe('planUnit', () => {
  const plans = planMany(5, 1_500);
  const steps = plans.flatMap((p) => p.steps);

  it('sends bodies the contract accepts, on the routes the API serves', () => {
    for (const s of steps) {
      const body = JSON.parse(s.body);
      const match = matchRoute('POST', s.path);
      expect(match && 'route' in match ? match.route.fn : undefined).toBe(
        s.kind.startsWith('decision') ? 'ingest-decisions' : `ingest-${s.kind}`,
      );
      if (s.kind === 'decisions') {
        expect(decisionBatchSchema.safeParse(body).success).toBe(true);
        expect(body.decisions.length).toBeLessThanOrEqual(LIMITS.maxBatchItems);
        for (const d of body.decisions) expect(decisionSchema.safeParse(d).success).toBe(true);
      }
      if (s.kind === 'decision') expect(decisionSchema.safeParse(body).success).toBe(true);
      if (s.kind === 'execution') expect(executionSchema.safeParse(body).success).toBe(true);
      if (s.kind === 'feedback') expect(feedbackSchema.safeParse(body).success).toBe(true);
    }
  });

  it('flushes some decisions as batches, each decision once', () => {
    for (const { interactions, steps: unit } of plans) {
      const sent = unit
        .filter((s) => !s.resend && s.kind.startsWith('decision'))
        .flatMap((s) => s.decisionIds);
      expect(sent.sort()).toEqual(interactions.map((i) => i.decisionId).sort());
    }
    expect(steps.filter((s) => s.kind === 'decisions').length).toBeGreaterThan(50);
  });

  it('sends an execution marked first before its decision, and every other after it', () => {
    // Prepare
    const early = plans.flatMap((p) => p.interactions.filter((i) => i.executionFirst).map((i) => ({ i, p })));

    // Assess
    expect(early.length).toBeGreaterThan(20);
    for (const { interactions, steps: unit } of plans) {
      for (const i of interactions) {
        const execution = firstIndex(unit, 'execution', i.decisionId);
        const decision = firstIndex(unit, 'decision', i.decisionId);
        expect(execution < decision).toBe(i.executionFirst);
        expect(unit[execution]?.early).toBe(i.executionFirst);
        if (i.feedback) expect(firstIndex(unit, 'feedback', i.decisionId)).toBeGreaterThan(decision);
      }
    }
  });

  it('resends the exact body of an earlier event, later', () => {
    // Prepare
    const resends = plans.flatMap(({ steps: unit }) =>
      unit.filter((s) => s.resend).map((s) => ({ s, unit })),
    );

    // Assess
    expect(resends.length).toBeGreaterThan(20);
    for (const { s, unit } of resends) {
      const id = s.decisionIds[0] as string;
      const original = unit.find((o) => !o.resend && o.body === s.body);
      const batched = unit.find((o) => o.kind === 'decisions' && o.decisionIds.includes(id));
      expect(original ?? batched).toBeDefined();
      expect(unit.indexOf(s)).toBeGreaterThan(unit.indexOf((original ?? batched) as Step));
      if (!original) expect(JSON.parse(batched?.body ?? '{}').decisions).toContainEqual(JSON.parse(s.body));
    }
  });

  it('orders steps by time: executions when the run ends, feedback later', () => {
    for (const { steps: unit } of plans) {
      expect(unit.map((s) => s.atMs)).toEqual(unit.map((s) => s.atMs).sort((a, b) => a - b));
    }
    expect(steps.some((s) => s.kind === 'execution' && s.atMs > 0)).toBe(true);
  });

  it('keeps the logical order when every event lies in the past (a burst)', () => {
    // Act
    const past = planMany(5, 300, new Date(START.getTime() + 3_600_000));

    // Assess
    for (const { interactions, steps: unit } of past) {
      for (const i of interactions) {
        const execution = firstIndex(unit, 'execution', i.decisionId);
        const decision = firstIndex(unit, 'decision', i.decisionId);
        expect(execution < decision).toBe(i.executionFirst);
      }
    }
  });
});
