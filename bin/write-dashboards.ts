/**
 * Writes the Grafana dashboards built in `dashboards/` to `dashboards/generated/<uid>.json`.
 *
 *   npm run dashboards              # (re)write the files
 *   npm run dashboards -- --check   # write nothing; exit 1 listing stale or missing files (CI)
 *   npm run dashboards -- --out dir # another output directory
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  findStaleFiles,
  GENERATED_DASHBOARDS_DIR,
  type Generator,
  renderJson,
  runGenerator,
  type StaleFile,
  writeStaleFiles,
} from '#lib/generated-files';
import { DASHBOARDS } from '../dashboards/index.ts';

export type { Staleness } from '#lib/generated-files';

/** The repository's `dashboards/generated/` directory. */
export const DEFAULT_OUT_DIR = GENERATED_DASHBOARDS_DIR;

/** Every generated file: `<uid>.json` → its text. */
export function generatedDashboards(): Map<string, string> {
  return new Map(Object.entries(DASHBOARDS).map(([uid, build]) => [`${uid}.json`, renderJson(build())]));
}

/** Every dashboard in its own file; any other JSON file of the folder is orphaned. */
const GENERATOR: Generator = { name: 'dashboards', build: generatedDashboards, ownedDir: '' };

/**
 * The files under `outDir` that are missing, differ from what the builders produce, or are
 * JSON files no builder produces any more; empty when everything is up to date.
 * @example await staleDashboards(DEFAULT_OUT_DIR) // [] after `npm run dashboards`
 */
export function staleDashboards(outDir: string): Promise<StaleFile[]> {
  return findStaleFiles(GENERATOR, outDir);
}

/**
 * Writes every dashboard that changed and deletes orphaned files.
 * @returns the files written or deleted
 */
export async function writeDashboards(outDir: string): Promise<string[]> {
  return (await writeStaleFiles(GENERATOR, outDir)).map((s) => s.file);
}

/**
 * The command: `--check` reports and exits 1 when anything is stale, otherwise writes.
 * @returns the exit code
 */
export async function main(
  argv: readonly string[],
  log: Pick<Console, 'log' | 'error'> = console,
): Promise<number> {
  const outIndex = argv.indexOf('--out');
  const given = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (outIndex >= 0 && !given) {
    log.error('--out needs a directory');
    return 2;
  }
  const outDir = given ? path.resolve(given) : DEFAULT_OUT_DIR;
  return runGenerator(
    GENERATOR,
    { outDir, check: argv.includes('--check') },
    (stale, shown) =>
      `generated dashboards are stale; run \`npm run dashboards\` and commit the result:\n${stale
        .map(({ file, reason }) => `  ${shown}/${file} (${reason})`)
        .join('\n')}`,
    log,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
