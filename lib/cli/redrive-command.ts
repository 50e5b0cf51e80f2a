import type { Command } from 'commander';
import type { RedriveCommandOptions } from '../redrive/redrive-cli.ts';

/**
 * `aiops-obs redrive`: replays the stream pipeline's dead letters (after the cause is fixed)
 * through the replica and the aggregator, on the running local stack or in AWS.
 */
export function registerRedriveCommand(program: Command): void {
  program
    .command('redrive')
    .description(
      "replay the stream pipeline's dead letters through the replica and the aggregator (idempotent; " +
        'a message is deleted once replayed, one that still fails stays)',
    )
    .option('--dry-run', 'list what would be replayed; replay, delete and change nothing')
    .option('--queue <name...>', 'only these queues (replica-records, aggregator-decisions, ...)')
    .option('--local', "the running local stack's dead letters (the default when no AWS queues are named)")
    .option(
      '--queues <list>',
      'AWS: name=queueUrl,... of the pipeline queues (default: $DEAD_LETTER_QUEUES; the pipeline stack output DeadLetterQueues)',
    )
    .option('--table-prefix <prefix>', "AWS: the tables' prefix (the aggregator's <prefix>-metrics)", 'aiops')
    .option('--database-url <url>', 'the replica as a PostgreSQL URL (default: $DATABASE_URL)')
    .option('--cluster-arn <arn>', 'AWS: the replica cluster (Data API) (default: $RDS_DATA_RESOURCE_ARN)')
    .option('--secret-arn <arn>', 'AWS: the replica user secret (default: $RDS_DATA_SECRET_ARN)')
    .option('--database <name>', 'AWS: database on the cluster (default: $RDS_DATA_DATABASE or aiops)')
    .action(async (options: RedriveCommandOptions) => {
      // The consumers log only errors (see redriveRuntime): every message gets its own line here.
      const { runRedriveCommand } = await import('../redrive/redrive-cli.ts');
      const counts = await runRedriveCommand(options);
      if (counts.some((c) => c.stillFailing > 0)) process.exitCode = 1;
    });
}
