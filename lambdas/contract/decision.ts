import {
  applianceId,
  count,
  eventTime,
  freeText,
  measure,
  schemaVersion,
  shortName,
  storableString,
  traceId,
  uuid,
} from './common.ts';
import { intentSchema } from './intent.ts';
import { LIMITS } from './limits.ts';
import * as z from './zod.ts';

/** The model call that produced the decision (OpenTelemetry GenAI names in logs). */
export const llmSchema = z.strictObject({
  provider: shortName.check(z.describe('gen_ai.provider.name, e.g. openai, anthropic, aws.bedrock')),
  model: shortName.check(z.describe('gen_ai.request.model')),
  inputTokens: count(LIMITS.maxTokens).check(z.describe('gen_ai.usage.input_tokens')),
  outputTokens: count(LIMITS.maxTokens).check(z.describe('gen_ai.usage.output_tokens')),
  durationMs: measure(3_600_000),
  responseId: z.optional(storableString(256)).check(z.describe('gen_ai.response.id')),
});

/** The Ansible playbook the model generated. */
export const playbookSchema = z.strictObject({
  type: shortName.check(z.describe('Playbook family, e.g. dns, samba, mail, pki')),
  yaml: freeText(LIMITS.maxPlaybookChars).check(z.minLength(1)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256')),
  tasksCount: z.number().check(z.int(), z.gte(0), z.lte(LIMITS.maxTasks)),
});

/** One decision: what the model saw, understood, how sure it was and what it generated. */
export const decisionSchema = z.strictObject({
  schemaVersion,
  decisionId: uuid,
  occurredAt: eventTime,
  applianceId,
  agent: z.strictObject({ name: shortName, version: shortName }),
  query: freeText(LIMITS.maxQueryChars).check(
    z.minLength(1),
    z.describe("The operator's words (redacted before storage)"),
  ),
  intent: intentSchema,
  confidence: measure(1),
  llm: llmSchema,
  playbook: z.optional(playbookSchema),
  traceId: z.optional(traceId),
});
export type DecisionEvent = z.infer<typeof decisionSchema>;

/** `POST /v1/decisions` takes one decision or `{ decisions: [...] }`. */
export const decisionBatchSchema = z.strictObject({
  decisions: z.array(z.unknown()).check(z.minLength(1), z.maxLength(LIMITS.maxBatchItems)),
});
