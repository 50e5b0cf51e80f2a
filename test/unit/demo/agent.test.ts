import { describe, expect, it } from 'vitest';
import { decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import { AGENT, type Interaction, simulateDecision } from '../../../lib/demo/agent.ts';
import { countTasks, RUN_TIMEOUT_SECONDS } from '../../../lib/demo/execution.ts';
import { Fleet } from '../../../lib/demo/fleet.ts';
import { createRng, seededRandom } from '../../../lib/demo/random.ts';

const DRAWS = 3_000;
const AT = new Date('2026-03-02T09:30:00.000Z');

/** Draws `n` interactions from a seeded agent against a 6-appliance fleet. */
function draw(seed: number, n = DRAWS): Interaction[] {
  const rng = createRng(seededRandom(seed));
  const fleet = new Fleet(rng, 6, 10_000);
  return Array.from({ length: n }, () => {
    const a = rng.pick(fleet.appliances);
    return simulateDecision(rng, { ...a, applianceId: a.id }, AT);
  });
}

const share = (items: readonly Interaction[], test: (i: Interaction) => boolean) =>
  items.filter(test).length / items.length;

describe('simulateDecision', () => {
  const interactions = draw(1);

  it('produces decisions, executions and feedback that all validate against the contract', () => {
    // Prepare
    const problems: string[] = [];

    // Act
    for (const i of interactions) {
      const checks = [
        ['decision', decisionSchema.safeParse(i.decision)],
        ['execution', executionSchema.safeParse(i.execution)],
        ...(i.feedback ? [['feedback', feedbackSchema.safeParse(i.feedback)] as const] : []),
      ] as const;
      for (const [name, result] of checks) {
        if (!result.success) problems.push(`${i.scenarioId} ${name}: ${result.error.message}`);
      }
    }

    // Assess
    expect(problems).toEqual([]);
  });

  it('fills the decision as the agent would: identity, W3C trace id, a unique decision id per request', () => {
    // Act
    const ids = new Set(interactions.map((i) => i.decisionId));

    // Assess
    expect(ids.size).toBe(interactions.length);
    for (const { decision } of interactions) {
      expect(decision.agent).toEqual(AGENT);
      expect(decision.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(decision.occurredAt).toBe(AT.toISOString());
      expect(decision.llm.durationMs).toBeGreaterThanOrEqual(400);
      expect(decision.llm.durationMs).toBeLessThanOrEqual(6_000);
      expect(['anthropic', 'openai']).toContain(decision.llm.provider);
    }
  });

  it('is confident about most decisions (0.8 to 0.99) and unsure of some (0.3 to 0.6)', () => {
    // Act
    const high = share(interactions, (i) => i.decision.confidence >= 0.8 && i.decision.confidence <= 0.99);
    const low = share(interactions, (i) => i.decision.confidence >= 0.3 && i.decision.confidence <= 0.6);

    // Assess
    expect(high + low).toBe(1);
    expect(high).toBeGreaterThan(0.8);
    expect(low).toBeGreaterThan(0.1);
    expect(interactions.every((i) => !i.misread || i.lowConfidence)).toBe(true);
  });

  it('runs about 85 % successfully, 10 % failed and 5 % timed out', () => {
    // Act
    const success = share(interactions, (i) => i.execution.status === 'success');
    const failed = share(interactions, (i) => i.execution.status === 'failed');
    const timeout = share(interactions, (i) => i.execution.status === 'timeout');

    // Assess
    expect(success).toBeCloseTo(0.85, 1);
    expect(failed).toBeCloseTo(0.1, 1);
    expect(timeout).toBeCloseTo(0.05, 1);
  });

  it('reports task counts that match the per-task results and the playbook', () => {
    for (const { decision, execution } of interactions) {
      const tasks = execution.tasks ?? [];
      const busy = tasks.reduce((s, t) => s + t.durationSeconds, 0);
      expect(execution.taskCounts).toEqual(countTasks(tasks));
      expect(execution.changed).toBe(execution.taskCounts.changed > 0);
      expect(execution.durationSeconds).toBeGreaterThanOrEqual(busy);
      if (execution.status === 'success') {
        expect(tasks).toHaveLength(decision.playbook?.tasksCount ?? -1);
        expect(execution.errors).toBeUndefined();
      } else {
        expect(tasks.length).toBeLessThanOrEqual(decision.playbook?.tasksCount ?? 0);
        expect(execution.errors?.length).toBe(1);
      }
      if (execution.status === 'failed') {
        expect(execution.taskCounts.failed + execution.taskCounts.unreachable).toBe(1);
      }
      if (execution.status === 'timeout') expect(execution.durationSeconds).toBe(RUN_TIMEOUT_SECONDS);
    }
  });

  it('reports each execution after its decision, and each feedback after its execution', () => {
    for (const i of interactions) {
      const started = Date.parse(i.execution.startedAt);
      expect(started).toBeGreaterThan(AT.getTime());
      expect(i.executionAt.getTime()).toBeGreaterThanOrEqual(started + i.execution.durationSeconds * 1000);
      if (i.feedbackAt) expect(i.feedbackAt.getTime()).toBeGreaterThan(i.executionAt.getTime());
    }
  });

  it('gets thumbs up mostly for successes and corrections for misread requests', () => {
    // Act
    const rated = interactions.filter((i) => i.feedback?.rating);
    const upOnSuccess = share(
      rated.filter((i) => i.execution.status === 'success' && !i.misread),
      (i) => i.feedback?.rating === 'thumbs_up',
    );
    const corrections = interactions.filter((i) => i.feedback?.correctIntent);

    // Assess
    expect(upOnSuccess).toBeGreaterThan(0.85);
    expect(corrections.length).toBeGreaterThan(0);
    for (const i of corrections) {
      expect(i.misread).toBe(true);
      expect(i.feedback?.rating).toBe('thumbs_down');
      expect(i.feedback?.correctIntent?.action).not.toBe(i.decision.intent.action);
    }
    expect(interactions.some((i) => i.feedback?.humanVerified && i.feedback.isTrainingData)).toBe(true);
  });

  it('marks a few requests to arrive out of order or to be sent twice', () => {
    expect(share(interactions, (i) => i.executionFirst)).toBeGreaterThan(0.03);
    expect(share(interactions, (i) => i.resend !== undefined)).toBeGreaterThan(0.03);
    expect(interactions.every((i) => i.resend !== 'feedback' || i.feedback)).toBe(true);
  });

  it('fails every run on an appliance that cannot be reached, at the first task', () => {
    // Prepare
    const rng = createRng(seededRandom(9));
    const target = {
      applianceId: 'appl-dns-01',
      role: 'dns',
      services: ['bind9', 'sshd'],
      reachable: false,
    } as const;

    // Act
    const runs = Array.from({ length: 50 }, () => simulateDecision(rng, target, AT).execution);

    // Assess
    for (const run of runs) {
      expect(run.status).toBe('failed');
      expect(run.tasks?.map((t) => t.status)).toEqual(['unreachable']);
    }
  });

  it('is reproducible: the same seed gives the same payloads', () => {
    // Act
    const again = draw(1, 50);

    // Assess
    expect(again.map((i) => i.decision)).toEqual(interactions.slice(0, 50).map((i) => i.decision));
    expect(again.map((i) => i.execution)).toEqual(interactions.slice(0, 50).map((i) => i.execution));
    expect(draw(2, 50).map((i) => i.decisionId)).not.toEqual(again.map((i) => i.decisionId));
  });
});
