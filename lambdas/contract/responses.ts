import { llmSchema, playbookSchema } from './decision.ts';
import { executionSchema } from './execution.ts';
import { feedbackFieldsSchema } from './feedback.ts';
import { SERVICE_STATES } from './heartbeat.ts';
import { intentSchema } from './intent.ts';
import { LIMITS } from './limits.ts';
import * as z from './zod.ts';

/** One failing field of a request: a JSON Pointer into the body, a code and a message. */
export const fieldErrorSchema = z.object({
  pointer: z
    .string()
    .check(
      z.describe(
        'JSON Pointer (RFC 6901) into the request body, or `query:<name>`; longer than 128 characters, it is cut and ends with `…`',
      ),
    ),
  code: z.string(),
  message: z.string().check(z.describe('For people; at most 128 characters')),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, with a machine-readable `code` and the failing fields. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().check(z.int(), z.gte(100), z.lte(599)),
  detail: z.string(),
  instance: z.optional(z.string()),
  code: z.string(),
  requestId: z.optional(z.string()),
  errors: z
    .optional(z.array(fieldErrorSchema).check(z.maxLength(LIMITS.maxErrorsPerResponse)))
    .check(
      z.describe(
        `The failing fields: at most ${LIMITS.maxErrorsPerItem} for one item, ${LIMITS.maxErrorsPerResponse} for a whole body; \`errorCount\` has the total`,
      ),
    ),
  errorCount: z
    .optional(z.number().check(z.int(), z.gte(0)))
    .check(z.describe('How many field errors were found; more than `errors` lists when the list was cut')),
  accepted: z.optional(z.number().check(z.int(), z.gte(0))).check(z.describe('With all_rejected: always 0')),
  duplicates: z
    .optional(z.number().check(z.int(), z.gte(0)))
    .check(z.describe('With all_rejected: always 0')),
  rejected: z
    .optional(z.number().check(z.int(), z.gte(0)))
    .check(z.describe('With all_rejected: the batch size')),
  results: z
    .optional(z.array(z.lazy(() => itemResultSchema)))
    .check(z.describe('Per-item outcomes when a whole batch was rejected')),
});
export type Problem = z.infer<typeof problemSchema>;

export const ITEM_STATUSES = ['accepted', 'duplicate', 'rejected'] as const;

/** The outcome of one item of a batch (or of a single write). */
export const itemResultSchema = z.object({
  index: z.optional(z.number().check(z.int(), z.gte(0))).check(z.describe('Position in the batch')),
  id: z.optional(z.string()).check(z.describe('decisionId, or applianceId@sentAt for heartbeats')),
  status: z.enum(ITEM_STATUSES),
  code: z.optional(z.string()).check(z.describe('Why it was rejected, e.g. validation_failed, conflict')),
  message: z
    .optional(z.string())
    .check(z.describe('The first field error and how many more there are, for people')),
  errors: z
    .optional(z.array(fieldErrorSchema).check(z.maxLength(LIMITS.maxErrorsPerItem)))
    .check(
      z.describe(
        `The item's failing fields: at most ${LIMITS.maxErrorsPerItem}, and ${LIMITS.maxErrorsPerResponse} over a whole batch (later items list none); \`errorCount\` has the total`,
      ),
    ),
  errorCount: z
    .optional(z.number().check(z.int(), z.gte(0)))
    .check(z.describe('How many field errors the item has; more than `errors` lists when the list was cut')),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

export const batchResultSchema = z.object({
  accepted: z.number().check(z.int(), z.gte(0)),
  duplicates: z.number().check(z.int(), z.gte(0)),
  rejected: z.number().check(z.int(), z.gte(0)),
  results: z.array(itemResultSchema),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

/** A decision as stored: the merge of its decision, execution and feedback events. */
export const decisionRecordSchema = z.object({
  decisionId: z.string(),
  customerId: z.string(),
  applianceId: z.optional(z.string()),
  occurredAt: z.optional(z.string()),
  agent: z.optional(z.object({ name: z.string(), version: z.string() })),
  query: z.optional(z.string()),
  queryHash: z.optional(z.string()),
  intent: z.optional(intentSchema),
  confidence: z.optional(z.number()),
  llm: z.optional(llmSchema),
  playbook: z.optional(playbookSchema),
  traceId: z.optional(z.string()),
  execution: z.optional(z.omit(executionSchema, { schemaVersion: true })),
  feedback: z.optional(z.omit(feedbackFieldsSchema, { schemaVersion: true })),
  redactions: z.optional(z.array(z.string())).check(z.describe('Names of the redaction rules that matched')),
  receivedAt: z
    .object({
      decision: z.optional(z.string()),
      execution: z.optional(z.string()),
      feedback: z.optional(z.string()),
    })
    .check(z.describe('When each event was accepted')),
  version: z
    .number()
    .check(z.int())
    .check(z.describe('Number of events merged; grows by one per accepted event')),
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

export const decisionListSchema = z.object({
  items: z.array(decisionRecordSchema),
  nextCursor: z.optional(z.string()).check(z.describe('Pass as `cursor` to get the next page')),
});

export const applianceSchema = z.object({
  applianceId: z.string(),
  customerId: z.string(),
  online: z
    .boolean()
    .check(
      z.describe(
        'Last heartbeat younger than the offline threshold and no disconnect from the broker since it arrived',
      ),
    ),
  lastHeartbeatAt: z.string(),
  cpuPercent: z.number(),
  memoryPercent: z.number(),
  diskPercent: z.number(),
  services: z.record(z.string(), z.enum(SERVICE_STATES)),
  agentVersion: z.string(),
});
export type Appliance = z.infer<typeof applianceSchema>;

export const applianceListSchema = z.object({
  items: z.array(applianceSchema),
  nextCursor: z.optional(z.string()),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['ok', 'down']), latencyMs: z.number(), detail: z.optional(z.string()) }),
  ),
});
export type Health = z.infer<typeof healthSchema>;
