/**
 * Runs a report definition on a replica database and returns its rows with every value
 * normalised by the column's declared type, so PGlite, node-postgres and the Data API (which
 * returns some types as strings) print the same thing.
 */
import { appliedVersions } from '#adapters/postgres/migrations';
import { MIGRATION_0003_ANALYTICS } from '#adapters/postgres/migrations/0003-analytics';
import type { SqlClient } from '#adapters/postgres/sql-client';
import type { ReportDefinition, ReportValueType } from '#domain/analytics/report-definition';
import { type ReportArguments, resolveReportParameters } from '#domain/analytics/reports';

/** A normalised value: `null` for SQL NULL. */
export type ReportValue = string | number | boolean | null;
/** One result row, keyed by column name in the report's column order. */
export type ReportRow = Record<string, ReportValue>;

/** The schema version the reports need (migration 0003: `intent_verdict`, `ai_decisions_hourly`). */
export const REPORTS_SCHEMA_VERSION = MIGRATION_0003_ANALYTICS.version;

function normalise(value: unknown, type: ReportValueType): ReportValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 't' || value === 'true';
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : String(value);
    case 'text':
      return String(value);
  }
}

/**
 * Fails with a clear message unless the replica's schema has the reports' objects.
 * @throws Error saying how far the schema is and how to migrate it
 */
export async function requireReportsSchema(db: SqlClient): Promise<void> {
  const version = Math.max(0, ...(await appliedVersions(db)));
  if (version < REPORTS_SCHEMA_VERSION) {
    throw new Error(
      `the replica's schema is at version ${version}; reports need ${REPORTS_SCHEMA_VERSION}: ` +
        'deploy the pipeline stack (its schema migration) or restart the local stack, which migrate it',
    );
  }
}

/**
 * Runs `report` with `args` (defaults filled in, each validated).
 * @example const rows = await runReport(sql, reportByName('failures'), { since: '24h', limit: 20 });
 */
export async function runReport(
  db: SqlClient,
  report: ReportDefinition,
  args: ReportArguments = {},
  now: Date = new Date(),
): Promise<ReportRow[]> {
  const params = resolveReportParameters(report, args, now);
  const { rows } = await db.query<Record<string, unknown>>(report.sql, params);
  return rows.map((row) =>
    Object.fromEntries(report.columns.map((c) => [c.name, normalise(row[c.name], c.type)])),
  );
}
