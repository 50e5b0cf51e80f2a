import { toDecisionRecord } from '#domain/decision-record';
import type { RecordedDecision } from '#domain/recorded-decision';

/**
 * One row of `ai_decisions` (DESIGN.md §5), keyed by column name. Times are ISO 8601 UTC,
 * jsonb columns plain objects; `null` where an event has not arrived yet.
 */
export interface ReplicaRow {
  readonly id: string;
  readonly timestamp: string;
  readonly appliance_id: string;
  readonly customer_id: string;
  readonly query: string;
  readonly query_hash: string;
  readonly parsed_intent: { readonly action: string; readonly parameters: Record<string, unknown> };
  readonly confidence: number;
  readonly llm_model: string;
  readonly llm_tokens_used: number;
  readonly llm_duration_ms: number;
  readonly playbook_yaml: string | null;
  readonly playbook_hash: string | null;
  readonly execution_status: 'success' | 'failed' | 'timeout' | null;
  readonly execution_duration_seconds: number | null;
  readonly tasks_executed: number | null;
  readonly tasks_ok: number | null;
  readonly tasks_changed: number | null;
  readonly tasks_failed: number | null;
  readonly execution_output: string | null;
  readonly execution_errors: readonly string[] | null;
  readonly user_feedback: 'thumbs_up' | 'thumbs_down' | null;
  readonly user_comment: string | null;
  readonly is_training_data: boolean;
  readonly human_verified: boolean;
  readonly correct_intent: Record<string, unknown> | null;
  /** The recorded decision's version: a row is only ever replaced by a higher one. */
  readonly version: number;
}

/** The columns a row carries, in table order (the replica sets `updated_at` itself). */
export const REPLICA_COLUMNS = [
  'id',
  'timestamp',
  'appliance_id',
  'customer_id',
  'query',
  'query_hash',
  'parsed_intent',
  'confidence',
  'llm_model',
  'llm_tokens_used',
  'llm_duration_ms',
  'playbook_yaml',
  'playbook_hash',
  'execution_status',
  'execution_duration_seconds',
  'tasks_executed',
  'tasks_ok',
  'tasks_changed',
  'tasks_failed',
  'execution_output',
  'execution_errors',
  'user_feedback',
  'user_comment',
  'is_training_data',
  'human_verified',
  'correct_intent',
  'version',
] as const satisfies readonly (keyof ReplicaRow)[];

function required<T>(value: T | undefined, field: string, d: RecordedDecision): T {
  if (value === undefined || value === null) {
    throw new Error(
      `decision ${d.customerId}/${d.decisionId}: ${field} is missing although the decision event was stored`,
    );
  }
  return value;
}

/**
 * The replica row of a recorded decision, from the same merged view the API serves
 * (`toDecisionRecord`, feedback merged field by field).
 *
 * `tasks_executed` is `ok + failed + unreachable`: the tasks that ran on a host. Ansible's
 * recap counts a changed task in `ok` too, so adding `changed` would count it twice, and
 * skipped tasks did not run.
 *
 * @returns `undefined` while only execution or feedback events have arrived: a row needs
 *   the decision's time, appliance, query and model (NOT NULL columns)
 * @throws Error naming the field when the decision section is marked present but incomplete
 * @example
 * const row = toReplicaRow(recordedDecision(newImage));
 * if (row) await upsertDecisions(sql, [row]);
 */
export function toReplicaRow(item: RecordedDecision): ReplicaRow | undefined {
  if (item.decision === undefined) return undefined;
  const r = toDecisionRecord(item);
  const llm = required(r.llm, 'llm', item);
  const execution = r.execution;
  const counts = execution?.taskCounts;
  const feedback = r.feedback;
  return {
    id: r.decisionId,
    timestamp: required(r.occurredAt, 'occurredAt', item),
    appliance_id: required(r.applianceId, 'applianceId', item),
    customer_id: r.customerId,
    query: required(r.query, 'query', item),
    query_hash: required(r.queryHash, 'queryHash', item),
    parsed_intent: required(r.intent, 'intent', item),
    confidence: required(r.confidence, 'confidence', item),
    llm_model: llm.model,
    llm_tokens_used: llm.inputTokens + llm.outputTokens,
    llm_duration_ms: Math.round(llm.durationMs),
    playbook_yaml: r.playbook?.yaml ?? null,
    playbook_hash: r.playbook?.sha256 ?? null,
    execution_status: execution?.status ?? null,
    execution_duration_seconds: execution?.durationSeconds ?? null,
    tasks_executed: counts ? counts.ok + counts.failed + counts.unreachable : null,
    tasks_ok: counts?.ok ?? null,
    tasks_changed: counts?.changed ?? null,
    tasks_failed: counts?.failed ?? null,
    execution_output: execution?.output ?? null,
    execution_errors: execution ? (execution.errors ?? []) : null,
    user_feedback: feedback?.rating ?? null,
    user_comment: feedback?.comment ?? null,
    is_training_data: feedback?.isTrainingData ?? false,
    human_verified: feedback?.humanVerified ?? false,
    correct_intent: feedback?.correctIntent ?? null,
    version: Number(item.version),
  };
}
