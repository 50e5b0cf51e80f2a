import { count, eventTime, freeText, measure, schemaVersion } from './common.ts';
import { LIMITS } from './limits.ts';
import * as z from './zod.ts';

export const EXECUTION_STATUSES = ['success', 'failed', 'timeout'] as const;
export const TASK_STATUSES = ['ok', 'changed', 'failed', 'skipped', 'unreachable'] as const;

export const taskResultSchema = z.strictObject({
  name: freeText(LIMITS.maxTaskNameChars).check(z.minLength(1)),
  status: z.enum(TASK_STATUSES),
  durationSeconds: measure(86_400),
});

/** The Ansible run's result; may arrive before the decision it belongs to. */
export const executionSchema = z.strictObject({
  schemaVersion,
  status: z.enum(EXECUTION_STATUSES),
  startedAt: eventTime,
  durationSeconds: measure(86_400),
  changed: z.boolean(),
  taskCounts: z.strictObject({
    ok: count(LIMITS.maxTaskCount),
    changed: count(LIMITS.maxTaskCount),
    failed: count(LIMITS.maxTaskCount),
    skipped: count(LIMITS.maxTaskCount),
    unreachable: count(LIMITS.maxTaskCount),
  }),
  tasks: z.optional(z.array(taskResultSchema).check(z.maxLength(LIMITS.maxTasks))),
  errors: z.optional(
    z.array(freeText(LIMITS.maxErrorChars).check(z.minLength(1))).check(z.maxLength(LIMITS.maxErrors)),
  ),
  output: z.optional(freeText(LIMITS.maxOutputChars)),
  outputTruncated: z.optional(z.boolean()).check(z.describe('true when the agent cut the output to fit')),
});
export type ExecutionEvent = z.infer<typeof executionSchema>;
