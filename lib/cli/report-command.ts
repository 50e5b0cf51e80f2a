import type { Command } from 'commander';
import type { ExportCommandOptions } from '../analytics/export-cli.ts';
import type { ReportCommandOptions } from '../analytics/report-cli.ts';
import { reportList } from '../analytics/report-list.ts';

/** The database flags shared by `report` and `export training`. */
const withDatabase = (c: Command) =>
  c
    .option('--database-url <url>', 'a PostgreSQL replica (default: $DATABASE_URL)')
    .option(
      '--cluster-arn <arn>',
      'Aurora cluster, read over the RDS Data API (default: $RDS_DATA_RESOURCE_ARN)',
    )
    .option(
      '--secret-arn <arn>',
      'Secrets Manager secret of the database user (default: $RDS_DATA_SECRET_ARN)',
    )
    .option('--database <name>', 'database on the cluster (default: $RDS_DATA_DATABASE or aiops)')
    .option('--local', "the running local stack's replica (the default when nothing else is named)");

/**
 * `aiops-obs report [name]` and `aiops-obs export training`: analytics over the replica, on
 * the running local stack, `DATABASE_URL`, or Aurora through the Data API.
 */
export function registerReportCommands(program: Command): void {
  withDatabase(
    program
      .command('report')
      .argument('[name]', 'the report (none: list them)')
      .description('print a report over the analytics replica (ai_decisions)')
      .option('--format <format>', 'table, json or csv', 'table')
      .option('--since <time>', 'from this time: 24h, 7d, 2026-11-21T00:00:00Z or all (default: per report)')
      .option('--until <time>', 'before this time (default: no bound)')
      .option('--limit <n>', 'most rows (default: per report)')
      .option('--threshold <confidence>', 'low-confidence: below this confidence (default 0.5)'),
  )
    .addHelpText('after', () => `\n${reportList()}`)
    .action(async (name: string | undefined, options: ReportCommandOptions) => {
      const { runReportCommand } = await import('../analytics/report-cli.ts');
      await runReportCommand(name, options);
    });

  const exportCommand = program.command('export').description('export data from the analytics replica');
  withDatabase(
    exportCommand
      .command('training')
      .description(
        'fine-tuning data as JSONL (system, user: the query, assistant: the intent as JSON; the correction wins), ' +
          'one example per query_hash',
      )
      .option('--out <file>', 'write to this file, or - for standard output', '-')
      .option('--s3 <url>', 'upload to s3://bucket/key instead')
      .option('--s3-endpoint <url>', 'an S3-compatible endpoint (path-style)')
      .option('--since <time>', 'decisions from this time: 24h, 7d, 2026-11-21T00:00:00Z or all')
      .option('--until <time>', 'decisions before this time')
      .option('--min-confidence <n>', 'confidence at or above this (0..1)')
      .option('--human-verified', 'only decisions a reviewer verified')
      .option('--thumbs-up', 'only decisions rated thumbs up')
      .option('--success', 'only decisions whose execution succeeded')
      .option('--training-data', 'only decisions a reviewer marked as training data')
      .option('--system-prompt <text>', 'the system message of every example')
      .option('--system-prompt-file <file>', 'read the system message from a file')
      .option(
        '--page-size <n>',
        'rows per FETCH (default 2000; 500 on the Data API, halved while a page exceeds its 1 MiB)',
      )
      .option('--no-progress', 'no progress bar (it shows only when standard error is a terminal)'),
  ).action(async (options: ExportCommandOptions) => {
    const { runExportCommand } = await import('../analytics/export-cli.ts');
    await runExportCommand(options);
  });
}
