/**
 * Where `aiops-obs redrive` finds the dead letters and writes the replayed records: the
 * running local stack (its DynamoDB Local table, its replica, its metrics table), or the AWS
 * deployment (the pipeline's SQS queues, the Aurora replica, the `<prefix>-metrics` table).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#adapters/dynamodb-client';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { createSqsClient } from '#adapters/sqs/client';
import { sqsDeadLetterSink } from '#adapters/sqs/dead-letter-sink';
import { parseDeadLetterQueues, recordQueueName } from '#domain/metrics/dead-letters';
import { createObservability } from '#runtime/observability';
import { createRuntime, type Runtime } from '#runtime/runtime';
import { parseRuntimeEnv } from '#runtime/settings';
import { type DatabaseFlags, type DatabaseTarget, databaseTarget } from '../analytics/database-target.ts';
import type { LocalState } from '../cli/local-state.ts';
import { LocalDeadLetterQueues } from '../local/dead-letter-queues.ts';
import { PIPELINE_QUEUES } from '../local/pipeline.ts';
import { localStreamsClient } from '../local/streams/stream-api.ts';
import { replayConsumers } from './consumers.ts';
import { streamConsumerOf } from './dead-letter-kinds.ts';
import type { RedriveOptions } from './redrive.ts';
import { sqsReplayQueue } from './sqs-replay-queue.ts';
import { readStreamRange } from './stream-range.ts';

/** A source, ready to redrive. */
export interface RedriveSource extends Omit<RedriveOptions, 'dryRun' | 'onMessage'> {
  /** Says where the dead letters are read from. */
  readonly description: string;
  /** Queues named but not replayable by a redrive (not a stream consumer's), with why. */
  readonly skipped: readonly { readonly queue: string; readonly reason: string }[];
  /** Releases the clients (and the database connection, when one was opened). */
  close(): Promise<void>;
}

/** Opens the database on first use only: a redrive with nothing for the replica needs none. */
function lazyDatabase(target: () => Promise<DatabaseTarget>) {
  let opened: Promise<SqlClient> | undefined;
  return {
    open: () => {
      opened ??= target().then((t) => t.open());
      return opened;
    },
    close: async () => {
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
}

const only = (names: readonly string[], wanted: readonly string[] | undefined): string[] => {
  if (!wanted?.length) return [...names];
  const unknown = wanted.filter((w) => !names.includes(w));
  if (unknown.length) throw new Error(`--queue: ${unknown.join(', ')}: not one of ${names.join(', ')}`);
  return names.filter((n) => wanted.includes(n));
};

/**
 * The running local stack's dead letters (`<prefix>-dead-letters` in its DynamoDB Local),
 * replayed into its replica (served over the PostgreSQL protocol, or `--database-url` /
 * DATABASE_URL when the stack runs on PostgreSQL) and its metrics table.
 * @example const source = await localSource(await readLocalState(), {}, process.env);
 */
export async function localSource(
  state: LocalState | undefined,
  options: { readonly queue?: readonly string[]; readonly databaseUrl?: string },
  env: NodeJS.ProcessEnv,
): Promise<RedriveSource> {
  if (!state)
    throw new Error(
      'no local stack is running (npm start); for AWS give --queues (the pipeline stack output DeadLetterQueues)',
    );
  const names = only(PIPELINE_QUEUES, options.queue);
  const connection = {
    endpoint: state.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const dynamodb = new DynamoDBClient(connection);
  const streams = localStreamsClient(state.dynamodbEndpoint);
  const documents = createDocumentClient(connection);
  const queues = await LocalDeadLetterQueues.open(dynamodb, state.tablePrefix);
  const url = options.databaseUrl ?? env.DATABASE_URL;
  const database = lazyDatabase(() =>
    databaseTarget(url ? { databaseUrl: url } : { local: true }, {}, async () => state),
  );
  const runtime = await redriveRuntime(documents, state.tablePrefix, env);
  return {
    description: `the local stack's dead letters (${queues.tableName} at ${state.dynamodbEndpoint})`,
    queues: names.map((n) => queues.replayQueue(n)),
    skipped: [],
    consumers: replayConsumers({ database: database.open, runtime }),
    readRange: (range) => readStreamRange(streams, range),
    setAside: (consumer) => queues.sink(consumer),
    close: async () => {
      await database.close();
      streams.destroy();
      documents.destroy();
      dynamodb.destroy();
    },
  };
}

/** The flags naming the AWS side. */
export interface AwsSourceOptions extends DatabaseFlags {
  /** `name=queueUrl,...` of the pipeline's queues. @default $DEAD_LETTER_QUEUES */
  readonly queues?: string;
  readonly queue?: readonly string[];
  /** Prefix of the tables. @default 'aiops' */
  readonly tablePrefix?: string;
}

/** The AWS clients, when not the SDK's defaults for the environment (tests point them at stand-ins). */
export interface AwsClients {
  readonly sqs?: SQSClient;
  readonly documents?: DynamoDBDocumentClient;
  /** The DynamoDB Streams client for a region (the region of a given-up batch's stream ARN). */
  readonly streams?: (region: string) => DynamoDBStreamsClient;
}

/**
 * The pipeline's SQS queues in AWS (the pipeline stack's output `DeadLetterQueues`), replayed
 * into Aurora over the Data API (`--cluster-arn`, `--secret-arn`) or `--database-url`, and
 * the `<prefix>-metrics` table, with the credentials and region of the environment.
 * @example const source = await awsSource({ queues: 'replica-records=https://sqs…' }, process.env);
 */
export async function awsSource(
  options: AwsSourceOptions,
  env: NodeJS.ProcessEnv,
  clients: AwsClients = {},
): Promise<RedriveSource> {
  const all = parseDeadLetterQueues(options.queues ?? env.DEAD_LETTER_QUEUES);
  if (all.size === 0) throw new Error('--queues: no queue named (name=queueUrl,...)');
  const streamQueues = [...all.keys()].filter((n) => streamConsumerOf(n) !== undefined);
  const records = streamQueues.filter((n) => n.endsWith('-records'));
  const ordered = [...streamQueues.filter((n) => !records.includes(n)), ...records];
  const names = only(ordered, options.queue);
  const skipped = [...all.keys()]
    .filter((n) => !streamQueues.includes(n))
    .map((queue) => ({
      queue,
      reason: 'not a stream consumer’s queue (see runbooks/pipeline-dead-letters.md)',
    }));
  const sqs = clients.sqs ?? createSqsClient(env);
  // Never the local stack's replica: the Data API or a URL must be named.
  const database = lazyDatabase(() => databaseTarget(options, env, async () => undefined));
  const runtime = await redriveRuntime(
    clients.documents ?? createDocumentClient(),
    options.tablePrefix ?? 'aiops',
    env,
  );
  const streams = new Map<string, DynamoDBStreamsClient>();
  const streamsFor = (streamArn: string) => {
    const region = streamArn.split(':')[3] ?? '';
    if (!streams.has(region))
      streams.set(region, clients.streams?.(region) ?? new DynamoDBStreamsClient(region ? { region } : {}));
    return streams.get(region) as DynamoDBStreamsClient;
  };
  return {
    description: `the SQS queues ${names.join(', ')}`,
    queues: names.map((n) => sqsReplayQueue(n, all.get(n) as string, sqs)),
    skipped,
    consumers: replayConsumers({ database: database.open, runtime }),
    readRange: (range) => readStreamRange(streamsFor(range.streamArn), range),
    setAside: (consumer) => {
      const url = all.get(recordQueueName(consumer));
      return url ? sqsDeadLetterSink(url, () => sqs) : undefined;
    },
    close: async () => {
      await database.close();
      if (!clients.streams) for (const client of streams.values()) client.destroy();
    },
  };
}

/**
 * The runtime the replayed consumers run in: the tables of `tablePrefix` on `documents`, the
 * label bound of the environment, no tracing or metrics, and errors only in the log (the
 * command reports each message itself).
 */
async function redriveRuntime(
  documents: DynamoDBDocumentClient,
  tablePrefix: string,
  env: NodeJS.ProcessEnv,
): Promise<Runtime> {
  const observability = await createObservability({
    serviceName: 'aiops-observability-redrive',
    metricsNamespace: 'AiopsObservability',
    logLevel: 'ERROR',
    metricsDisabled: true,
    tracingEnabled: false,
  });
  const settings = parseRuntimeEnv({ ...env, TABLE_PREFIX: tablePrefix });
  return createRuntime({ settings, observability, documents, now: () => new Date() });
}
