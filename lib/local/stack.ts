import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SCOPES } from '#contract/routes';
import { ACCESS_LOG_METRICS_QUEUE, EXPORTER_SCHEDULE_QUEUE } from '#domain/metrics/dead-letters';
import { type AccessLogShipper, startAccessLogShipper } from './access-log-shipper.ts';
import { createTables, startDynamoDbLocal } from './dynamodb-local/index.ts';
import { loadFunctions } from './functions.ts';
import { startGateway } from './gateway/server.ts';
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
  /** Extra environment for the handlers (RETENTION_DAYS, AUTH_CACHE_TTL_SECONDS, ...). */
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
}

export interface LocalStack {
  readonly url: string;
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
 * through the same handlers Lambda runs. Every server listens on loopback only. When a part
 * fails to start, the parts already started are stopped before the error is thrown.
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
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      TABLE_PREFIX: prefix,
      POWERTOOLS_SERVICE_NAME: 'aiops-observability-local',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_TRACE_ENABLED: 'false',
      ...options.env,
    });
    // Imported only now: Powertools reads its settings when these modules first load.
    const [{ resetRuntimeEnv }, { redactionRules, resetIngestContext }, { resetStores }] = await Promise.all([
      import('#shared/env'),
      import('#shared/ingest-context'),
      import('#adapters/stores'),
    ]);
    resetRuntimeEnv();
    resetIngestContext();
    resetStores();
    // A configured rule RE2 cannot run stops the start here, naming it, instead of failing every decision.
    redactionRules();
    const client = new DynamoDBClient({ endpoint });
    await createTables(client, prefix);
    client.destroy();
    const apiKey = await devKey(options.devApiKey ?? process.env.AIOPS_DEV_API_KEY);
    if (options.dataDir && !process.env.DATABASE_URL)
      process.env.PGLITE_DATA_DIR ??= join(options.dataDir, 'pglite');
    const pipeline =
      options.pipeline === false
        ? undefined
        : await startLocalPipeline({
            endpoint,
            tablePrefix: prefix,
            ...(options.dataDir ? { dataDir: options.dataDir } : {}),
          });
    if (pipeline) teardown.add(() => pipeline.stop());
    // PGlite is one in-process connection: reports, exports and psql reach it through this server.
    const replica = pipeline ? await serveLocalReplica(options.replicaPort ?? 0) : undefined;
    if (replica) teardown.add(() => replica.close());
    const mqtt =
      options.mqtt === false
        ? undefined
        : await (await import('./mqtt/index.ts')).startLocalMqtt({
            ...(options.dataDir ? { dataDir: options.dataDir } : {}),
            ...options.mqtt,
          });
    if (mqtt) teardown.add(() => mqtt.stop());
    const accessLogs = startAccessLogShipper({
      handler: (await import('#handlers/access-log-metrics')).handler,
      logGroup: `/aws/apigateway/${prefix}`,
    });
    teardown.add(() => accessLogs.stop());
    const metrics = await startLocalMetrics({
      ...(process.env.PROMETHEUS_REMOTE_WRITE_URL
        ? { remoteWriteUrl: process.env.PROMETHEUS_REMOTE_WRITE_URL }
        : {}),
      intervalSeconds: Number(process.env.METRICS_INTERVAL_SECONDS ?? 15),
      // The same queue names as in AWS; the scheduler's queue has no local stand-in (always 0).
      deadLetters: async () =>
        new Map([
          ...((await pipeline?.deadLetterCounts()) ?? []),
          [EXPORTER_SCHEDULE_QUEUE, 0],
          [ACCESS_LOG_METRICS_QUEUE, accessLogs.stats().failedDeliveries],
        ]),
    });
    teardown.add(() => metrics.stop());
    const gateway = await startGateway({
      functions: await loadFunctions(),
      port: options.port ?? 3000,
      localRoutes: { 'GET /metrics': metrics.route },
      onAccessLog: accessLogs.push,
    });
    teardown.add(() => gateway.close());
    return {
      url: gateway.url,
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

async function devKey(given: string | undefined): Promise<string> {
  const [{ stores }, { createApiKey, registerKnownKey }] = await Promise.all([
    import('#adapters/stores'),
    import('#domain/key-admin'),
  ]);
  const request = { customerId: LOCAL_TENANT, scopes: SCOPES, name: 'local dev key' };
  if (given) {
    await registerKnownKey(stores().keys, given, request);
    return given;
  }
  return (await createApiKey(stores().keys, request)).token;
}
