/**
 * `aiops-obs report`: what the command does once its flags are parsed.
 */
import type { Writable } from 'node:stream';
import { reportByName } from '#domain/analytics/reports';
import { type DatabaseFlags, databaseTarget, whenNotAnswering } from './database-target.ts';
import { formatReport, REPORT_FORMATS, type ReportFormat } from './report-format.ts';
import { reportList } from './report-list.ts';
import { requireReportsSchema, runReport } from './run-report.ts';

/** The flags of `aiops-obs report`. */
export interface ReportCommandOptions extends DatabaseFlags {
  /** @default 'table' */
  readonly format?: string;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: string;
  readonly threshold?: string;
}

/**
 * Runs one report against the database the flags (or environment, or local stack) name
 * and prints it to `out`; without a name, lists the reports.
 * @throws Error for an unknown report or format, an invalid parameter, or an unreachable database
 */
export async function runReportCommand(
  name: string | undefined,
  options: ReportCommandOptions,
  out: Writable = process.stdout,
): Promise<void> {
  if (!name) return void out.write(reportList());
  const report = reportByName(name);
  const format = (options.format ?? 'table') as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    throw new Error(`--format: "${options.format}" is not one of ${REPORT_FORMATS.join(', ')}`);
  const args = {
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
  };
  const target = await databaseTarget(options);
  const db = await target.open();
  try {
    await requireReportsSchema(db).catch((e: Error) => {
      throw new Error(`${target.description}: ${e.message}`);
    });
    const rows = await runReport(db, report, args);
    out.write(formatReport(format, report.columns, rows));
  } catch (e) {
    throw whenNotAnswering(target, e as Error);
  } finally {
    await db.close();
  }
}
