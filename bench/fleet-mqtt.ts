/**
 * `fleet-mqtt`: 1,000 simulated appliances (the real agent, synthetic readings) each sending a
 * heartbeat every 10 s for a minute through the local stack's embedded MQTT broker, the
 * heartbeat rule and the handler into DynamoDB Local. Reports heartbeats lost (taken by an
 * agent but never stored; checked against the table), messages stored per second, and the
 * p50/p95 time from the publish to the end of the store write (after the first interval, when
 * every agent has connected; with it as a detail). Side by side, the same number
 * of heartbeats written straight to the store at the same rate and concurrency is the
 * baseline (measured first, on the same warm stack): ratio = p95 through MQTT / p95 of the bare
 * store write.
 *
 * Shorter runs: FLEET_BENCH_APPLIANCES (default 1000), FLEET_BENCH_SECONDS (default 60),
 * FLEET_BENCH_INTERVAL_SECONDS (default 10).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SCHEMA_VERSION } from '#contract/common';
import type { Runtime } from '#runtime/runtime';
import { LocalApplianceRegistry } from '../lib/fleet/local-registry.ts';
import { startDynamoDbLocal } from '../lib/local/dynamodb-local/index.ts';
import type { RuleResult } from '../lib/local/mqtt/rules.ts';
import { startSimulatedFleet } from './support/fleet-sim.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { nowMs, percentile, round } from './support/stats.ts';

/** p95 through MQTT may be at most this many times the bare store write's. */
export const FLEET_MQTT_TARGET = 5;

const envInt = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** The fleet's heartbeat items in the table (history of `tenant-*` only), counted by a consistent scan. */
async function storedHeartbeats(endpoint: string, table: string): Promise<number> {
  const db = new DynamoDBClient({ endpoint });
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        Select: 'COUNT',
        FilterExpression: 'begins_with(sk, :hb) AND begins_with(pk, :fleet)',
        ExpressionAttributeValues: { ':hb': { S: 'HB#' }, ':fleet': { S: 'tenant-' } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  db.destroy();
  return count;
}

/** The bare side: the same rate of heartbeats written straight to the store. */
async function bareStoreWrites(runtime: Runtime, count: number, perSecond: number): Promise<number[]> {
  const store = runtime.stores.appliances;
  const latencies: number[] = [];
  const gapMs = 1000 / perSecond;
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + i * gapMs - nowMs())));
      const start = nowMs();
      await store.recordHeartbeat(
        `bare-${i % 10}`,
        {
          schemaVersion: SCHEMA_VERSION,
          applianceId: `bare-${i % 1000}`,
          sentAt: new Date(Date.now() - 60_000 + i).toISOString(),
          cpuPercent: 1,
          memoryPercent: 2,
          diskPercent: 3,
          services: { named: 'up' },
          agentVersion: 'bench',
        },
        new Date(),
      );
      latencies.push(nowMs() - start);
    }),
  );
  return latencies;
}

/** Runs the fleet for the configured time and returns the result. */
export async function fleetMqtt(): Promise<BenchResult> {
  const appliances = envInt('FLEET_BENCH_APPLIANCES', 1000);
  const seconds = envInt('FLEET_BENCH_SECONDS', 60);
  const interval = envInt('FLEET_BENCH_INTERVAL_SECONDS', 10);
  const ddb = await startDynamoDbLocal({ port: 0 });
  const { startLocalStack } = await import('../lib/local/stack.ts');
  const registry = LocalApplianceRegistry.memory();
  const stack = await startLocalStack({
    port: 0,
    dynamodbEndpoint: ddb.endpoint,
    tablePrefix: 'aiops-bench-fleet',
    pipeline: false,
    mqtt: { port: 0, registry, url: undefined },
  }).catch(async (e) => {
    await ddb.stop();
    throw e;
  });
  try {
    const mqtt = stack.mqtt;
    if (mqtt?.mode !== 'embedded') throw new Error('fleet-mqtt needs the embedded broker (unset MQTT_URL)');
    const storedAt = new Map<string, number>();
    let refused = 0;
    mqtt.rules.on('result', (r: RuleResult) => {
      if (r.rule !== 'heartbeat') return;
      const result = r.result as {
        status: string;
        answer?: { kind: string; result?: { id?: string; status: string } };
      };
      const item = result.answer?.result;
      if (result.status === 'ingested' && item?.status === 'accepted' && item.id)
        storedAt.set(item.id, nowMs());
      else refused++;
    });
    // The bare side first, on the same warm stack and table, at the fleet's nominal rate.
    const bare = await bareStoreWrites(stack.runtime, Math.min(appliances * 2, 2000), appliances / interval);
    const t0 = nowMs();
    const fleet = await startSimulatedFleet({
      url: mqtt.url,
      registry,
      count: appliances,
      intervalSeconds: interval,
      clock: nowMs,
    });
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + seconds * 1000 - nowMs())));
    fleet.stopSampling();
    const sampled = fleet.agents.reduce((n, a) => n + a.stats().sampled, 0);
    const deadline = nowMs() + 30_000;
    while (storedAt.size < sampled && nowMs() < deadline) await new Promise((r) => setTimeout(r, 100));
    await mqtt.rules.idle();
    const windowSeconds = (Math.max(...storedAt.values()) - t0) / 1000;
    const dropped = fleet.agents.reduce((n, a) => n + a.stats().dropped, 0);
    await fleet.close();
    const inTable = await storedHeartbeats(ddb.endpoint, `${stack.tablePrefix}-appliances`);
    const timed = [...storedAt].flatMap(([id, at]) => {
      const sent = fleet.sentAtMs.get(id);
      return sent === undefined ? [] : [{ sent, ms: at - sent }];
    });
    const latencies = timed.map((t) => t.ms);
    // The first interval is the warm-up: every agent connects and the handlers compile.
    const steady = timed.filter((t) => t.sent >= t0 + interval * 1000).map((t) => t.ms);
    const p95 = percentile(steady, 95);
    const bareP95 = percentile(bare, 95);
    const lost = sampled - inTable;
    const rate = round(storedAt.size / windowSeconds, 1);
    const result = benchResult(
      round(p95 / bareP95, 2),
      FLEET_MQTT_TARGET,
      '<=',
      `${appliances} appliances × ${seconds} s: ${sampled} sent, ${lost} lost, ${rate} msg/s; ` +
        `publish→stored p50/p95 ${round(percentile(steady, 50), 1)}/${round(p95, 1)} ms after the first interval ` +
        `(${round(percentile(latencies, 95), 1)} ms with it) vs bare store write p95 ${round(bareP95, 1)} ms`,
      {
        appliances,
        seconds,
        intervalSeconds: interval,
        sent: sampled,
        storedByRule: storedAt.size,
        inTable,
        lost,
        droppedByAgents: dropped,
        refusedOrDuplicate: refused,
        messagesPerSecond: rate,
        publishToStoredMs: {
          p50: round(percentile(steady, 50), 1),
          p95: round(p95, 1),
          p99: round(percentile(steady, 99), 1),
          max: round(Math.max(...steady), 1),
          samples: steady.length,
        },
        publishToStoredWithWarmUpMs: {
          p50: round(percentile(latencies, 50), 1),
          p95: round(percentile(latencies, 95), 1),
          max: round(Math.max(...latencies), 1),
        },
        bareStoreWriteMs: { p50: round(percentile(bare, 50), 1), p95: round(bareP95, 1) },
        ruleStats: { ...mqtt.rules.stats },
        brokerRefusals: { ...(mqtt.refusals ?? {}) },
      },
    );
    return { ...result, pass: result.pass && lost === 0 };
  } finally {
    await stack.stop();
    await ddb.stop();
  }
}
