import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Health } from '#contract/responses';
import { tableNames } from './dynamodb-tables.ts';

const TIMEOUT_MS = 2_000;

/**
 * Each dependency's state: every DynamoDB table of `tablePrefix` must answer DescribeTable as ACTIVE within 2 s.
 * @example const health = await checkHealth(documents, 'aiops'); // { status: 'ok', checks: { 'dynamodb:decisions': ... } }
 */
export async function checkHealth(db: DynamoDBDocumentClient, tablePrefix: string): Promise<Health> {
  const names = tableNames(tablePrefix);
  const entries = await Promise.all(
    Object.entries(names).map(
      async ([logical, table]) => [`dynamodb:${logical}`, await describe(db, table)] as const,
    ),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, c]) => c.status === 'ok') ? 'ok' : 'degraded', checks };
}

async function describe(db: DynamoDBDocumentClient, table: string): Promise<Health['checks'][string]> {
  const started = performance.now();
  try {
    const res = await db.send(new DescribeTableCommand({ TableName: table }), {
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
