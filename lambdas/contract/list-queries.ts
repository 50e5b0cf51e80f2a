import * as z from 'zod';
import { applianceId, timestamp } from './common.ts';
import { EXECUTION_STATUSES } from './execution.ts';
import { LIMITS } from './limits.ts';

const limit = z.coerce.number().int().min(1).max(LIMITS.maxPageSize).default(LIMITS.defaultPageSize);
const cursor = z.string().min(1).max(2048).optional();

/** Query parameters of `GET /v1/decisions`; unknown parameters are refused so typos show. */
export const decisionListQuerySchema = z
  .strictObject({
    applianceId: applianceId.optional(),
    executionStatus: z.enum(EXECUTION_STATUSES).optional(),
    maxConfidence: z.coerce.number().min(0).max(1).optional(),
    since: timestamp.optional(),
    until: timestamp.optional(),
    limit,
    cursor,
  })
  .refine((q) => !q.since || !q.until || Date.parse(q.since) <= Date.parse(q.until), {
    message: 'since must not be after until',
    path: ['since'],
  });
export type DecisionListQuery = z.infer<typeof decisionListQuerySchema>;

/** Query parameters of `GET /v1/appliances`. */
export const applianceListQuerySchema = z.strictObject({ limit, cursor });
