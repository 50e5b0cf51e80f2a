import { randomBytes } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import type { SqlClient } from '#adapters/postgres/sql-client';
import type { Scope } from '#contract/routes';
import { createApiKey } from '#domain/key-admin';
import type { Runtime } from '#runtime/runtime';
import type { LocalPipeline } from '../../lib/local/pipeline.ts';
import { startLocalStack } from '../../lib/local/stack.ts';

/** A response as a test reads it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  readonly body: any;
  readonly text: string;
}

export interface RequestOptions {
  /** JSON body (serialised), or raw bytes/text sent as they are. */
  readonly json?: unknown;
  readonly raw?: string | Uint8Array;
  /** Bearer key; `null` sends no Authorization header. @default the dev key */
  readonly key?: string | null;
  readonly headers?: Record<string, string>;
}

/** The local stack on the shared DynamoDB Local, under tables of its own. */
export interface TestApi {
  readonly url: string;
  readonly devKey: string;
  readonly tablePrefix: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** A new key for another tenant or with fewer scopes. */
  createKey(customerId: string, scopes: Scope[]): Promise<{ token: string; keyId: string }>;
  /** Every item of a table (`decisions`, `appliances`, `keys`), straight from DynamoDB. */
  scan(table: 'decisions' | 'appliances' | 'keys' | 'metrics'): Promise<Record<string, unknown>[]>;
  /** The stream pipeline, when started with `{ pipeline: true }`. */
  readonly pipeline?: LocalPipeline;
  /** What the stack's handlers run on: its stores, metric tables and settings. */
  readonly runtime: Runtime;
  /** The replica database the pipeline writes, when started with `{ pipeline: true }`. */
  readonly replicaDatabase?: () => Promise<SqlClient>;
  stop(): Promise<void>;
}

/** How a test API is started besides its settings. */
export interface TestApiOptions {
  /** @default false */
  readonly pipeline?: boolean;
  /** The pipeline's replica database (to inject faults). @default the stack's own */
  readonly replicaDatabase?: () => Promise<SqlClient>;
}

/** Starts the API through the local gateway, with the same handlers Lambda runs. */
export async function startTestApi(
  env: Record<string, string> = {},
  options: TestApiOptions = {},
): Promise<TestApi> {
  const tablePrefix = `t${randomBytes(4).toString('hex')}`;
  const endpoint = inject('dynamodbEndpoint');
  const stack = await startLocalStack({
    dynamodbEndpoint: endpoint,
    tablePrefix,
    port: 0,
    env,
    pipeline: options.pipeline ?? false,
    ...(options.replicaDatabase ? { replicaDatabase: options.replicaDatabase } : {}),
  });
  const ddb = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    url: stack.url,
    devKey: stack.apiKey,
    tablePrefix,
    ...(stack.pipeline ? { pipeline: stack.pipeline } : {}),
    runtime: stack.runtime,
    ...(stack.replicaDatabase ? { replicaDatabase: stack.replicaDatabase } : {}),
    async request(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      const key = o.key === undefined ? stack.apiKey : o.key;
      if (key !== null) headers.authorization ??= `Bearer ${key}`;
      let body: string | Uint8Array | undefined;
      if (o.json !== undefined) {
        body = JSON.stringify(o.json);
        headers['content-type'] ??= 'application/json';
      } else if (o.raw !== undefined) body = o.raw;
      const res = await fetch(`${stack.url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    async createKey(customerId, scopes) {
      const { token, record } = await createApiKey(stack.runtime.stores.keys, {
        customerId,
        scopes,
        name: 'test',
      });
      return { token, keyId: record.keyId };
    },
    async scan(table) {
      const res = await ddb.send(
        new ScanCommand({ TableName: `${tablePrefix}-${table}`, ConsistentRead: true }),
      );
      return (res.Items ?? []) as Record<string, unknown>[];
    },
    async stop() {
      ddb.destroy();
      await stack.stop();
    },
  };
}

/**
 * Starts a TestApi before the file's tests and stops it after them; the returned object
 * forwards to it, so tests write `api.request(...)`.
 * @example const api = useTestApi({ AUTH_CACHE_TTL_SECONDS: '0' });
 */
export function useTestApi(env: Record<string, string> = {}, options: TestApiOptions = {}): TestApi {
  let started: TestApi | undefined;
  beforeAll(async () => {
    started = await startTestApi(env, options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const current = (): TestApi => {
    if (!started) throw new Error('the test API is not started yet (use it inside a test or hook)');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get devKey() {
      return current().devKey;
    },
    get tablePrefix() {
      return current().tablePrefix;
    },
    get pipeline() {
      return current().pipeline;
    },
    get runtime() {
      return current().runtime;
    },
    get replicaDatabase() {
      return current().replicaDatabase;
    },
    request: (...args) => current().request(...args),
    createKey: (...args) => current().createKey(...args),
    scan: (...args) => current().scan(...args),
    stop: () => current().stop(),
  };
}
