import * as z from 'zod';
import { count, eventTime, freeText, measure, schemaVersion } from './common.ts';
import { LIMITS } from './limits.ts';

export const EXECUTION_STATUSES = ['success', 'failed', 'timeout'] as const;
export const TASK_STATUSES = ['ok', 'changed', 'failed', 'skipped', 'unreachable'] as const;

export const taskResultSchema = z.strictObject({
  name: freeText(LIMITS.maxTaskNameChars).min(1),
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
  tasks: z.array(taskResultSchema).max(LIMITS.maxTasks).optional(),
  errors: z.array(freeText(LIMITS.maxErrorChars).min(1)).max(LIMITS.maxErrors).optional(),
  output: freeText(LIMITS.maxOutputChars).optional(),
  outputTruncated: z.boolean().optional().describe('true when the agent cut the output to fit'),
});
export type ExecutionEvent = z.infer<typeof executionSchema>;
