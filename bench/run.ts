/**
 * `npm run bench`: every benchmark as a ratio against a baseline measured side by side in the
 * same run. Prints a table, or with `--json` one JSON object (nothing else on stdout).
 * Exits 0 even when a target is missed: benchmarks report, tests assert.
 *
 * Options: `--json`; `--only <name>[,<name>]` (`freshness` runs both freshness benchmarks); `--variants always|never|auto` (batch-throughput).
 */
import { parseArgs } from 'node:util';
import { POWERTOOLS_BENCH_ENV, startBenchDatabase } from './support/database.ts';
import type { BenchResult } from './support/result.ts';
import { divertStdout } from './support/stdout.ts';
import { formatTable } from './support/table.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    variants: { type: 'string', default: 'auto' },
  },
});
const only = values.only?.split(',');
const wanted = (name: string) => !only || only.includes(name);
const progress = (m: string) => process.stderr.write(`[bench] ${m}\n`);

// Powertools reads its environment when the handler modules are first imported.
Object.assign(process.env, POWERTOOLS_BENCH_ENV);
const restore = divertStdout();
const results: Record<string, BenchResult> = {};
try {
  if (wanted('handler-overhead') || wanted('batch-throughput')) {
    progress('starting DynamoDB Local');
    const db = await startBenchDatabase();
    try {
      if (wanted('handler-overhead')) {
        progress('handler-overhead');
        const { handlerOverhead } = await import('./handler-overhead.ts');
        results['handler-overhead'] = await handlerOverhead();
      }
      if (wanted('batch-throughput')) {
        progress('batch-throughput');
        const { batchThroughput } = await import('./batch-throughput.ts');
        const variants = values.variants as 'auto' | 'always' | 'never';
        results['batch-throughput'] = await batchThroughput(db, { variants });
      }
    } finally {
      await db.stop();
    }
  }
  if (wanted('replica-throughput')) {
    progress('replica-throughput');
    const { replicaThroughput } = await import('./replica-throughput.ts');
    results['replica-throughput'] = await replicaThroughput();
  }
  if (wanted('freshness') || wanted('freshness-postgres') || wanted('freshness-prometheus')) {
    progress('freshness (about 45 s: paced traffic through the local stack)');
    const { freshness } = await import('./freshness.ts');
    Object.assign(results, await freshness());
  }
  if (wanted('fleet-mqtt')) {
    progress('fleet-mqtt (about 80 s: 1,000 simulated appliances over MQTT; FLEET_BENCH_* for shorter)');
    const { fleetMqtt } = await import('./fleet-mqtt.ts');
    results['fleet-mqtt'] = await fleetMqtt();
  }
  if (wanted('training-export')) {
    progress('training-export (1,000,000 rows generated in DATABASE_URL, then export vs COPY)');
    const { trainingExport } = await import('./training-export.ts');
    results['training-export'] = await trainingExport();
  }
  if (wanted('redaction')) {
    progress('redaction (worst-case inputs at 4K and 64K characters, every built-in rule)');
    const { redactionBench } = await import('./redaction.ts');
    results.redaction = await redactionBench();
  }
  if (wanted('cost')) {
    progress('cost (decision lifecycles, then heartbeats, through the local stack with its pipeline)');
    const { cost } = await import('./cost.ts');
    results.cost = await cost();
  }
  if (wanted('cold-import')) {
    progress('cold-import');
    const { coldImport } = await import('./cold-import.ts');
    results['cold-import'] = await coldImport();
  }
} finally {
  restore();
}

const notes = [
  Object.entries(POWERTOOLS_BENCH_ENV)
    .map(([k, v]) => `${k}=${v}`)
    .join(' '),
  'handler-overhead also reports the ratio with Powertools metrics enabled (withMetricsEnabled, EMF discarded)',
];
process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : formatTable(results, notes));
