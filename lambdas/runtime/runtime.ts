import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createStores, type MetricTables, type Stores } from '#adapters/stores';
import type { IngestContext } from '#domain/decision-events';
import { loadRedactionRules, type RedactionRule } from '#domain/redaction';
import type { Observability } from './observability.ts';
import type { RuntimeEnv } from './settings.ts';

/**
 * What every handler is built from: its settings, its Powertools, its stores and its clock.
 * One per process in Lambda (the entry builds it from the environment, see
 * `runtimeFromEnvironment`); the local stack and tests build their own with
 * {@link createRuntime} and pass it. Handlers that need more (a replica database, a dead-letter
 * sink, the appliance registry) take those beside it.
 */
export interface Runtime extends MetricTables {
  readonly settings: RuntimeEnv;
  /** The redaction rules of the settings, loaded once. */
  readonly redactionRules: readonly RedactionRule[];
  readonly observability: Observability;
  /** The DynamoDB document client every store shares. */
  readonly documents: DynamoDBDocumentClient;
  readonly stores: Stores;
  /** The clock: request times, `receivedAt`, lag. */
  readonly now: () => Date;
}

/** What {@link createRuntime} builds a runtime from. */
export interface RuntimeParts {
  readonly settings: RuntimeEnv;
  readonly observability: Observability;
  readonly documents: DynamoDBDocumentClient;
  /** @default the system clock */
  readonly now?: () => Date;
}

/**
 * A runtime over `parts`: the stores of `settings.TABLE_PREFIX` on `documents`, the redaction
 * rules loaded (so a rule RE2 cannot run fails here, naming it, not on every decision).
 * @throws Error naming a configured redaction rule that cannot be loaded
 * @example const runtime = createRuntime({ settings: parseRuntimeEnv({}), observability, documents });
 */
export function createRuntime(parts: RuntimeParts): Runtime {
  const { settings } = parts;
  const { decisions, appliances, keys, ...metricTables } = createStores(parts.documents, {
    tablePrefix: settings.TABLE_PREFIX,
    heartbeatRetentionDays: settings.HEARTBEAT_RETENTION_DAYS,
    labelValuesPerTenant: settings.LABEL_VALUES_PER_TENANT,
  });
  return {
    settings,
    redactionRules: loadRedactionRules(settings.REDACTION_RULES, settings.REDACTION_REPLACE_DEFAULTS),
    observability: parts.observability,
    documents: parts.documents,
    stores: { decisions, appliances, keys },
    ...metricTables,
    now: parts.now ?? (() => new Date()),
  };
}

/**
 * The ingest context of a request: tenant, clock, retention and the redaction rules.
 * @example planDecision(event, ingestContext(runtime, principal.customerId))
 */
export function ingestContext(
  runtime: Runtime,
  customerId: string,
  receivedAt = runtime.now(),
): IngestContext {
  return {
    customerId,
    receivedAt,
    retentionDays: runtime.settings.RETENTION_DAYS,
    rules: runtime.redactionRules,
  };
}
