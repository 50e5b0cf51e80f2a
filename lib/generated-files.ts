/**
 * Files the repository generates from code and commits (`npm run dashboards`, `npm run openapi`):
 * how they are rendered, found stale against the committed copies, and rewritten. Light on
 * purpose (Node only): the writers, the renderer and the CDK stacks import it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's `dashboards/generated/` directory: `npm run dashboards` writes it, the
 * Managed Grafana stack provisions it, `aiops-obs dashboards render` draws it.
 */
export const GENERATED_DASHBOARDS_DIR = fileURLToPath(new URL('../dashboards/generated/', import.meta.url));

/**
 * JSON as committed: two-space indent and a trailing newline. Key order is the generator's,
 * which is fixed by the source (contract field order, the Grafana SDK's builders), so the
 * output is byte-stable.
 * @example renderJson({ a: 1 }) // '{\n  "a": 1\n}\n'
 */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A JSON file of a folder, parsed. */
export interface JsonFile {
  /** Its name in the folder. */
  readonly file: string;
  readonly json: unknown;
}

/**
 * Every `*.json` file of `dir`, in name order, parsed (the generated dashboards, for one).
 * @param notJson the error message for a file that is not JSON, given its name and the parser's message
 * @throws Error with that message, or the file system's when `dir` cannot be read
 * @example readJsonFiles(GENERATED_DASHBOARDS_DIR, (file, reason) => `${file}: ${reason}`)
 */
export function readJsonFiles(dir: string, notJson: (file: string, reason: string) => string): JsonFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      try {
        return { file, json: JSON.parse(text) as unknown };
      } catch (e) {
        throw new Error(notJson(file, (e as Error).message));
      }
    });
}

/** A generator of committed files. */
export interface Generator {
  /** Its npm script (`npm run <name>`), and the prefix of what it logs. */
  readonly name: string;
  /** Builds every file, by path relative to the output directory (POSIX separators). */
  readonly build: () => ReadonlyMap<string, string>;
  /**
   * The folder of the output directory (`''` for the directory itself) whose `*.json` files are
   * all generated: one the generator no longer builds is orphaned.
   */
  readonly ownedDir: string;
  /** List stale files by path, instead of in build order followed by the orphans by name. @default false */
  readonly byPath?: boolean;
}

/** Why a file is stale. */
export type Staleness = 'missing' | 'outdated' | 'orphaned';

/** A file to write or delete, relative to the output directory. */
export interface StaleFile {
  readonly file: string;
  readonly reason: Staleness;
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The `*.json` files of the owned folder that `files` lacks, by name; none when the folder is missing. */
async function orphans(outDir: string, generator: Generator, files: ReadonlyMap<string, string>) {
  const names = await readdir(path.join(outDir, generator.ownedDir)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => path.posix.join(generator.ownedDir, n))
    .filter((rel) => !files.has(rel))
    .sort();
}

/**
 * The files under `outDir` that are missing, differ from what the generator builds, or are
 * orphaned; empty when everything is up to date.
 * @param files what the generator builds @default generator.build()
 */
export async function findStaleFiles(
  generator: Generator,
  outDir: string,
  files: ReadonlyMap<string, string> = generator.build(),
): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const [file, content] of files) {
    const committed = await readOrUndefined(path.join(outDir, file));
    if (committed === undefined) stale.push({ file, reason: 'missing' });
    else if (committed !== content) stale.push({ file, reason: 'outdated' });
  }
  for (const file of await orphans(outDir, generator, files)) stale.push({ file, reason: 'orphaned' });
  return generator.byPath ? stale.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) : stale;
}

/**
 * Builds the files once, writes every one that changed and deletes the orphaned ones.
 * @returns the files written or deleted
 */
export async function writeStaleFiles(generator: Generator, outDir: string): Promise<StaleFile[]> {
  const files = generator.build();
  const stale = await findStaleFiles(generator, outDir, files);
  for (const { file } of stale) {
    const target = path.join(outDir, file);
    const content = files.get(file);
    if (content === undefined) {
      await rm(target);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return stale;
}

/**
 * The body of a generator's command: with `check`, writes nothing and returns 1 after logging
 * `staleMessage` when anything is stale; otherwise writes and logs what it wrote.
 * @param staleMessage the error for the stale files, `shown` being the output directory as shown
 * @returns the exit code
 */
export async function runGenerator(
  generator: Generator,
  options: { readonly outDir: string; readonly check: boolean },
  staleMessage: (stale: readonly StaleFile[], shown: string) => string,
  log: Pick<Console, 'log' | 'error'>,
): Promise<number> {
  const { outDir } = options;
  const shown = path.relative(process.cwd(), outDir) || '.';
  if (options.check) {
    const stale = await findStaleFiles(generator, outDir);
    if (stale.length === 0) return 0;
    log.error(staleMessage(stale, shown));
    return 1;
  }
  const changed = await writeStaleFiles(generator, outDir);
  log.log(
    changed.length === 0
      ? `${generator.name}: up to date`
      : `${generator.name}: wrote ${changed.map(({ file }) => `${shown}/${file}`).join(', ')}`,
  );
  return 0;
}
