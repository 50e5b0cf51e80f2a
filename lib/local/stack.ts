import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { migratedDatabase } from '#adapters/postgres/replica-database';
import { createSqlClient, type SqlClient } from '#adapters/postgres/sql-client';
import { SCOPES } from '#contract/routes';
import { createApiKey, registerKnownKey } from '#domain/key-admin';
import { ACCESS_LOG_METRICS_QUEUE, EXPORTER_SCHEDULE_QUEUE } from '#domain/metrics/dead-letters';
import { createAccessLogMetricsHandler } from '#handlers/access-log-metrics';
import { metricsSourceOf } from '#runtime/metrics-source';
import type { Runtime } from '#runtime/runtime';
import { type AccessLogShipper, startAccessLogShipper } from './access-log-shipper.ts';
import { createTables, startDynamoDbLocal } from './dynamodb-local/index.ts';
import { loadFunctions } from './functions.ts';
import { startGateway } from './gateway/server.ts';
import { createLocalRuntime } from './local-runtime.ts';
import { startLocalMetrics } from './metrics-loop.ts';
import type { LocalMqtt, LocalMqttOptions } from './mqtt/index.ts';
import { serveLocalReplica } from './pglite-server/serve-replica.ts';
import { type LocalPipeline, startLocalPipeline } from './pipeline.ts';
import { Teardown } from './teardown.ts';

/** Options of the one-machine stack. */
export interface LocalStackOptions {
  /** API port; 0 takes any free port. @default 3000 */
  readonly port?: number;
  /** DynamoDB Local port; 0 takes any free port. @default 0 */
  readonly dynamodbPort?: number;
  /** Keep DynamoDB's data here across restarts. @default in memory */
  readonly dataDir?: string;
  /** An existing DynamoDB endpoint to use instead of starting DynamoDB Local. */
  readonly dynamodbEndpoint?: string;
  /** Table name prefix. @default 'aiops-local' */
  readonly tablePrefix?: string;
  /** The dev key (tenant `local`, every scope); minted when absent. @default $AIOPS_DEV_API_KEY */
  readonly devApiKey?: string;
  /**
   * Settings for the handlers by their variable names (RETENTION_DAYS, AUTH_CACHE_TTL_SECONDS,
   * POWERTOOLS_LOG_LEVEL, DATABASE_URL, ...), over the process's own environment, which is
   * read, never written.
   */
  readonly env?: Record<string, string>;
  /**
   * Run the stream pipeline: aggregator and PostgreSQL replica fed from the tables' streams.
   * @default true
   */
  readonly pipeline?: boolean;
  /**
   * Port of the PGlite replica served over the PostgreSQL protocol (with the pipeline, and
   * unless `DATABASE_URL` names the replica); 0 takes any free port.
   * @default 0
   */
  readonly replicaPort?: number;
  /**
   * The fleet's MQTT side: an embedded aedes broker (own port, per-appliance credentials), or
   * with `url` / `MQTT_URL` a subscription to that broker; `false` runs none.
   * @default an embedded broker on any free port, appliances registered in memory
   */
  readonly mqtt?: false | LocalMqttOptions;
  /**
   * The replica database of the pipeline, instead of the one the environment names
   * (`DATABASE_URL`, else PGlite); tests pass one to inject faults. The stack does not close it.
   * @default opened (and migrated) from the environment on first use, closed on stop
   */
  readonly replicaDatabase?: () => Promise<SqlClient>;
}

export interface LocalStack {
  readonly url: string;
  /** What the stack's handlers run on: its settings, stores, metric tables and Powertools. */
  readonly runtime: Runtime;
  /** The replica database the pipeline writes, when the pipeline runs. */
  readonly replicaDatabase?: () => Promise<SqlClient>;
  readonly apiKey: string;
  readonly dynamodbEndpoint: string;
  readonly tablePrefix: string;
  /** The stream consumers, when running. */
  readonly pipeline?: LocalPipeline;
  /** The PGlite replica over the PostgreSQL protocol (`postgresql://postgres:…@127.0.0.1:…/postgres`), when served. */
  readonly replicaUrl?: string;
  /** The access log subscription: API latency into the metrics table (`flush()` waits for it). */
  readonly accessLogs: AccessLogShipper;
  /** The MQTT broker (or subscription) and the appliance registry, when running. */
  readonly mqtt?: LocalMqtt;
  stop(): Promise<void>;
}

/** The tenant of the dev key. */
export const LOCAL_TENANT = 'local';

/**
 * Starts DynamoDB Local, creates the tables, registers the dev key and serves the API
 * through the same handler factories Lambda's entry points use, over one runtime built here
 * (nothing is written to `process.env`). Every server listens on loopback only. When a part
 * fails to start, every part already started is stopped, last first, before the error is thrown.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const prefix = options.tablePrefix ?? 'aiops-local';
  const teardown = new Teardown();
  try {
    const ddb = options.dynamodbEndpoint
      ? undefined
      : await startDynamoDbLocal({
          port: options.dynamodbPort ?? 0,
          ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        });
    if (ddb) teardown.add(() => ddb.stop());
    const endpoint = options.dynamodbEndpoint ?? (ddb?.endpoint as string);
    const env: NodeJS.ProcessEnv = { ...process.env, TABLE_PREFIX: prefix, ...options.env };
    // A bad setting or a configured rule RE2 cannot run stops the start here, naming it.
    const runtime = await createLocalRuntime(endpoint, env);
    teardown.add(() => runtime.documents.destroy());
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(client, prefix).finally(() => client.destroy());
    const apiKey = await devKey(runtime, options.devApiKey ?? env.AIOPS_DEV_API_KEY);
    const replicaDatabase =
      options.pipeline === false
        ? undefined
        : (options.replicaDatabase ?? ownReplica(env, options, teardown));
    const pipeline = replicaDatabase
      ? await startLocalPipeline({
          runtime,
          database: replicaDatabase,
          endpoint,
          tablePrefix: prefix,
          ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        })
      : undefined;
    if (pipeline) teardown.add(() => pipeline.stop());
    // PGlite is one in-process connection: reports, exports and psql reach it through this server.
    const replica = replicaDatabase
      ? await serveLocalReplica(replicaDatabase, env, options.replicaPort ?? 0)
      : undefined;
    if (replica) teardown.add(() => replica.close());
    const mqtt =
      options.mqtt === false
        ? undefined
        : await (await import('./mqtt/index.ts')).startLocalMqtt(runtime, {
            ...(env.MQTT_URL ? { url: env.MQTT_URL } : {}),
            ...(options.dataDir ? { dataDir: options.dataDir } : {}),
            ...options.mqtt,
          });
    if (mqtt) teardown.add(() => mqtt.stop());
    const accessLogs = startAccessLogShipper({
      handler: createAccessLogMetricsHandler(runtime),
      logGroup: `/aws/apigateway/${prefix}`,
    });
    teardown.add(() => accessLogs.stop());
    const metrics = await startLocalMetrics({
      // The same queue names as in AWS; the scheduler's queue has no local stand-in (always 0).
      source: metricsSourceOf(
        runtime,
        async () =>
          new Map([
            ...((await pipeline?.deadLetterCounts()) ?? []),
            [EXPORTER_SCHEDULE_QUEUE, 0],
            [ACCESS_LOG_METRICS_QUEUE, accessLogs.stats().failedDeliveries],
          ]),
      ),
      ...(env.PROMETHEUS_REMOTE_WRITE_URL ? { remoteWriteUrl: env.PROMETHEUS_REMOTE_WRITE_URL } : {}),
      intervalSeconds: Number(env.METRICS_INTERVAL_SECONDS ?? 15),
    });
    teardown.add(() => metrics.stop());
    const gateway = await startGateway({
      functions: await loadFunctions(runtime),
      port: options.port ?? 3000,
      localRoutes: { 'GET /metrics': metrics.route },
      onAccessLog: accessLogs.push,
    });
    teardown.add(() => gateway.close());
    return {
      url: gateway.url,
      runtime,
      ...(replicaDatabase ? { replicaDatabase } : {}),
      apiKey,
      dynamodbEndpoint: endpoint,
      tablePrefix: prefix,
      ...(pipeline ? { pipeline } : {}),
      ...(replica ? { replicaUrl: replica.url } : {}),
      accessLogs,
      ...(mqtt ? { mqtt } : {}),
      stop: () => teardown.run(),
    };
  } catch (e) {
    await teardown.run().catch(() => undefined);
    throw e;
  }
}

/**
 * The replica database of the environment (`DATABASE_URL`, else PGlite, kept under the data
 * dir when there is one), opened and migrated on first use and closed on stop.
 */
function ownReplica(
  env: NodeJS.ProcessEnv,
  options: LocalStackOptions,
  teardown: Teardown,
): () => Promise<SqlClient> {
  const sqlEnv =
    options.dataDir && !env.DATABASE_URL && !env.PGLITE_DATA_DIR
      ? { ...env, PGLITE_DATA_DIR: join(options.dataDir, 'pglite') }
      : env;
  let opened: SqlClient | undefined;
  teardown.add(() => opened?.close());
  return migratedDatabase(async () => {
    opened = await createSqlClient(sqlEnv);
    return opened;
  });
}

async function devKey(runtime: Runtime, given: string | undefined): Promise<string> {
  const request = { customerId: LOCAL_TENANT, scopes: SCOPES, name: 'local dev key' };
  if (given) {
    await registerKnownKey(runtime.stores.keys, given, request);
    return given;
  }
  return (await createApiKey(runtime.stores.keys, request)).token;
}
