/**
 * Reports on how well the model understands operators: hourly quality, low-confidence
 * decisions, and agreement between the parsed intent and the operators' corrections.
 */
import {
  DECISION_COLUMNS,
  DECISION_SELECT,
  IN_WINDOW,
  isoUtc,
  LIMIT,
  PARSED_ACTION,
  type ReportDefinition,
  type ReportParameter,
  ROW_VERDICT,
  ratio,
  rounded,
  SINCE,
  UNTIL,
} from './report-definition.ts';

const THRESHOLD: ReportParameter = {
  name: 'threshold',
  description: 'decisions with a confidence below this (0..1)',
  default: 0.5,
};

/** Success rate, average confidence and durations per UTC hour, newest hour first. */
export const HOURLY_REPORT: ReportDefinition = {
  name: 'hourly',
  description:
    'Per UTC hour: decisions, executions by status, success rate, average confidence, model and execution time',
  sql: `SELECT ${isoUtc('h.hour')} AS hour, h.decisions, h.executed, h.succeeded, h.failed, h.timed_out,
      ${rounded('h.success_rate', 4)} AS success_rate, ${rounded('h.avg_confidence', 4)} AS avg_confidence,
      ${rounded('h.avg_llm_duration_ms', 1)} AS avg_llm_duration_ms,
      ${rounded('h.avg_execution_seconds')} AS avg_execution_seconds
    FROM ai_decisions_hourly h
    WHERE h.hour >= date_trunc('hour', $1::timestamptz, 'UTC') AND h.hour < $2::timestamptz
    ORDER BY h.hour DESC LIMIT $3::int`,
  parameters: [SINCE('24h'), UNTIL, LIMIT(168)],
  columns: [
    { name: 'hour', type: 'timestamp', description: 'start of the UTC hour' },
    { name: 'decisions', type: 'integer', description: 'decisions taken in the hour' },
    { name: 'executed', type: 'integer', description: 'of those, with an execution result' },
    { name: 'succeeded', type: 'integer', description: 'executions that succeeded' },
    { name: 'failed', type: 'integer', description: 'executions that failed' },
    { name: 'timed_out', type: 'integer', description: 'executions that timed out' },
    { name: 'success_rate', type: 'number', description: 'succeeded / executed (empty when none ran)' },
    { name: 'avg_confidence', type: 'number', description: "mean of the model's confidence" },
    { name: 'avg_llm_duration_ms', type: 'number', description: 'mean model parse time, ms' },
    { name: 'avg_execution_seconds', type: 'number', description: 'mean Ansible run time, s' },
  ],
};

/** Decisions the model was unsure of, least confident first. */
export const LOW_CONFIDENCE_REPORT: ReportDefinition = {
  name: 'low-confidence',
  description: 'Decisions with a confidence below the threshold, least confident first',
  sql: `SELECT ${DECISION_SELECT},
      ${PARSED_ACTION} AS action, ${rounded('confidence', 4)} AS confidence, execution_status,
      user_feedback, ${ROW_VERDICT} AS verdict, query
    FROM ai_decisions
    WHERE ${IN_WINDOW} AND confidence < $4::float8
    ORDER BY ai_decisions.confidence, ai_decisions.timestamp DESC, ai_decisions.id LIMIT $3::int`,
  parameters: [SINCE('7d'), UNTIL, LIMIT(50), THRESHOLD],
  columns: [
    ...DECISION_COLUMNS,
    { name: 'action', type: 'text', description: 'parsed intent action' },
    { name: 'confidence', type: 'number', description: "the model's confidence" },
    { name: 'execution_status', type: 'text', description: 'success, failed, timeout or empty' },
    { name: 'user_feedback', type: 'text', description: 'thumbs_up, thumbs_down or empty' },
    { name: 'verdict', type: 'text', description: 'agreed, corrected or empty (intent_verdict)' },
    { name: 'query', type: 'text', description: "the operator's words (redacted)" },
  ],
};

/** Per action: how often feedback agreed with the parsed intent. */
export const INTENT_AGREEMENT_REPORT: ReportDefinition = {
  name: 'intent-agreement',
  description:
    'Per parsed action: feedback verdicts, agreed vs corrected, agreement rate and the most common corrected action',
  sql: `SELECT action, count(*)::int AS verdicts,
      (count(*) FILTER (WHERE verdict = 'agreed'))::int AS agreed,
      (count(*) FILTER (WHERE verdict = 'corrected'))::int AS corrected,
      ${ratio("count(*) FILTER (WHERE verdict = 'agreed')", 'count(*)')} AS agreement_rate,
      mode() WITHIN GROUP (ORDER BY corrected_action) FILTER (WHERE verdict = 'corrected') AS top_correction
    FROM (
      SELECT ${PARSED_ACTION} AS action, ${ROW_VERDICT} AS verdict, correct_intent ->> 'action' AS corrected_action
      FROM ai_decisions WHERE ${IN_WINDOW}
    ) v
    WHERE verdict IS NOT NULL
    GROUP BY action
    ORDER BY count(*) DESC, action LIMIT $3::int`,
  parameters: [SINCE('30d'), UNTIL, LIMIT(100)],
  columns: [
    { name: 'action', type: 'text', description: 'parsed intent action' },
    { name: 'verdicts', type: 'integer', description: 'decisions whose feedback carries a verdict' },
    { name: 'agreed', type: 'integer', description: 'the parsed intent was right' },
    { name: 'corrected', type: 'integer', description: 'an operator gave a different intent' },
    { name: 'agreement_rate', type: 'number', description: 'agreed / verdicts' },
    { name: 'top_correction', type: 'text', description: 'the action most often given as the correct one' },
  ],
};
