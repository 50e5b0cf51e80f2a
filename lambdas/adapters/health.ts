import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Health } from '#contract/responses';
import { runtimeEnv } from '#shared/env';
import { documentClient } from './dynamodb-client.ts';
import { tableNames } from './dynamodb-tables.ts';

const TIMEOUT_MS = 2_000;

/** Each dependency's state: every DynamoDB table must answer DescribeTable as ACTIVE within 2 s. */
export async function checkHealth(): Promise<Health> {
  const names = tableNames(runtimeEnv().TABLE_PREFIX);
  const entries = await Promise.all(
    Object.entries(names).map(
      async ([logical, table]) => [`dynamodb:${logical}`, await describe(table)] as const,
    ),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, c]) => c.status === 'ok') ? 'ok' : 'degraded', checks };
}

async function describe(table: string): Promise<Health['checks'][string]> {
  const started = performance.now();
  try {
    const res = await documentClient().send(new DescribeTableCommand({ TableName: table }), {
      abortSignal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const status = res.Table?.TableStatus;
    const latencyMs = Math.round(performance.now() - started);
    return status === 'ACTIVE'
      ? { status: 'ok', latencyMs }
      : { status: 'down', latencyMs, detail: `table is ${status}` };
  } catch (e) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), detail: (e as Error).name };
  }
}
