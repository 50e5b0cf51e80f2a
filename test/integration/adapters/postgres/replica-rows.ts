/**
 * Replica rows built the way production builds them: contract samples → planned section
 * writes → the stored DynamoDB item after each accepted write → `toReplicaRow`.
 */

import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import {
  applySectionWrite,
  planDecision,
  planExecution,
  planFeedback,
} from '#adapters/dynamodb/section-write';
import { type ReplicaRow, toReplicaRow } from '#adapters/postgres/replica-row';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import { feedbackSchema } from '#contract/feedback';
import type { IngestContext } from '#domain/decision-lifecycle';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';
import {
  sampleDecision,
  sampleExecution,
  sampleFailedExecution,
  sampleFeedback,
} from '../../../support/samples.ts';

const ctx = (customerId: string, minute: number): IngestContext => ({
  customerId,
  receivedAt: new Date(Date.UTC(2026, 10, 21, 10, minute)),
  retentionDays: 30,
  rules: DEFAULT_REDACTION_RULES,
});

/**
 * Every row version one decision goes through (a row per stored item that has the decision
 * section), lowest version first. `executionFirst` delivers the execution before the decision.
 */
export function rowVersions(
  options: { customerId?: string; decisionId?: string; executionFirst?: boolean; failed?: boolean } = {},
): ReplicaRow[] {
  const customerId = options.customerId ?? 'acme';
  const d = decisionSchema.parse(
    sampleDecision(options.decisionId ? { decisionId: options.decisionId } : {}),
  );
  const e = executionSchema.parse(options.failed ? sampleFailedExecution() : sampleExecution());
  const writes = [
    planDecision(d, ctx(customerId, 0)),
    planExecution(d.decisionId, e, ctx(customerId, 1)),
    planFeedback(
      d.decisionId,
      feedbackSchema.parse(sampleFeedback({ rating: 'thumbs_down', humanVerified: undefined })),
      ctx(customerId, 2),
    ),
    planFeedback(
      d.decisionId,
      feedbackSchema.parse({ schemaVersion: 1, humanVerified: true }),
      ctx(customerId, 3),
    ),
  ];
  if (options.executionFirst) writes.unshift(...writes.splice(1, 1));
  const rows: ReplicaRow[] = [];
  let item: DecisionItem | undefined;
  for (const w of writes) {
    item = applySectionWrite(item, w).item;
    const row = toReplicaRow(recordedDecision(item));
    if (row) rows.push(row);
  }
  return rows;
}

/** Normalises what a driver returns (Date or text times, jsonb as object or text) to compare rows. */
const normalise = (row: Record<string, unknown>): Record<string, unknown> => {
  const parsed = typeof row.r === 'string' ? JSON.parse(row.r) : row.r;
  const { updated_at: _u, ...rest } = parsed as Record<string, unknown>;
  return { ...rest, timestamp: new Date(String(rest.timestamp)).toISOString() };
};

/** The table's rows as `ReplicaRow`-shaped objects, ordered by customer and id. */
export async function readDecisionRows(client: SqlClient): Promise<Record<string, unknown>[]> {
  const { rows } = await client.query<Record<string, unknown>>(
    'SELECT to_jsonb(d) AS r FROM ai_decisions d ORDER BY customer_id, id',
  );
  return rows.map(normalise);
}

/** The rows as they are expected to read back, in the same order. */
export const expectedRows = (rows: readonly ReplicaRow[]): Record<string, unknown>[] =>
  [...rows]
    .sort(
      (a, b) => a.customer_id.localeCompare(b.customer_id, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);
