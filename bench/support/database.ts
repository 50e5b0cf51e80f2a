/**
 * The one DynamoDB Local of a benchmark run, with the tables created and the environment set
 * the way the local stack sets it for handlers.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type TableNames, tableNames } from '#adapters/dynamodb-tables';
import { runtimeFromEnvironment } from '#runtime/from-environment';
import type { Runtime } from '#runtime/runtime';
import { createTables, startDynamoDbLocal } from '../../lib/local/dynamodb-local/index.ts';

/** Table name prefix of the benchmark's tables. */
export const BENCH_PREFIX = 'aiops-bench';

/**
 * Environment of the run: Powertools quiet (WARN logs, no EMF metrics, no tracing) so the
 * benchmarks measure the handler, not log volume; DynamoDB reached through the SDK's standard
 * `AWS_ENDPOINT_URL_DYNAMODB`.
 */
export const POWERTOOLS_BENCH_ENV = {
  POWERTOOLS_SERVICE_NAME: 'aiops-bench',
  POWERTOOLS_METRICS_NAMESPACE: 'AiopsBench',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
} as const;

/** A running benchmark database. */
export interface BenchDatabase {
  readonly endpoint: string;
  readonly tables: TableNames;
  /** The handlers' runtime, built from the environment set here (as a Lambda entry builds its own). */
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local on a free port, sets the handler environment and creates the tables.
 * @example const db = await startBenchDatabase(); try { ... } finally { await db.stop(); }
 */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  const local = await startDynamoDbLocal({ port: 0 });
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_PREFIX: BENCH_PREFIX,
      ...POWERTOOLS_BENCH_ENV,
    });
    const client = new DynamoDBClient({ endpoint: local.endpoint });
    await createTables(client, BENCH_PREFIX);
    client.destroy();
    const runtime = await runtimeFromEnvironment();
    return {
      endpoint: local.endpoint,
      tables: tableNames(BENCH_PREFIX),
      runtime,
      stop: async () => {
        runtime.documents.destroy();
        await local.stop();
      },
    };
  } catch (e) {
    await local.stop();
    throw e;
  }
}

/**
 * A document client for the bare side, configured like the handlers' one (endpoint from the
 * environment, same marshalling options) but without the tracer wrapper.
 */
export function bareDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}
