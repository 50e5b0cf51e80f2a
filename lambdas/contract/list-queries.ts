import { applianceId, timestamp } from './common.ts';
import { EXECUTION_STATUSES } from './execution.ts';
import { LIMITS } from './limits.ts';
import * as z from './zod.ts';

const limit = z._default(
  z.coerce.number().check(z.int(), z.gte(1), z.lte(LIMITS.maxPageSize)),
  LIMITS.defaultPageSize,
);
const cursor = z.optional(z.string().check(z.minLength(1), z.maxLength(2048)));

/** Query parameters of `GET /v1/decisions`; unknown parameters are refused so typos show. */
export const decisionListQuerySchema = z
  .strictObject({
    applianceId: z.optional(applianceId),
    executionStatus: z.optional(z.enum(EXECUTION_STATUSES)),
    maxConfidence: z.optional(z.coerce.number().check(z.gte(0), z.lte(1))),
    since: z.optional(timestamp),
    until: z.optional(timestamp),
    limit,
    cursor,
  })
  .check(
    z.refine((q) => !q.since || !q.until || Date.parse(q.since) <= Date.parse(q.until), {
      message: 'since must not be after until',
      path: ['since'],
    }),
  );
export type DecisionListQuery = z.infer<typeof decisionListQuerySchema>;

/** Query parameters of `GET /v1/appliances`. */
export const applianceListQuerySchema = z.strictObject({ limit, cursor });
