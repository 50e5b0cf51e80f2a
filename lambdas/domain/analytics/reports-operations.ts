/**
 * Reports on what ran and where: recent failures, per-appliance and per-action statistics,
 * and the decisions worth fine-tuning on.
 */
import {
  DECISION_COLUMNS,
  DECISION_SELECT,
  IN_WINDOW,
  isoUtc,
  LIMIT,
  PARSED_ACTION,
  type ReportColumn,
  type ReportDefinition,
  ROW_VERDICT,
  ratio,
  rounded,
  SINCE,
  UNTIL,
} from './report-definition.ts';

/** Execution counts and rates shared by the grouped reports. */
const EXECUTION_STATS = `count(*)::int AS decisions, count(execution_status)::int AS executed,
      ${ratio("count(*) FILTER (WHERE execution_status = 'success')", 'count(execution_status)')} AS success_rate,
      (count(*) FILTER (WHERE execution_status = 'failed'))::int AS failed,
      (count(*) FILTER (WHERE execution_status = 'timeout'))::int AS timed_out,
      ${rounded('avg(confidence)', 4)} AS avg_confidence,
      ${rounded('avg(execution_duration_seconds)')} AS avg_execution_seconds,
      (count(*) FILTER (WHERE user_feedback = 'thumbs_up'))::int AS thumbs_up,
      (count(*) FILTER (WHERE user_feedback = 'thumbs_down'))::int AS thumbs_down`;

const EXECUTION_STATS_COLUMNS: readonly ReportColumn[] = [
  { name: 'decisions', type: 'integer', description: 'decisions in the window' },
  { name: 'executed', type: 'integer', description: 'of those, with an execution result' },
  { name: 'success_rate', type: 'number', description: 'successful / executed' },
  { name: 'failed', type: 'integer', description: 'executions that failed' },
  { name: 'timed_out', type: 'integer', description: 'executions that timed out' },
  { name: 'avg_confidence', type: 'number', description: "mean of the model's confidence" },
  { name: 'avg_execution_seconds', type: 'number', description: 'mean Ansible run time, s' },
  { name: 'thumbs_up', type: 'integer', description: 'decisions rated thumbs up' },
  { name: 'thumbs_down', type: 'integer', description: 'decisions rated thumbs down' },
];

/** Failed and timed-out executions, newest first, with their errors. */
export const FAILURES_REPORT: ReportDefinition = {
  name: 'failures',
  description: 'Recent failed or timed-out executions with their errors, newest first',
  sql: `SELECT ${DECISION_SELECT},
      ${PARSED_ACTION} AS action, execution_status AS status,
      ${rounded('execution_duration_seconds')} AS duration_seconds, tasks_failed,
      array_to_string(execution_errors, ' | ') AS errors, query
    FROM ai_decisions
    WHERE ${IN_WINDOW} AND execution_status IN ('failed', 'timeout')
    ORDER BY ai_decisions.timestamp DESC, ai_decisions.id LIMIT $3::int`,
  parameters: [SINCE('24h'), UNTIL, LIMIT(50)],
  columns: [
    ...DECISION_COLUMNS,
    { name: 'action', type: 'text', description: 'parsed intent action' },
    { name: 'status', type: 'text', description: 'failed or timeout' },
    { name: 'duration_seconds', type: 'number', description: 'Ansible run time, s' },
    { name: 'tasks_failed', type: 'integer', description: 'tasks that failed' },
    { name: 'errors', type: 'text', description: "the run's error messages, joined by ' | '" },
    { name: 'query', type: 'text', description: "the operator's words (redacted)" },
  ],
};

/** Decisions fit for fine-tuning: corrected by an operator, or confirmed by a thumbs up on a successful run. */
export const TRAINING_CANDIDATES_REPORT: ReportDefinition = {
  name: 'training-candidates',
  description:
    'Decisions fit for fine-tuning (a correct intent given, or thumbs up on a successful run), human-verified first',
  sql: `SELECT ${DECISION_SELECT},
      coalesce(correct_intent, parsed_intent) ->> 'action' AS action, ${ROW_VERDICT} AS verdict,
      human_verified, is_training_data, ${rounded('confidence', 4)} AS confidence, execution_status, query
    FROM ai_decisions
    WHERE ${IN_WINDOW}
      AND (correct_intent IS NOT NULL OR (user_feedback = 'thumbs_up' AND execution_status = 'success'))
    ORDER BY human_verified DESC, ai_decisions.timestamp DESC, ai_decisions.id LIMIT $3::int`,
  parameters: [SINCE('30d'), UNTIL, LIMIT(100)],
  columns: [
    ...DECISION_COLUMNS,
    { name: 'action', type: 'text', description: 'action of the intent to train on (the correction wins)' },
    { name: 'verdict', type: 'text', description: 'agreed or corrected' },
    { name: 'human_verified', type: 'boolean', description: 'a reviewer verified the decision' },
    { name: 'is_training_data', type: 'boolean', description: 'a reviewer marked it as training data' },
    { name: 'confidence', type: 'number', description: "the model's confidence" },
    { name: 'execution_status', type: 'text', description: 'success, failed, timeout or empty' },
    { name: 'query', type: 'text', description: "the operator's words (redacted)" },
  ],
};

/** Per appliance: volume, execution outcomes, confidence, feedback, last activity. */
export const APPLIANCES_REPORT: ReportDefinition = {
  name: 'appliances',
  description:
    'Per appliance: decisions, success rate, failures, confidence, run time, feedback, last decision',
  sql: `SELECT customer_id, appliance_id, ${EXECUTION_STATS},
      ${isoUtc('max(timestamp)')} AS last_decision_at
    FROM ai_decisions WHERE ${IN_WINDOW}
    GROUP BY customer_id, appliance_id
    ORDER BY count(*) DESC, customer_id, appliance_id LIMIT $3::int`,
  parameters: [SINCE('7d'), UNTIL, LIMIT(100)],
  columns: [
    { name: 'customer_id', type: 'text', description: 'tenant' },
    { name: 'appliance_id', type: 'text', description: 'appliance' },
    ...EXECUTION_STATS_COLUMNS,
    { name: 'last_decision_at', type: 'timestamp', description: 'latest decision in the window' },
  ],
};

/** Per parsed action: volume, execution outcomes, confidence, model time, feedback. */
export const ACTIONS_REPORT: ReportDefinition = {
  name: 'actions',
  description:
    'Per parsed action: decisions, success rate, failures, confidence, low-confidence count, model and run time, feedback',
  sql: `SELECT ${PARSED_ACTION} AS action, ${EXECUTION_STATS},
      (count(*) FILTER (WHERE confidence < 0.5))::int AS low_confidence,
      ${rounded('avg(llm_duration_ms)', 1)} AS avg_llm_duration_ms
    FROM ai_decisions WHERE ${IN_WINDOW}
    GROUP BY 1
    ORDER BY count(*) DESC, 1 LIMIT $3::int`,
  parameters: [SINCE('7d'), UNTIL, LIMIT(100)],
  columns: [
    { name: 'action', type: 'text', description: 'parsed intent action' },
    ...EXECUTION_STATS_COLUMNS,
    { name: 'low_confidence', type: 'integer', description: 'decisions with confidence below 0.5' },
    { name: 'avg_llm_duration_ms', type: 'number', description: 'mean model parse time, ms' },
  ],
};
