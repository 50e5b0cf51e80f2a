/**
 * Writes the Grafana dashboards built in `dashboards/` to `dashboards/generated/<uid>.json`.
 *
 *   npm run dashboards              # (re)write the files
 *   npm run dashboards -- --check   # write nothing; exit 1 listing stale or missing files (CI)
 *   npm run dashboards -- --out dir # another output directory
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DASHBOARDS, renderDashboardJson } from '../dashboards/index.ts';

/** The repository's `dashboards/generated/` directory. */
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../dashboards/generated/', import.meta.url));

/** Every generated file: `<uid>.json` → its text. */
export function generatedDashboards(): Map<string, string> {
  return new Map(
    Object.entries(DASHBOARDS).map(([uid, build]) => [`${uid}.json`, renderDashboardJson(build())]),
  );
}

/** Why a file is stale. */
export type Staleness = 'missing' | 'outdated' | 'orphaned';

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * The files under `outDir` that are missing, differ from what the builders produce, or are
 * JSON files no builder produces any more; empty when everything is up to date.
 * @example await staleDashboards(DEFAULT_OUT_DIR) // [] after `npm run dashboards`
 */
export async function staleDashboards(outDir: string): Promise<{ file: string; reason: Staleness }[]> {
  const files = generatedDashboards();
  const stale: { file: string; reason: Staleness }[] = [];
  for (const [file, content] of files) {
    const committed = await readOrUndefined(path.join(outDir, file));
    if (committed === undefined) stale.push({ file, reason: 'missing' });
    else if (committed !== content) stale.push({ file, reason: 'outdated' });
  }
  const present = await readdir(outDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  for (const file of present.filter((f) => f.endsWith('.json') && !files.has(f)).sort())
    stale.push({ file, reason: 'orphaned' });
  return stale;
}

/**
 * Writes every dashboard that changed and deletes orphaned files.
 * @returns the files written or deleted
 */
export async function writeDashboards(outDir: string): Promise<string[]> {
  const files = generatedDashboards();
  const stale = await staleDashboards(outDir);
  await mkdir(outDir, { recursive: true });
  for (const { file, reason } of stale) {
    const target = path.join(outDir, file);
    if (reason === 'orphaned') await rm(target);
    else await writeFile(target, files.get(file) as string);
  }
  return stale.map((s) => s.file);
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
  const shown = path.relative(process.cwd(), outDir) || '.';
  if (argv.includes('--check')) {
    const stale = await staleDashboards(outDir);
    if (stale.length === 0) return 0;
    log.error(
      `generated dashboards are stale; run \`npm run dashboards\` and commit the result:\n${stale
        .map(({ file, reason }) => `  ${shown}/${file} (${reason})`)
        .join('\n')}`,
    );
    return 1;
  }
  const changed = await writeDashboards(outDir);
  log.log(
    changed.length === 0
      ? 'dashboards: up to date'
      : `dashboards: wrote ${changed.map((f) => `${shown}/${f}`).join(', ')}`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
