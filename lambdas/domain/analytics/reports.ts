/**
 * Every report `aiops-obs report <name>` runs, and the resolution of its parameters.
 */
import type { ReportDefinition, ReportParameter, ReportParameterName } from './report-definition.ts';
import {
  ACTIONS_REPORT,
  APPLIANCES_REPORT,
  FAILURES_REPORT,
  TRAINING_CANDIDATES_REPORT,
} from './reports-operations.ts';
import { HOURLY_REPORT, INTENT_AGREEMENT_REPORT, LOW_CONFIDENCE_REPORT } from './reports-quality.ts';
import { parseTimeBound } from './time-window.ts';

/** The reports, in the order help lists them. */
export const REPORTS: readonly ReportDefinition[] = [
  HOURLY_REPORT,
  LOW_CONFIDENCE_REPORT,
  FAILURES_REPORT,
  TRAINING_CANDIDATES_REPORT,
  APPLIANCES_REPORT,
  ACTIONS_REPORT,
  INTENT_AGREEMENT_REPORT,
];

/**
 * The report of that name.
 * @throws Error listing the report names when there is none
 * @example reportByName('hourly').columns[0]?.name // 'hour'
 */
export function reportByName(name: string): ReportDefinition {
  const report = REPORTS.find((r) => r.name === name);
  if (!report) throw new Error(`no report "${name}"; reports: ${REPORTS.map((r) => r.name).join(', ')}`);
  return report;
}

/** Parameter values as given (CLI text or numbers); absent ones take the report's default. */
export type ReportArguments = Partial<Record<ReportParameterName, string | number>>;

/** Largest `limit` accepted: a report is read by a person; exports are for bulk. */
export const MAX_REPORT_LIMIT = 100_000;

function resolveOne(p: ReportParameter, given: string | number | undefined, now: Date): string | number {
  const value = given ?? p.default;
  const option = `--${p.name}`;
  switch (p.name) {
    case 'since':
      return parseTimeBound(String(value), now, option, '-infinity');
    case 'until':
      return parseTimeBound(String(value), now, option, 'infinity');
    case 'limit': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > MAX_REPORT_LIMIT)
        throw new Error(`${option}: "${value}" must be a whole number from 1 to ${MAX_REPORT_LIMIT}`);
      return n;
    }
    case 'threshold': {
      const n = typeof value === 'number' ? value : String(value).trim() === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 1)
        throw new Error(`${option}: "${value}" must be a number from 0 to 1`);
      return n;
    }
  }
}

/**
 * The positional values (`$1..$n`) of a report run, defaults filled in and each checked.
 * @throws Error naming the option when a value is invalid, or when an argument is given that
 *   the report does not take
 * @example resolveReportParameters(reportByName('failures'), { since: '24h' }, now) // ['2026-11-20T10:00:00.000Z', 'infinity', 50]
 */
export function resolveReportParameters(
  report: ReportDefinition,
  args: ReportArguments,
  now: Date = new Date(),
): (string | number)[] {
  const takes = new Set<string>(report.parameters.map((p) => p.name));
  const extra = Object.entries(args).filter(([k, v]) => v !== undefined && !takes.has(k));
  if (extra.length > 0)
    throw new Error(
      `report ${report.name} takes no ${extra.map(([k]) => `--${k}`).join(', ')} (it takes ${[...takes].map((t) => `--${t}`).join(', ')})`,
    );
  return report.parameters.map((p) => resolveOne(p, args[p.name], now));
}
