import type { Migration } from '../migrations.ts';

/**
 * What the analytics reports share, for analysts' SQL as much as for `aiops-obs report`:
 *
 * - `intent_verdict(parsed_intent, correct_intent, user_feedback)`: the feedback verdict on
 *   the parsed intent, the same definition as `intentVerdict` in
 *   `lambdas/domain/analytics/intent-verdict.ts` (the aggregator's `aiops_intent_verdicts_total`):
 *   `corrected` when a correct intent is present and differs from the parsed one (action and
 *   parameters compared as JSON, key order ignored); `agreed` when it equals the parsed one, or
 *   when the rating is thumbs up without a correction; otherwise NULL (no verdict). IMMUTABLE
 *   and a single expression, so PostgreSQL inlines it into the queries that call it.
 * - `ai_decisions_hourly`: decisions per UTC hour (whatever the session's time zone) with success rate, average confidence and
 *   average model and execution durations (a filter on `hour` is pushed into the scan).
 *
 * Released migrations never change: a new definition is a new migration (`CREATE OR REPLACE`).
 */
export const MIGRATION_0003_ANALYTICS: Migration = {
  version: 3,
  name: 'analytics',
  statements: [
    `CREATE FUNCTION intent_verdict(parsed jsonb, correct jsonb, rating text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
      SELECT CASE
        WHEN correct IS NOT NULL THEN
          CASE WHEN (correct -> 'action') IS NOT DISTINCT FROM (parsed -> 'action')
                AND coalesce(correct -> 'parameters', '{}'::jsonb) = coalesce(parsed -> 'parameters', '{}'::jsonb)
            THEN 'agreed' ELSE 'corrected' END
        WHEN rating = 'thumbs_up' THEN 'agreed'
      END
    $fn$`,
    `CREATE VIEW ai_decisions_hourly AS
      SELECT date_trunc('hour', timestamp, 'UTC') AS hour,
        count(*)::int AS decisions,
        count(execution_status)::int AS executed,
        (count(*) FILTER (WHERE execution_status = 'success'))::int AS succeeded,
        (count(*) FILTER (WHERE execution_status = 'failed'))::int AS failed,
        (count(*) FILTER (WHERE execution_status = 'timeout'))::int AS timed_out,
        (count(*) FILTER (WHERE execution_status = 'success'))::float8 / nullif(count(execution_status), 0) AS success_rate,
        avg(confidence) AS avg_confidence,
        avg(llm_duration_ms)::float8 AS avg_llm_duration_ms,
        avg(execution_duration_seconds) AS avg_execution_seconds
      FROM ai_decisions
      GROUP BY 1`,
  ],
};
