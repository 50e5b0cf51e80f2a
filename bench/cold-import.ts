/**
 * `cold-import`: each handler bundled as the CDK bundles it, against a bundle of the bare
 * DynamoDBClient; size of each, and the median wall time of fresh `node` processes importing
 * it, handler and baseline runs alternating. ratio = worst handler median / baseline median
 * (over all baseline runs). Each handler's CPU time to the end of the import, against the
 * baseline's (`cpuRatio`), is printed beside it: on a loaded machine the wall ratio swings,
 * the CPU ratio hardly.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTERNAL_MODULES } from '../lib/bundling.ts';
import { type Bundle, bundle, composition } from './support/bundle.ts';
import { timeImport } from './support/node-import.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { median, round } from './support/stats.ts';

/** Worst handler median / baseline median must stay at or below this. */
export const COLD_IMPORT_TARGET = 1.25;
/** Largest bundle allowed, in bytes (400 KB). */
export const BUNDLE_LIMIT_BYTES = 409_600;
const RUNS = 15;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASELINE =
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const c = DynamoDBClient;";

/** Bundles every handler and the baseline, then times cold imports. */
export async function coldImport(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'aiops-bench-'));
  try {
    const handlersDir = join(ROOT, 'lambdas/entries');
    const names = (await readdir(handlersDir))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => basename(f, '.ts'));
    const baseline = await bundle('baseline-dynamodb-client', { contents: BASELINE, resolveDir: ROOT }, dir);
    const handlers: Bundle[] = [];
    for (const name of names)
      handlers.push(
        await bundle(name, { entry: join(handlersDir, `${name}.ts`) }, dir, EXTERNAL_MODULES[name]),
      );
    const wall = new Map<string, number[]>(names.map((n) => [n, []]));
    const imports = new Map<string, number[]>(names.map((n) => [n, []]));
    const baseWall = new Map<string, number[]>(names.map((n) => [n, []]));
    const baseImport: number[] = [];
    const cpu = new Map<string, number[]>(names.map((n) => [n, []]));
    const baseCpu: number[] = [];
    // A deployment with `tracing: false` never evaluates the X-Ray SDK: timed beside the default.
    const untraced = new Map<string, number[]>(names.map((n) => [n, []]));
    for (const b of [baseline, ...handlers]) await timeImport(b.file); // warm the page cache
    for (let run = 0; run < RUNS; run++) {
      for (const h of handlers) {
        const pair = run % 2 ? [h, baseline] : [baseline, h];
        for (const b of pair) {
          const t = await timeImport(b.file);
          if (b === baseline) {
            baseWall.get(h.name)?.push(t.wallMs);
            baseImport.push(t.importMs);
            baseCpu.push(t.cpuMs);
          } else {
            wall.get(h.name)?.push(t.wallMs);
            imports.get(h.name)?.push(t.importMs);
            cpu.get(h.name)?.push(t.cpuMs);
          }
        }
        untraced.get(h.name)?.push((await timeImport(h.file, { POWERTOOLS_TRACE_ENABLED: 'false' })).wallMs);
      }
    }
    // Every baseline run (alternated with the handlers' all through) is the reference: a median
    // of 15 paired runs alone drifts with the machine's load, and the worst of 7 would amplify it.
    const baseMedian = median([...baseWall.values()].flat());
    const baseCpuMedian = median(baseCpu);
    const perHandler = handlers.map((h) => {
      const hMedian = median(wall.get(h.name) ?? []);
      const ratio = round(hMedian / baseMedian);
      const oversize = h.bytes > BUNDLE_LIMIT_BYTES;
      return {
        name: h.name,
        bytes: h.bytes,
        sizePass: !oversize,
        wallMedianMs: round(hMedian, 1),
        pairedBaselineWallMedianMs: round(median(baseWall.get(h.name) ?? []), 1),
        importMedianMs: round(median(imports.get(h.name) ?? []), 1),
        ratio,
        untracedRatio: round(median(untraced.get(h.name) ?? []) / baseMedian),
        cpuMedianMs: round(median(cpu.get(h.name) ?? []), 1),
        cpuRatio: round(median(cpu.get(h.name) ?? []) / baseCpuMedian),
        ...(oversize || ratio > COLD_IMPORT_TARGET
          ? { topPackages: composition(h.metafile, 'package', 6) }
          : {}),
      };
    });
    const worst = perHandler.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const oversized = perHandler.filter((h) => !h.sizePass).map((h) => h.name);
    const largest = handlers.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const explain = oversized.length > 0 || worst.ratio > COLD_IMPORT_TARGET;
    const result = benchResult(
      worst.ratio,
      COLD_IMPORT_TARGET,
      '<=',
      `worst ${worst.name} ${worst.wallMedianMs} ms vs ${round(baseMedian, 1)} ms baseline; ` +
        `largest bundle ${Math.max(...perHandler.map((h) => h.bytes))} B`,
      {
        runs: RUNS,
        worst: worst.name,
        worstUntracedRatio: Math.max(...perHandler.map((h) => h.untracedRatio)),
        worstCpuRatio: Math.max(...perHandler.map((h) => h.cpuRatio)),
        bundleLimitBytes: BUNDLE_LIMIT_BYTES,
        oversized,
        baseline: {
          bytes: baseline.bytes,
          wallMedianMs: round(baseMedian, 1),
          importMedianMs: round(median(baseImport), 1),
          cpuMedianMs: round(baseCpuMedian, 1),
          topPackages: composition(baseline.metafile, 'package', 4),
        },
        ...(explain
          ? { largestBundle: { name: largest.name, topFolders: composition(largest.metafile, 'folder', 10) } }
          : {}),
        handlers: Object.fromEntries(perHandler.map(({ name, ...rest }) => [name, rest])),
      },
    );
    return { ...result, pass: result.pass && oversized.length === 0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
