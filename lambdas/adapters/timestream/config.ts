/** Where heartbeats go in Timestream for LiveAnalytics, when the sink is switched on. */
export interface TimestreamConfig {
  /** `TIMESTREAM_DATABASE`. */
  readonly database: string;
  /** `TIMESTREAM_TABLE`. */
  readonly table: string;
  /** `AWS_REGION`. @default the SDK's region chain */
  readonly region?: string;
  /**
   * `TIMESTREAM_ENDPOINT`: a fixed endpoint (tests, a VPC endpoint). Endpoint discovery is
   * skipped when it is set. @default discovered with DescribeEndpoints
   */
  readonly endpoint?: string;
}

/** Timestream's rule for database and table names. */
const NAME = /^[a-zA-Z0-9_.-]{3,256}$/;

/**
 * The Timestream sink's settings, or `undefined` when neither `TIMESTREAM_DATABASE` nor
 * `TIMESTREAM_TABLE` is set (the default: Timestream for LiveAnalytics is closed to new
 * AWS customers, so heartbeat history lives in PostgreSQL).
 * @throws Error naming the variable when only one of the two is set, a name breaks
 *   Timestream's rules, or `TIMESTREAM_ENDPOINT` is not an http(s) URL
 * @example timestreamConfig({ TIMESTREAM_DATABASE: 'aiops', TIMESTREAM_TABLE: 'heartbeats', AWS_REGION: 'eu-west-1' })
 */
export function timestreamConfig(env: NodeJS.ProcessEnv = process.env): TimestreamConfig | undefined {
  const database = env.TIMESTREAM_DATABASE || undefined;
  const table = env.TIMESTREAM_TABLE || undefined;
  if (database === undefined && table === undefined) return undefined;
  const problems: string[] = [];
  for (const [name, value] of [
    ['TIMESTREAM_DATABASE', database],
    ['TIMESTREAM_TABLE', table],
  ] as const) {
    if (value === undefined) problems.push(`${name}: required when the other TIMESTREAM_ variable is set`);
    else if (!NAME.test(value))
      problems.push(`${name}: 3 to 256 of a-z A-Z 0-9 _ . - (got ${JSON.stringify(value)})`);
  }
  const endpoint = env.TIMESTREAM_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    problems.push(`TIMESTREAM_ENDPOINT: an http(s) URL (got ${JSON.stringify(endpoint)})`);
  }
  if (problems.length > 0) throw new Error(`invalid environment: ${problems.join('; ')}`);
  return {
    database: database as string,
    table: table as string,
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}
