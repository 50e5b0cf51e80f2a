/**
 * What a report is, as data: a name, what it answers, one parameterised SQL statement over
 * the replica (`$1..$n`, PostgreSQL style, portable to the RDS Data API), its parameters and
 * the columns it returns. The CLI, tests and docs read these; nothing here runs SQL.
 */

/** How a report column's values are typed once normalised (every backend yields the same). */
export type ReportValueType = 'text' | 'integer' | 'number' | 'timestamp' | 'boolean';

/** One column of a report's result. */
export interface ReportColumn {
  readonly name: string;
  readonly type: ReportValueType;
  readonly description: string;
}

/** The parameters reports take; each is `$n` in the order a report lists them. */
export type ReportParameterName = 'since' | 'until' | 'limit' | 'threshold';

/** One parameter of a report and its default. */
export interface ReportParameter {
  readonly name: ReportParameterName;
  readonly description: string;
  /** Used when the caller gives none (a time bound as `parseTimeBound` reads it, or a number). */
  readonly default: string | number;
}

/** A report: pure definition. */
export interface ReportDefinition {
  /** kebab-case, as typed after `aiops-obs report`. */
  readonly name: string;
  readonly description: string;
  /** One statement; parameter `$i` is `parameters[i - 1]`. */
  readonly sql: string;
  readonly parameters: readonly ReportParameter[];
  readonly columns: readonly ReportColumn[];
}

/** `expr` (a timestamptz) as RFC 3339 UTC text, the same from every backend. */
export const isoUtc = (expr: string): string =>
  `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** `numerator / denominator` rounded to 4 decimals, NULL when the denominator is 0. */
export const ratio = (numerator: string, denominator: string): string =>
  `round((${numerator})::numeric / nullif(${denominator}, 0), 4)::float8`;

/** `expr` rounded to `digits` decimals as float8 (NULL stays NULL). */
export const rounded = (expr: string, digits = 3): string => `round((${expr})::numeric, ${digits})::float8`;

/** The intent action of a replica row. */
export const PARSED_ACTION = "parsed_intent ->> 'action'";

/** The verdict of a replica row (migration 0003's `intent_verdict`). */
export const ROW_VERDICT = 'intent_verdict(parsed_intent, correct_intent, user_feedback)';

/** The common parameters. */
export const SINCE = (fallback: string): ReportParameter => ({
  name: 'since',
  description: 'decisions at or after this time (24h, 7d, an RFC 3339 time, or all)',
  default: fallback,
});
export const UNTIL: ReportParameter = {
  name: 'until',
  description: 'decisions before this time (RFC 3339 time, span back from now, or all)',
  default: 'all',
};
export const LIMIT = (fallback: number): ReportParameter => ({
  name: 'limit',
  description: 'most rows returned',
  default: fallback,
});

/** `$1` since, `$2` until ({@link SINCE}, {@link UNTIL}): the time filter of every row-level report. */
export const IN_WINDOW = 'timestamp >= $1::timestamptz AND timestamp < $2::timestamptz';

/** The select list of {@link DECISION_COLUMNS}. */
export const DECISION_SELECT = `${isoUtc('timestamp')} AS timestamp, id::text AS id, customer_id, appliance_id`;

/** The columns that name a decision, first in every per-decision report. */
export const DECISION_COLUMNS: readonly ReportColumn[] = [
  { name: 'timestamp', type: 'timestamp', description: 'when the decision was taken' },
  { name: 'id', type: 'text', description: 'decision id' },
  { name: 'customer_id', type: 'text', description: 'tenant' },
  { name: 'appliance_id', type: 'text', description: 'appliance' },
];
