import type { Logger } from '@aws-lambda-powertools/logger';
import type { DecisionEvent } from '#contract/decision';
import type { ExecutionEvent } from '#contract/execution';
import type { WriteOutcome } from '#domain/decision-lifecycle';

/**
 * The X-Ray form of a decision's trace id: an X-Ray id as is, a W3C id split the way X-Ray
 * reads it (the first 8 hex digits are the epoch part), so the console and Grafana's X-Ray
 * data source can open it.
 * @example xrayTraceId('4bf92f3577b34da6a3ce929d0e0e4736') // '1-4bf92f35-77b34da6a3ce929d0e0e4736'
 */
export function xrayTraceId(traceId: string): string {
  return traceId.startsWith('1-') ? traceId : `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
}

/**
 * One log line per decision written (`decision recorded`): what the per-decision tables of
 * the dashboards read with Logs Insights (ids, action, confidence and the agent's trace id;
 * never the query or the playbook, which stay in the table only).
 */
export function logDecisionRecorded(logger: Logger, d: DecisionEvent, outcome: WriteOutcome): void {
  logger.info('decision recorded', {
    outcome,
    decisionId: d.decisionId,
    applianceId: d.applianceId,
    action: d.intent.action,
    confidence: d.confidence,
    model: d.llm.model,
    ...(d.traceId ? { traceId: d.traceId, xrayTraceId: xrayTraceId(d.traceId) } : {}),
  });
}

/** One log line per execution result written (`execution recorded`), for the failures table. */
export function logExecutionRecorded(
  logger: Logger,
  decisionId: string,
  e: ExecutionEvent,
  outcome: WriteOutcome,
): void {
  logger.info('execution recorded', {
    outcome,
    decisionId,
    executionStatus: e.status,
    durationSeconds: e.durationSeconds,
    errorCount: e.errors?.length ?? 0,
  });
}
