import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  APPLIANCES_TABLE,
  DECISIONS_TABLE,
  KEYS_TABLE,
  METRICS_TABLE,
  TABLES,
  type TableDefinition,
} from '#adapters/dynamodb-tables';
import { API_FUNCTIONS, type ApiFunction } from '#contract/routes';
import { type AppConfig, functionEnvironment, functionSettings } from '../config.ts';
import { HttpApiWithRoutes } from '../constructs/http-api.ts';
import { PowertoolsFunction } from '../constructs/powertools-function.ts';
import { grantTableAccess, type TableAccess } from '../constructs/table-access.ts';
import type { AppTables } from './data-stack.ts';

/** Every function of the API stack: the route handlers and the authorizer. */
export type ApiFunctionName = ApiFunction | 'authorizer';

/**
 * Least privilege, as data: the tables each function reaches and how. The ingest functions
 * write idempotently (conditional put/update, read-back of duplicates), `reads` only reads,
 * the authorizer only looks keys up, and `public` only describes tables for the health check.
 */
export const DATA_ACCESS: Readonly<
  Record<ApiFunctionName, readonly (readonly [TableDefinition, TableAccess])[]>
> = {
  'ingest-decisions': [[DECISIONS_TABLE, 'write']],
  'ingest-execution': [[DECISIONS_TABLE, 'write']],
  'ingest-feedback': [[DECISIONS_TABLE, 'write']],
  // Heartbeats also admit their service names under the tenant's label bound (metrics table).
  'ingest-heartbeats': [
    [APPLIANCES_TABLE, 'write'],
    [METRICS_TABLE, 'write'],
    [METRICS_TABLE, 'query'],
  ],
  reads: [
    [DECISIONS_TABLE, 'read'],
    [APPLIANCES_TABLE, 'read'],
  ],
  // The health check describes every table.
  public: TABLES.map((t) => [t, 'describe'] as const),
  authorizer: [[KEYS_TABLE, 'lookup']],
};

/** Properties of the {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  /** Deployment settings. */
  readonly config: AppConfig;
  /** The tables of the data stack. */
  readonly tables: AppTables;
}

/**
 * The HTTP API stack: one Powertools function per entry of `API_FUNCTIONS` plus the
 * authorizer, the routes of `ROUTES` (see {@link HttpApiWithRoutes}), table access per
 * {@link DATA_ACCESS}, and the invoke URL as the `ApiUrl` output.
 */
export class ApiStack extends Stack {
  /** Functions by name. */
  public readonly functions: Readonly<Record<ApiFunctionName, PowertoolsFunction>>;
  /** The API, its stage, routes and access logs. */
  public readonly api: HttpApiWithRoutes;
  /** The invoke URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, tables } = props;
    const settings = functionSettings(config);
    const { logRetention, removalPolicy } = settings;
    const shared = { environment: functionEnvironment(config) as Record<string, string>, ...settings };
    const fn = (name: ApiFunctionName, sizing = {}) =>
      [name, new PowertoolsFunction(this, pascal(name), { name, ...shared, ...sizing })] as const;
    this.functions = Object.fromEntries([
      ...API_FUNCTIONS.map((name) => fn(name)),
      fn('authorizer', { memorySize: 256, timeout: Duration.seconds(5) }),
    ]) as Record<ApiFunctionName, PowertoolsFunction>;

    for (const [name, grants] of Object.entries(DATA_ACCESS) as [
      ApiFunctionName,
      (typeof DATA_ACCESS)[ApiFunctionName],
    ][]) {
      for (const [table, access] of grants)
        grantTableAccess(this.functions[name], tables[table.name], table, access);
    }

    const { authorizer, ...routeFunctions } = this.functions;
    this.api = new HttpApiWithRoutes(this, 'Api', {
      prefix: config.prefix,
      functions: Object.fromEntries(
        Object.entries(routeFunctions).map(([n, f]) => [n, f.function]),
      ) as Record<ApiFunction, PowertoolsFunction['function']>,
      authorizer: authorizer.function,
      authCacheTtlSeconds: config.authCacheTtlSeconds,
      throttle: config.throttle,
      logRetention,
      removalPolicy,
    });
    this.url = this.api.stage.url;
    new CfnOutput(this, 'ApiUrl', { value: this.url, description: 'Invoke URL of the aiops HTTP API' });
  }
}

/** `ingest-decisions` → `IngestDecisions`. */
function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
