import type * as z from 'zod';
import type { llmSchema } from '#contract/decision';
import { clamp, type Rng } from './random.ts';

/** The model call as the contract carries it. */
export type LlmCall = z.input<typeof llmSchema>;

interface Model {
  readonly provider: 'anthropic' | 'openai';
  readonly model: string;
  /** Milliseconds per generated token (smaller models are faster). */
  readonly msPerToken: readonly [number, number];
  readonly weight: number;
}

/** The models the simulated agent is configured with, and how often each is used. */
export const MODELS: readonly Model[] = [
  { provider: 'anthropic', model: 'claude-sonnet-4-5', msPerToken: [9, 16], weight: 45 },
  { provider: 'anthropic', model: 'claude-haiku-4-5', msPerToken: [4, 8], weight: 15 },
  { provider: 'openai', model: 'gpt-4.1', msPerToken: [10, 18], weight: 25 },
  { provider: 'openai', model: 'gpt-4.1-mini', msPerToken: [4, 9], weight: 15 },
];

/** The agent's system prompt and appliance inventory, in tokens, before the operator's words. */
const PROMPT_TOKENS: readonly [number, number] = [1_400, 3_800];

/**
 * Draws the model call that produced a decision: the output tokens follow the size of the
 * generated playbook, the latency follows the output tokens (400 ms to 6 s), and the
 * response id has the provider's form (`msg_01…`, `chatcmpl-…`).
 * @example simulateLlmCall(rng, 'add an A record …', 612).durationMs // between 400 and 6000
 */
export function simulateLlmCall(rng: Rng, query: string, playbookChars: number): LlmCall {
  const m = rng.weighted(MODELS.map((x) => [x, x.weight] as const));
  const inputTokens = rng.int(...PROMPT_TOKENS) + Math.ceil(query.length / 4);
  const outputTokens = Math.ceil(playbookChars / 3.6) + rng.int(40, 160);
  const perToken = rng.float(m.msPerToken[0], m.msPerToken[1], 2);
  const durationMs = Math.round(clamp(300 + outputTokens * perToken + rng.int(0, 400), 400, 6_000));
  const responseId = m.provider === 'anthropic' ? `msg_01${rng.alnum(22)}` : `chatcmpl-${rng.alnum(29)}`;
  return { provider: m.provider, model: m.model, inputTokens, outputTokens, durationMs, responseId };
}
