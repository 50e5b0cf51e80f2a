import * as z from 'zod';
import { llmSchema, playbookSchema } from './decision.ts';
import { executionSchema } from './execution.ts';
import { feedbackFieldsSchema } from './feedback.ts';
import { SERVICE_STATES } from './heartbeat.ts';
import { intentSchema } from './intent.ts';
import { LIMITS } from './limits.ts';

/** One failing field of a request: a JSON Pointer into the body, a code and a message. */
export const fieldErrorSchema = z.object({
  pointer: z
    .string()
    .describe(
      'JSON Pointer (RFC 6901) into the request body, or `query:<name>`; longer than 128 characters, it is cut and ends with `…`',
    ),
  code: z.string(),
  message: z.string().describe('For people; at most 128 characters'),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, with a machine-readable `code` and the failing fields. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(100).max(599),
  detail: z.string(),
  instance: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z
    .array(fieldErrorSchema)
    .max(LIMITS.maxErrorsPerResponse)
    .optional()
    .describe(
      `The failing fields: at most ${LIMITS.maxErrorsPerItem} for one item, ${LIMITS.maxErrorsPerResponse} for a whole body; \`errorCount\` has the total`,
    ),
  errorCount: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('How many field errors were found; more than `errors` lists when the list was cut'),
  accepted: z.number().int().nonnegative().optional().describe('With all_rejected: always 0'),
  duplicates: z.number().int().nonnegative().optional().describe('With all_rejected: always 0'),
  rejected: z.number().int().nonnegative().optional().describe('With all_rejected: the batch size'),
  results: z
    .array(z.lazy(() => itemResultSchema))
    .optional()
    .describe('Per-item outcomes when a whole batch was rejected'),
});
export type Problem = z.infer<typeof problemSchema>;

export const ITEM_STATUSES = ['accepted', 'duplicate', 'rejected'] as const;

/** The outcome of one item of a batch (or of a single write). */
export const itemResultSchema = z.object({
  index: z.number().int().nonnegative().optional().describe('Position in the batch'),
  id: z.string().optional().describe('decisionId, or applianceId@sentAt for heartbeats'),
  status: z.enum(ITEM_STATUSES),
  code: z.string().optional().describe('Why it was rejected, e.g. validation_failed, conflict'),
  message: z.string().optional().describe('The first field error and how many more there are, for people'),
  errors: z
    .array(fieldErrorSchema)
    .max(LIMITS.maxErrorsPerItem)
    .optional()
    .describe(
      `The item's failing fields: at most ${LIMITS.maxErrorsPerItem}, and ${LIMITS.maxErrorsPerResponse} over a whole batch (later items list none); \`errorCount\` has the total`,
    ),
  errorCount: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('How many field errors the item has; more than `errors` lists when the list was cut'),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

export const batchResultSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  results: z.array(itemResultSchema),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

/** A decision as stored: the merge of its decision, execution and feedback events. */
export const decisionRecordSchema = z.object({
  decisionId: z.string(),
  customerId: z.string(),
  applianceId: z.string().optional(),
  occurredAt: z.string().optional(),
  agent: z.object({ name: z.string(), version: z.string() }).optional(),
  query: z.string().optional(),
  queryHash: z.string().optional(),
  intent: intentSchema.optional(),
  confidence: z.number().optional(),
  llm: llmSchema.optional(),
  playbook: playbookSchema.optional(),
  traceId: z.string().optional(),
  execution: executionSchema.omit({ schemaVersion: true }).optional(),
  feedback: feedbackFieldsSchema.omit({ schemaVersion: true }).optional(),
  redactions: z.array(z.string()).optional().describe('Names of the redaction rules that matched'),
  receivedAt: z
    .object({
      decision: z.string().optional(),
      execution: z.string().optional(),
      feedback: z.string().optional(),
    })
    .describe('When each event was accepted'),
  version: z.number().int().describe('Number of events merged; grows by one per accepted event'),
});
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

export const decisionListSchema = z.object({
  items: z.array(decisionRecordSchema),
  nextCursor: z.string().optional().describe('Pass as `cursor` to get the next page'),
});

export const applianceSchema = z.object({
  applianceId: z.string(),
  customerId: z.string(),
  online: z
    .boolean()
    .describe(
      'Last heartbeat younger than the offline threshold and no disconnect from the broker since it arrived',
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
  nextCursor: z.string().optional(),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['ok', 'down']), latencyMs: z.number(), detail: z.string().optional() }),
  ),
});
export type Health = z.infer<typeof healthSchema>;
