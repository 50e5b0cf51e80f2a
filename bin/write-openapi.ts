/**
 * Writes the contract for other languages: `openapi/openapi.json` and one JSON Schema per
 * payload in `openapi/schemas/<name>.json`, generated from the zod schemas.
 *
 *   npm run openapi              # (re)write the files
 *   npm run openapi -- --check   # write nothing; exit 1 listing stale files (CI)
 *   npm run openapi -- --out dir # another output directory
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contractJsonSchemas } from '#contract/json-schema';
import { buildOpenApiDocument } from '#contract/openapi';
import {
  findStaleFiles,
  type Generator,
  renderJson,
  runGenerator,
  writeStaleFiles,
} from '#lib/generated-files';

/** The repository's `openapi/` directory. */
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../openapi/', import.meta.url));

/**
 * Every generated file, by path relative to the output directory (POSIX separators). Key order
 * is the generator's, fixed by the contract's field order, so the output is byte-stable.
 * @example generatedFiles().get('schemas/decision.json')
 */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>([['openapi.json', renderJson(buildOpenApiDocument())]]);
  for (const [name, schema] of Object.entries(contractJsonSchemas())) {
    files.set(`schemas/${name}.json`, renderJson(schema));
  }
  return files;
}

/** Generated-looking files in `schemas/` that the generator no longer produces are orphaned. */
const GENERATOR: Generator = { name: 'openapi', build: generatedFiles, ownedDir: 'schemas', byPath: true };

/**
 * The files under `outDir` that are missing, differ from what the generator writes, or should
 * no longer exist; empty when everything is up to date.
 * @example await staleFiles(DEFAULT_OUT_DIR) // [] after `npm run openapi`
 */
export async function staleFiles(outDir: string): Promise<string[]> {
  return (await findStaleFiles(GENERATOR, outDir)).map((s) => s.file);
}

/**
 * Writes every generated file that changed and deletes orphaned schemas.
 * @returns the paths written or deleted, relative to `outDir`.
 * @example await writeGeneratedFiles(DEFAULT_OUT_DIR)
 */
export async function writeGeneratedFiles(outDir: string): Promise<string[]> {
  return (await writeStaleFiles(GENERATOR, outDir)).map((s) => s.file);
}

async function main(argv: string[]): Promise<number> {
  const outIndex = argv.indexOf('--out');
  const outDir =
    outIndex >= 0 && argv[outIndex + 1] ? path.resolve(argv[outIndex + 1] as string) : DEFAULT_OUT_DIR;
  return runGenerator(
    GENERATOR,
    { outDir, check: argv.includes('--check') },
    (stale, shown) =>
      `stale generated files (run \`npm run openapi\`):\n${stale.map(({ file }) => `  ${shown}/${file}`).join('\n')}`,
    console,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
