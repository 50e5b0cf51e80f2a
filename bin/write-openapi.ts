/**
 * Writes the contract for other languages: `openapi/openapi.json` and one JSON Schema per
 * payload in `openapi/schemas/<name>.json`, generated from the zod schemas.
 *
 *   npm run openapi              # (re)write the files
 *   npm run openapi -- --check   # write nothing; exit 1 listing stale files (CI)
 *   npm run openapi -- --out dir # another output directory
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contractJsonSchemas } from '#contract/json-schema';
import { buildOpenApiDocument } from '#contract/openapi';

/** The repository's `openapi/` directory. */
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../openapi/', import.meta.url));

/**
 * JSON as committed: two-space indent and a trailing newline. Key order is the generator's,
 * which is fixed by the contract's field order, so the output is byte-stable.
 * @example renderJson({ a: 1 }) // '{\n  "a": 1\n}\n'
 */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Every generated file, by path relative to the output directory (POSIX separators).
 * @example generatedFiles().get('schemas/decision.json')
 */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>([['openapi.json', renderJson(buildOpenApiDocument())]]);
  for (const [name, schema] of Object.entries(contractJsonSchemas())) {
    files.set(`schemas/${name}.json`, renderJson(schema));
  }
  return files;
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Generated-looking files in `schemas/` that the generator no longer produces. */
async function orphans(outDir: string, files: Map<string, string>): Promise<string[]> {
  const dir = path.join(outDir, 'schemas');
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => `schemas/${n}`)
    .filter((rel) => !files.has(rel));
}

/**
 * The files under `outDir` that are missing, differ from what the generator writes, or should
 * no longer exist; empty when everything is up to date.
 * @example await staleFiles(DEFAULT_OUT_DIR) // [] after `npm run openapi`
 */
export async function staleFiles(outDir: string): Promise<string[]> {
  const files = generatedFiles();
  const stale: string[] = [];
  for (const [rel, content] of files) {
    if ((await readOrUndefined(path.join(outDir, rel))) !== content) stale.push(rel);
  }
  return [...stale, ...(await orphans(outDir, files))].sort();
}

/**
 * Writes every generated file that changed and deletes orphaned schemas.
 * @returns the paths written or deleted, relative to `outDir`.
 * @example await writeGeneratedFiles(DEFAULT_OUT_DIR)
 */
export async function writeGeneratedFiles(outDir: string): Promise<string[]> {
  const files = generatedFiles();
  const stale = await staleFiles(outDir);
  for (const rel of stale) {
    const target = path.join(outDir, rel);
    const content = files.get(rel);
    if (content === undefined) {
      await rm(target);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return stale;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const outIndex = argv.indexOf('--out');
  const outDir =
    outIndex >= 0 && argv[outIndex + 1] ? path.resolve(argv[outIndex + 1] as string) : DEFAULT_OUT_DIR;
  const shown = path.relative(process.cwd(), outDir) || '.';
  if (check) {
    const stale = await staleFiles(outDir);
    if (stale.length === 0) return 0;
    console.error(
      `stale generated files (run \`npm run openapi\`):\n${stale.map((f) => `  ${shown}/${f}`).join('\n')}`,
    );
    return 1;
  }
  const changed = await writeGeneratedFiles(outDir);
  console.log(
    changed.length === 0
      ? 'openapi: up to date'
      : `openapi: wrote ${changed.map((f) => `${shown}/${f}`).join(', ')}`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
