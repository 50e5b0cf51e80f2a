/**
 * The lines under the table of `npm run bench`: the figures behind each ratio, read from the
 * details of its result (the same fields `--json` prints).
 */
import type { BenchResult } from './result.ts';

type Latency = { p50: number; p95: number };
type Rate = { perSecond: number; nodeCpuMsPerDecision?: number; nodeCpuMs?: number; ratio?: number };
type Handler = {
  bytes: number;
  sizePass: boolean;
  wallMedianMs: number;
  pairedBaselineWallMedianMs: number;
  importMedianMs: number;
  ratio: number;
  untracedRatio: number;
};

const lat = (l: Latency) => `${l.p50}/${l.p95} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const sizes = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${kb(v)}`)
    .join(', ');

function overhead(r: BenchResult): string[] {
  const split = r.split as {
    conditionalPutOverPut: number;
    handlerOverConditionalPut: number;
    handlerCodeP50Ms: number;
  };
  const stages = r.stages as { microseconds: Record<string, number>; totalMicroseconds: number };
  const m = r.withMetricsEnabled as { ratio: number; handlerMs: Latency; bareMs: Latency };
  const us = Object.entries(stages.microseconds)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `p50/p95: handler ${lat(r.handlerMs as Latency)}, bare PutItem ${lat(r.bareMs as Latency)}, ` +
      `bare conditional PutItem ${lat(r.bareConditionalPutMs as Latency)}`,
    `split: conditional PutItem/PutItem ${split.conditionalPutOverPut}, handler/conditional PutItem ` +
      `${split.handlerOverConditionalPut} (handler code +${split.handlerCodeP50Ms} ms at p50)`,
    `handler code by stage, hot in-process (µs per decision): ${us}; total ${stages.totalMicroseconds}`,
    `with Powertools metrics enabled: ratio ${m.ratio} (handler ${lat(m.handlerMs)}, bare ${lat(m.bareMs)})`,
  ];
}

function throughput(r: BenchResult): string[] {
  const h = r.handler as Rate & { decisions: number };
  const b = r.baseline as Rate & { note: string };
  const u = r.bareBatchWriteItem as Rate;
  const once = r.exactlyOnce as {
    handlerOverBatchWriteItem: number;
    conditionalPutOverBatchWriteItem: number;
  };
  const cpu = (x: Rate) => `node CPU ${x.nodeCpuMsPerDecision} ms/decision`;
  const out = [
    `handler ${h.perSecond}/s (${cpu(h)}), ${b.note} ${b.perSecond}/s (${cpu(b)}), ${h.decisions} decisions each`,
    `price of exactly-once, against bare BatchWriteItem ${u.perSecond}/s (${cpu(u)}): ` +
      `handler ${once.handlerOverBatchWriteItem}, conditional PutItem ${once.conditionalPutOverBatchWriteItem}`,
  ];
  const v = r.variants as { rounds: number; sides: Record<string, Rate> } | undefined;
  if (v) {
    out.push(`variants (${v.rounds} rounds of 100, each against the conditional PutItems of those rounds):`);
    for (const [name, s] of Object.entries(v.sides)) {
      out.push(
        `  ${name.padEnd(36)} ${String(s.perSecond).padStart(7)}/s  ratio ${s.ratio}  node CPU ${s.nodeCpuMs} ms`,
      );
    }
  }
  return out;
}

function coldImport(r: BenchResult): string[] {
  const base = r.baseline as { bytes: number; wallMedianMs: number; importMedianMs: number };
  const limit = r.bundleLimitBytes as number;
  const out = [
    `baseline (DynamoDBClient only): ${kb(base.bytes)}, wall ${base.wallMedianMs} ms, import ${base.importMedianMs} ms`,
  ];
  for (const [name, h] of Object.entries(r.handlers as Record<string, Handler>)) {
    out.push(
      `  ${name.padEnd(18)} ${kb(h.bytes).padStart(7)} ${h.sizePass ? '    ' : 'OVER'}  wall ${h.wallMedianMs} ms ` +
        `(paired baseline ${h.pairedBaselineWallMedianMs} ms)  ratio ${h.ratio}  import ${h.importMedianMs} ms  ` +
        `untraced ratio ${h.untracedRatio}`,
    );
  }
  const over = r.oversized as string[];
  if (over.length > 0) out.push(`${over.length} bundle(s) over ${limit} B: ${over.join(', ')}`);
  const largest = r.largestBundle as { name: string; topFolders: Record<string, number> } | undefined;
  if (largest) out.push(`largest bundle (${largest.name}) by folder: ${sizes(largest.topFolders)}`);
  return out;
}

type RowRate = { perSecond: number; rows: number; batchMs: Latency };
type ReplicaTarget = {
  ratio: number;
  p50Ratio: number;
  upsert: RowRate;
  bare: RowRate;
  handler: { ratioToUpsert: number; handler: RowRate; upsert: RowRate };
};

function replicaThroughput(r: BenchResult): string[] {
  const rate = (x: RowRate) => `${x.perSecond}/s (batch of 100 ${lat(x.batchMs)})`;
  return Object.entries(r.targets as Record<string, ReplicaTarget>).flatMap(([name, t]) => [
    `${name}: ratio ${t.ratio} (by batch p50 ${t.p50Ratio}); upsertDecisions ${rate(t.upsert)}, bare INSERT ${rate(t.bare)}, ${t.upsert.rows} rows each`,
    `${name}: replica handler (stream events) ${rate(t.handler.handler)} vs upsert ${t.handler.upsert.perSecond}/s ` +
      `in its own rounds: ratio ${t.handler.ratioToUpsert}`,
  ]);
}

function freshness(r: BenchResult): string[] {
  const s = r.seconds as { p50: number; p95: number; max: number; seen: number; missing: number };
  const out = [
    `${r.accepted}/${r.decisions} decisions accepted (one every ${r.paceMs} ms, each with its execution), ` +
      `${s.seen} seen, ${s.missing} never; replica on ${r.database}; dead letters ${r.deadLetters}`,
    `seconds from the execution's 2xx: p50 ${s.p50}, p95 ${s.p95}, max ${s.max} (polled every ${r.pollMs} ms)`,
  ];
  const db = r.updatedAtMinusAccepted as Latency | undefined;
  if (db) out.push(`by the row's updated_at: p50 ${db.p50} s, p95 ${db.p95} s`);
  if (r.intervalSeconds !== undefined) out.push(`export interval ${r.intervalSeconds} s`);
  return out;
}

type Worst = { attack: string; usPerKbAt4K: number; usPerKbAt64K: number; ratio: number };

function redaction(r: BenchResult): string[] {
  const line = (name: string, w: Worst) =>
    `  ${name.padEnd(18)} ${String(w.usPerKbAt4K).padStart(9)} µs/KB at 4K  ${String(w.usPerKbAt64K).padStart(9)} µs/KB at 64K  ratio ${w.ratio}  (${w.attack})`;
  const body = r.fullBody as {
    attack: string;
    decisions: number;
    oneDecisionMs: number;
    estimatedSeconds: number;
  };
  return [
    `worst input of ${r.attacks} for each, fastest of ${r.rounds} rounds:`,
    ...Object.entries(r.perRule as Record<string, Worst>).map(([name, w]) => line(name, w)),
    line('all rules', r.allRules as Worst),
    line('decision ingest', r.decision as Worst),
    `one decision with a 4K query and a 64K playbook (${body.attack}): ${body.oneDecisionMs} ms; ` +
      `${body.decisions} of them (a 4 MB body): ≈ ${body.estimatedSeconds} s`,
  ];
}

const FORMATTERS: Record<string, (r: BenchResult) => string[]> = {
  'handler-overhead': overhead,
  'batch-throughput': throughput,
  'cold-import': coldImport,
  'replica-throughput': replicaThroughput,
  'freshness-postgres': freshness,
  'freshness-prometheus': freshness,
  redaction,
  cost: (r) => r.lines as string[],
};

/**
 * The detail lines of one benchmark's result (none for an unknown name).
 * @example detailLines('cold-import', result)
 */
export function detailLines(name: string, result: BenchResult): string[] {
  return FORMATTERS[name]?.(result) ?? [];
}
