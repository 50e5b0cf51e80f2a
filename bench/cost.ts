/**
 * `cost`: what 1M decisions (each with its execution and one feedback) and 1M heartbeats cost
 * in AWS, measured. A known traffic runs through the local stack (HTTP API, the same handlers,
 * the stream pipeline into the replica and the aggregates); DynamoDB reports the capacity
 * every call consumed (`ReturnConsumedCapacity: INDEXES`, per table and per index), and the
 * run counts API requests, Lambda invocations and their time, stream batches, replica
 * statements and log bytes. {@link bill} prices them with the dated us-east-1 table.
 *
 * The ratio is dollars per 1M decisions over the $10 target. Costs that do not grow with
 * traffic (Aurora's capacity, AMP samples, X-Ray's reservoir, custom metrics) are listed
 * apart in docs/costs.md, not in the figure.
 */
import { createSqlClient } from '#adapters/postgres/sql-client';
import { CapacityMeter } from './support/capacity-meter.ts';
import {
  bill,
  byService,
  type CostRun,
  DEPLOYED_LOGS,
  type LineItem,
  TEXT_FORMAT_LOGS,
  total,
} from './support/cost-bill.ts';
import { heartbeat, lifecycle, sendTraffic, type TrafficRun } from './support/cost-traffic.ts';
import { countedSql } from './support/counted-sql.ts';
import { captureLogs } from './support/log-capture.ts';
import { PRICES_DATE, PRICES_TERMS } from './support/prices-us-east-1.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { percentile, round } from './support/stats.ts';

/** Options of {@link cost}. */
export interface CostOptions {
  /** Lifecycles (decision, execution, feedback) sent. @default 300 */
  readonly decisions?: number;
  /** Heartbeats sent. @default 300 */
  readonly heartbeats?: number;
}

/** The target: dollars per 1M decisions with execution and feedback. */
export const COST_TARGET_USD = 10;

/**
 * A representative access log record as API Gateway writes it (the format of the CDK app),
 * for its size: the local gateway hands its records to the subscription, not to a file.
 */
const ACCESS_LOG_LINE_BYTES = Buffer.byteLength(
  JSON.stringify({
    requestId: 'Jx8aXhX1IAMEVqQ=',
    ip: '203.0.113.10',
    userAgent: 'aiops-agent/2.4.1 node/24',
    requestTime: '07/Dec/2026:23:59:59 +0000',
    httpMethod: 'POST',
    path: '/v1/decisions/0b5c3f8e-4f0e-4d7a-9a53-2f3e1c0d9b7a/execution',
    routeKey: 'POST /v1/decisions/{id}/execution',
    status: '202',
    protocol: 'HTTP/1.1',
    responseLength: '98',
    latency: '23',
    integrationLatency: '21',
    integrationStatus: '200',
    integrationError: '-',
    authorizerError: '-',
    authenticated: 'true',
    authReason: '-',
    keyId: 'k_3f9a0c2b7d1e4a6f',
    customerId: 'local',
    errorMessage: '-',
    errorResponseType: '-',
  }),
);

type StreamCounters = Record<string, { invocations: number; records: number }>;

/**
 * Runs the decisions, then the heartbeats, and returns the `cost` result.
 * @example results.cost = await cost();
 */
export async function cost(options: CostOptions = {}): Promise<BenchResult> {
  const sql = countedSql(await createSqlClient(process.env));
  const { ensureMigrated } = await import('#adapters/postgres/migrations');
  await ensureMigrated(sql.client);
  const { startLocalStack } = await import('../lib/local/stack.ts');
  // INFO logs and EMF metrics, as the CDK app configures its functions. Powertools Metrics
  // reads POWERTOOLS_METRICS_DISABLED from the process when it is built (the runner sets it to
  // 'true' for the other benchmarks), and the local runtime's `metricsDisabled: false` leaves
  // the choice to it: the stack is started with it 'false'.
  const runnerMetrics = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const stack = await startLocalStack({
    port: 0,
    tablePrefix: 'aiops-bench-cost',
    pipeline: true,
    mqtt: false,
    replicaDatabase: async () => sql.client,
    env: { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' },
  }).finally(() => {
    if (runnerMetrics === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = runnerMetrics;
  });
  try {
    const pipeline = stack.pipeline;
    if (!pipeline) throw new Error('the cost benchmark needs the stream pipeline');
    // The runtime's document client is where every handler's DynamoDB call goes.
    const meter = new CapacityMeter();
    meter.attach(stack.runtime.documents);
    const streams = (): StreamCounters =>
      Object.fromEntries(
        Object.entries(pipeline.stats()).map(([k, s]) => [
          k,
          { invocations: s.invocations, records: s.recordsSucceeded },
        ]),
      );
    const measure = async (
      units: number,
      send: () => Promise<TrafficRun>,
    ): Promise<{ run: CostRun; traffic: TrafficRun }> => {
      await pipeline.drained(60_000);
      await stack.accessLogs.flush();
      meter.reset();
      const streamsBefore = streams();
      const logsBefore = stack.accessLogs.stats().delivered;
      const sqlBefore = sql.calls();
      const logs = captureLogs();
      let traffic: TrafficRun;
      try {
        traffic = await send();
        await pipeline.drained(60_000);
        await stack.accessLogs.flush();
      } finally {
        logs.restore();
      }
      const streamsAfter = streams();
      const apiRequests = Object.fromEntries(Object.entries(traffic.times).map(([fn, t]) => [fn, t.length]));
      const run: CostRun = {
        units,
        apiRequests,
        apiBilledMs: Object.fromEntries(
          Object.entries(traffic.times).map(([fn, t]) => [fn, Math.ceil(percentile(t, 50))]),
        ),
        // Warmed up before counting: API Gateway answers from its cache (AUTH_CACHE_TTL_SECONDS).
        authorizerInvocations: 0,
        dynamodb: meter.reading(),
        streams: Object.fromEntries(
          Object.entries(streamsAfter).map(([k, s]) => [
            k,
            {
              invocations: s.invocations - (streamsBefore[k]?.invocations ?? 0),
              records: s.records - (streamsBefore[k]?.records ?? 0),
            },
          ]),
        ),
        accessLogDeliveries: stack.accessLogs.stats().delivered - logsBefore,
        replicaDataApiCalls: sql.calls() - sqlBefore,
        functionLogBytes: Object.values(logs.bytes()).reduce((a, b) => a + b, 0),
        functionLogBytesByKind: logs.bytes(),
        accessLogBytes: traffic.requests * ACCESS_LOG_LINE_BYTES,
      };
      return { run, traffic };
    };
    // Warm-up: the authorizer's cache, the label registry, the replica's first statements.
    await sendTraffic(stack.url, stack.apiKey, 5, () => lifecycle());
    await sendTraffic(stack.url, stack.apiKey, 5, (i) => heartbeat(i));
    const nDecisions = options.decisions ?? 300;
    const nHeartbeats = options.heartbeats ?? 300;
    const decisions = await measure(nDecisions, () =>
      sendTraffic(stack.url, stack.apiKey, nDecisions, () => lifecycle(), 1),
    );
    const heartbeats = await measure(nHeartbeats, () =>
      sendTraffic(stack.url, stack.apiKey, nHeartbeats, (i) => heartbeat(10 + i), 1),
    );
    const decisionBill = bill(decisions.run);
    const heartbeatBill = bill(heartbeats.run);
    const perDecisions = round(total(decisionBill));
    const perHeartbeats = round(total(heartbeatBill));
    const logModels = logWhatIfs(decisions.run);
    const failures = decisions.traffic.failures + heartbeats.traffic.failures;
    const firstFailure = decisions.traffic.firstFailure ?? heartbeats.traffic.firstFailure;
    return benchResult(
      round(perDecisions / COST_TARGET_USD),
      1,
      '<=',
      `$${perDecisions.toFixed(2)} per 1M decisions (with execution and feedback) vs $${COST_TARGET_USD}; ` +
        `$${perHeartbeats.toFixed(2)} per 1M heartbeats${failures ? `; ${failures} requests FAILED` : ''}`,
      {
        usdPerMillionDecisions: perDecisions,
        usdPerMillionHeartbeats: perHeartbeats,
        prices: { date: PRICES_DATE, terms: PRICES_TERMS, table: 'bench/support/prices-us-east-1.ts' },
        decisions: {
          run: decisions.run,
          byService: rounded(byService(decisionBill)),
          lineItems: decisionBill,
        },
        heartbeats: {
          run: heartbeats.run,
          byService: rounded(byService(heartbeatBill)),
          lineItems: heartbeatBill,
        },
        logModels,
        failures,
        ...(firstFailure ? { firstFailure } : {}),
        lines: [
          `prices: ${PRICES_TERMS}, as of ${PRICES_DATE} (bench/support/prices-us-east-1.ts); ` +
            'functions log at INFO with EMF metrics on, as deployed (not the WARN/metrics-off of the other benchmarks), ' +
            "in Lambda's JSON format with its own START/END/REPORT lines left out (system logs at WARN)",
          ...describe(`per 1M decisions (${nDecisions} lifecycles measured)`, decisionBill, decisions.run),
          ...describe(`per 1M heartbeats (${nHeartbeats} measured)`, heartbeatBill, heartbeats.run),
          `per 1M decisions with other logging: ${Object.entries(logModels)
            .map(([name, usd]) => `${name} $${usd.toFixed(2)}`)
            .join('; ')}`,
        ],
      },
    );
  } finally {
    await stack.stop();
    await sql.client.close();
  }
}

/** The kinds of function log lines the what-if figures leave out. */
const REQUEST_HANDLED = 'INFO request handled';
const NO_METRICS_WARNING = 'WARN No application metrics to publish. The cold-start metric may';

/**
 * The same decisions priced with other logging: Lambda's text format (START/END/REPORT on
 * every invocation), and without the per-request `request handled` line or the Powertools
 * warning of an invocation that published no metric.
 */
function logWhatIfs(run: CostRun): Record<string, number> {
  const priced = (logs: Parameters<typeof bill>[1]) => round(total(bill(run, logs)));
  return {
    'text log format': priced(TEXT_FORMAT_LOGS),
    'without `request handled`': priced({ ...DEPLOYED_LOGS, leftOut: [REQUEST_HANDLED] }),
    'without `request handled` and the no-metrics warning': priced({
      ...DEPLOYED_LOGS,
      leftOut: [REQUEST_HANDLED, NO_METRICS_WARNING],
    }),
  };
}

const rounded = (m: Record<string, number>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v, 3)]));

/** The breakdown as table lines: by service, then each line item. */
function describe(title: string, items: readonly LineItem[], run: CostRun): string[] {
  const services = Object.entries(byService(items))
    .sort((a, b) => b[1] - a[1])
    .map(([s, usd]) => `${s} $${usd.toFixed(2)}`)
    .join(', ');
  const requests = Object.entries(run.dynamodb.requests)
    .map(([op, n]) => `${op} ${round(n / run.units, 2)}`)
    .join(', ');
  return [
    `${title}: $${total(items).toFixed(2)} = ${services}`,
    ...items.map(
      (i) =>
        `  ${i.service}, ${i.item}: ${round(i.perUnit, 4)} ${i.unit} each → $${i.usdPerMillion.toFixed(3)}${i.estimated ? ' (estimated)' : ''}`,
    ),
    `  DynamoDB requests per unit: ${requests}`,
    `  function log bytes per unit: ${Object.entries(run.functionLogBytesByKind)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${kind} ${Math.round(n / run.units)}`)
      .join(', ')}`,
  ];
}
