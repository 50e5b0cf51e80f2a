import type * as z from 'zod';
import type { decisionSchema } from '#contract/decision';
import { type ExecutionPayload, simulateRun } from './execution.ts';
import { type FeedbackPayload, simulateFeedback } from './feedback.ts';
import { simulateLlmCall } from './llm.ts';
import type { Rng } from './random.ts';
import { drawRequest, type Intent, type ScenarioTarget } from './scenarios.ts';

/** A decision as the contract carries it. */
export type DecisionPayload = z.input<typeof decisionSchema>;

/** The simulated agent's identity. */
export const AGENT = { name: 'aiops-agent', version: '1.4.2' } as const;

/** Share of decisions the model is unsure of (confidence 0.3 to 0.6); the rest are 0.8 to 0.99. */
export const LOW_CONFIDENCE_SHARE = 0.15;
/** Share of decisions whose execution reaches the API before the decision itself. */
export const EXECUTION_FIRST_SHARE = 0.07;
/** Share of decisions with one event the agent sends twice (a retry after a lost answer). */
export const RESEND_SHARE = 0.06;

/** The appliance a request is aimed at, and whether it can be reached right now. */
export interface AgentTarget extends ScenarioTarget {
  /** @default true */
  readonly reachable?: boolean;
}

/** Everything one operator request produces, with when the agent reports each part. */
export interface Interaction {
  readonly decisionId: string;
  readonly scenarioId: string;
  readonly decision: DecisionPayload;
  readonly execution: ExecutionPayload;
  readonly feedback?: FeedbackPayload;
  /** When the run ended and the agent reports it. */
  readonly executionAt: Date;
  /** When the operator gives feedback (set when there is feedback). */
  readonly feedbackAt?: Date;
  /** The execution reaches the API before the decision (the decision post was held up). */
  readonly executionFirst: boolean;
  /** The event the agent sends twice; the second copy must be answered as a duplicate. */
  readonly resend?: 'decision' | 'execution' | 'feedback';
  readonly lowConfidence: boolean;
  /** The model picked the wrong action (only ever with low confidence). */
  readonly misread: boolean;
  /** The query carries a pasted secret. */
  readonly secret: boolean;
}

/**
 * Simulates the agent handling one operator request at `at`: the model call, the decision,
 * the Ansible run and, sometimes, the operator's feedback.
 * @example
 * const it = simulateDecision(rng, { applianceId: 'appl-mail-01', role: 'mail', services: ['postfix', 'dovecot', 'sshd'] }, new Date());
 * await post(`/v1/decisions`, it.decision);
 */
export function simulateDecision(rng: Rng, target: AgentTarget, at: Date): Interaction {
  const request = drawRequest(rng, target);
  const lowConfidence = rng.chance(LOW_CONFIDENCE_SHARE);
  const confusedWith = request.scenario.confusedWith;
  const misread = lowConfidence && confusedWith !== undefined && rng.chance(0.6);
  const intent: Intent =
    misread && confusedWith ? { ...request.intent, action: confusedWith } : request.intent;
  const llm = simulateLlmCall(rng, request.query, request.playbook.yaml.length);
  const decisionId = rng.uuid();
  const decision: DecisionPayload = {
    schemaVersion: 1,
    decisionId,
    occurredAt: at.toISOString(),
    applianceId: target.applianceId,
    agent: { ...AGENT },
    query: request.query,
    intent,
    confidence: lowConfidence ? rng.float(0.3, 0.6) : rng.float(0.8, 0.99),
    llm,
    playbook: request.playbook,
    traceId: rng.hex(32),
  };
  const startedAt = new Date(at.getTime() + llm.durationMs + rng.int(200, 1_500));
  const execution = simulateRun(rng, request.play, {
    applianceId: target.applianceId,
    startedAt,
    reachable: target.reachable ?? true,
  });
  const executionAt = new Date(startedAt.getTime() + execution.durationSeconds * 1000 + rng.int(100, 1_200));
  const feedback = simulateFeedback(rng, { status: execution.status, misread, trueIntent: request.intent });
  const executionFirst = rng.chance(EXECUTION_FIRST_SHARE);
  const resend = rng.chance(RESEND_SHARE)
    ? rng.weighted<'decision' | 'execution' | 'feedback'>([
        ['decision', 50],
        ['execution', 35],
        ['feedback', feedback ? 15 : 0],
      ])
    : undefined;
  return {
    decisionId,
    scenarioId: request.scenario.id,
    decision,
    execution,
    ...(feedback ? { feedback, feedbackAt: new Date(executionAt.getTime() + rng.int(5_000, 90_000)) } : {}),
    executionAt,
    executionFirst,
    ...(resend ? { resend } : {}),
    lowConfidence,
    misread,
    secret: request.secret ?? false,
  };
}
