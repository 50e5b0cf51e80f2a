/**
 * What a measured run of the `cost` benchmark would be billed, per 1M units of traffic
 * (lifecycles or heartbeats): every line item with its quantity per unit, priced from
 * {@link PRICES}. Pure: the run's counters in, the bill out.
 */
import type { CapacityReading } from './capacity-meter.ts';
import { dollars, type PriceName } from './prices-us-east-1.ts';

/**
 * Memory of each function in the CDK app (lib/stacks/api-stack.ts and pipeline-stack.ts:
 * PowertoolsFunction's 512 MB default, the authorizer 256 MB), arm64.
 */
export const FUNCTION_MEMORY_MB: Readonly<Record<string, number>> = {
  'ingest-decisions': 512,
  'ingest-execution': 512,
  'ingest-feedback': 512,
  'ingest-heartbeats': 512,
  authorizer: 256,
  aggregator: 512,
  replica: 512,
  'access-log-metrics': 512,
};

/**
 * What Lambda itself writes per invocation in the text log format: START, END and REPORT
 * lines with the X-Ray trace line (tracing is on in the CDK app), about 360 bytes.
 */
export const PLATFORM_LOG_BYTES = 360;

/**
 * What of the functions' output reaches CloudWatch Logs, as their logging configuration
 * decides (lib/constructs/powertools-function.ts).
 */
export interface LogModel {
  /** Bytes of Lambda's own lines per invocation (START, END, REPORT). */
  readonly platformBytesPerInvocation: number;
  /**
   * Kinds of function log lines (keys of `functionLogBytesByKind`, e.g. `INFO request handled`)
   * not counted: what leaving a line out would save. @default - none
   */
  readonly leftOut?: readonly string[];
}

/** The CDK app's functions at INFO: JSON format, Lambda's system logs at WARN (no START/END/REPORT). */
export const DEPLOYED_LOGS: LogModel = { platformBytesPerInvocation: 0 };
/** Lambda's text format (or system logs at INFO): START, END and REPORT on every invocation. */
export const TEXT_FORMAT_LOGS: LogModel = { platformBytesPerInvocation: PLATFORM_LOG_BYTES };

/**
 * Milliseconds billed per stream batch and per access log delivery, which the local stack does
 * not time (the handlers run inside its event source mappings): an estimate, marked as such.
 */
export const ESTIMATED_BACKGROUND_MS = 100;

/** X-Ray's default rule beyond its reservoir of one trace a second: 5 % of requests. */
export const XRAY_SAMPLED_FRACTION = 0.05;

/** The counters of one run. */
export interface CostRun {
  /** Units of traffic (lifecycles, heartbeats). */
  readonly units: number;
  /** API requests served, by function. */
  readonly apiRequests: Readonly<Record<string, number>>;
  /** Billed milliseconds per request (the p50 time of the request, rounded up), by function. */
  readonly apiBilledMs: Readonly<Record<string, number>>;
  /** Authorizer invocations (API Gateway caches its answers per key). */
  readonly authorizerInvocations: number;
  readonly dynamodb: CapacityReading;
  /** Stream consumer invocations and records, by mapping (`replica@decisions`). */
  readonly streams: Readonly<Record<string, { invocations: number; records: number }>>;
  /** Access log subscription deliveries (access-log-metrics invocations). */
  readonly accessLogDeliveries: number;
  /** Statements and transactions sent to the replica (one Data API call each; a transaction is begin + commit). */
  readonly replicaDataApiCalls: number;
  /** Bytes the functions wrote to their logs (Powertools logs and EMF metrics). */
  readonly functionLogBytes: number;
  /** The same, by kind of line (EMF metrics, each Powertools message). */
  readonly functionLogBytesByKind: Readonly<Record<string, number>>;
  /** Bytes of API Gateway access log records. */
  readonly accessLogBytes: number;
}

/** One line of the bill. */
export interface LineItem {
  readonly service: string;
  readonly item: string;
  /** Quantity per unit of traffic. */
  readonly perUnit: number;
  readonly unit: string;
  /** Dollars per 1M units of traffic. */
  readonly usdPerMillion: number;
  readonly estimated?: boolean;
}

const line = (
  service: string,
  item: string,
  price: PriceName,
  perUnit: number,
  unit: string,
  estimated = false,
): LineItem => ({
  service,
  item,
  perUnit,
  unit,
  usdPerMillion: dollars(price, perUnit * 1e6),
  ...(estimated ? { estimated } : {}),
});

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The bill of a run, per 1M units, line by line (zero lines left out), its logs as `logs` has
 * them reach CloudWatch.
 * @example const items = bill(run); const total = items.reduce((t, i) => t + i.usdPerMillion, 0);
 */
export function bill(run: CostRun, logs: LogModel = DEPLOYED_LOGS): LineItem[] {
  const per = (n: number) => n / run.units;
  const items: LineItem[] = [];
  const apiTotal = sum(Object.values(run.apiRequests));
  items.push(line('API Gateway', 'HTTP API requests', 'httpApiRequest', per(apiTotal), 'requests'));
  const streamInvocations = sum(Object.values(run.streams).map((s) => s.invocations));
  const invocations = apiTotal + run.authorizerInvocations + streamInvocations + run.accessLogDeliveries;
  items.push(
    line(
      'Lambda',
      'requests (API, authorizer, streams, access logs)',
      'lambdaRequest',
      per(invocations),
      'invocations',
    ),
  );
  const gbSeconds = (fn: string, ms: number) => ((FUNCTION_MEMORY_MB[fn] ?? 512) / 1024) * (ms / 1000);
  const apiGbs = sum(
    Object.entries(run.apiRequests).map(([fn, n]) => n * gbSeconds(fn, run.apiBilledMs[fn] ?? 0)),
  );
  items.push(line('Lambda', 'API function duration (arm64)', 'lambdaArmGbSecond', per(apiGbs), 'GB-s'));
  const backgroundGbs =
    sum(
      Object.entries(run.streams).map(
        ([fn, s]) => s.invocations * gbSeconds(fn.split('@')[0] as string, ESTIMATED_BACKGROUND_MS),
      ),
    ) +
    run.accessLogDeliveries * gbSeconds('access-log-metrics', ESTIMATED_BACKGROUND_MS);
  items.push(
    line('Lambda', 'stream and log consumer duration', 'lambdaArmGbSecond', per(backgroundGbs), 'GB-s', true),
  );
  for (const [where, u] of Object.entries(run.dynamodb.units).sort()) {
    if (u.write > 0)
      items.push(line('DynamoDB', `write units: ${where}`, 'dynamodbWriteRequestUnit', per(u.write), 'WRU'));
    if (u.read > 0)
      items.push(line('DynamoDB', `read units: ${where}`, 'dynamodbReadRequestUnit', per(u.read), 'RRU'));
  }
  for (const [table, units] of Object.entries(run.dynamodb.failedConditionUnits).sort())
    items.push(
      line(
        'DynamoDB',
        `write units: ${table}, failed conditions (from item size)`,
        'dynamodbWriteRequestUnit',
        per(units),
        'WRU',
        true,
      ),
    );
  const platformBytes = invocations * logs.platformBytesPerInvocation;
  const leftOut = sum((logs.leftOut ?? []).map((kind) => run.functionLogBytesByKind[kind] ?? 0));
  const logKb = (run.functionLogBytes - leftOut + platformBytes + run.accessLogBytes) / 1024;
  items.push(
    line(
      'CloudWatch Logs',
      'ingested (function logs, EMF, platform lines, access logs)',
      'logsIngestedKb',
      per(logKb),
      'KB',
    ),
  );
  items.push(
    line(
      'Aurora',
      'Data API requests (replica)',
      'rdsDataApiRequest',
      per(run.replicaDataApiCalls),
      'requests',
    ),
  );
  const traced = (apiTotal + streamInvocations) * XRAY_SAMPLED_FRACTION;
  items.push(
    line(
      'X-Ray',
      'traces recorded beyond the reservoir (5 %)',
      'xrayTraceRecorded',
      per(traced),
      'traces',
      true,
    ),
  );
  return items.filter((i) => i.perUnit > 0);
}

/** Dollars per 1M units, by service. */
export function byService(items: readonly LineItem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i.service] = (out[i.service] ?? 0) + i.usdPerMillion;
  return out;
}

/** The bill's total, dollars per 1M units. */
export const total = (items: readonly LineItem[]): number => sum(items.map((i) => i.usdPerMillion));
