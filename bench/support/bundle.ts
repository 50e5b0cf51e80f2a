/**
 * Bundles a module with esbuild the way the CDK's NodejsFunction does for our functions
 * (ESM, minified, the AWS SDK bundled, nothing external) and says what fills the bundle.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_BUNDLING } from '../../lib/bundling.ts';

/** The esbuild options the CDK passes for {@link FUNCTION_BUNDLING}, minus the entry. */
export const CDK_BUNDLING = {
  bundle: true,
  platform: 'node',
  format: FUNCTION_BUNDLING.format,
  target: FUNCTION_BUNDLING.target,
  minify: FUNCTION_BUNDLING.minify,
  sourcemap: FUNCTION_BUNDLING.sourceMap,
  mainFields: FUNCTION_BUNDLING.mainFields,
  banner: { js: FUNCTION_BUNDLING.banner },
} as const;

/** A bundle on disk. */
export interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

/**
 * Bundles `entry` (a file path) or `contents` (module source) to `<outDir>/<name>.mjs`.
 * @example await bundle('ingest-decisions', { entry: 'lambdas/entries/ingest-decisions.ts' }, tmp)
 */
export async function bundle(
  name: string,
  source: { readonly entry: string } | { readonly contents: string; readonly resolveDir: string },
  outDir: string,
  external: readonly string[] = [],
): Promise<Bundle> {
  const file = join(outDir, `${name}.mjs`);
  const result = await build({
    ...CDK_BUNDLING,
    mainFields: [...CDK_BUNDLING.mainFields],
    ...('entry' in source
      ? { entryPoints: [source.entry] }
      : { stdin: { contents: source.contents, resolveDir: source.resolveDir, loader: 'ts' as const } }),
    outfile: file,
    external: [...external],
    metafile: true,
    logLevel: 'error',
  });
  return { name, file, bytes: (await stat(file)).size, metafile: result.metafile };
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; project files → their top two folders. */
function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return input.split('/').slice(0, 2).join('/');
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

/** The folder of an input, relative to node_modules for dependencies (`zod/v4/locales`). */
function folderOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  const path = at < 0 ? input : input.slice(at + 'node_modules/'.length);
  return path.slice(0, Math.max(0, path.lastIndexOf('/'))) || path;
}

/**
 * Bytes in the output per package (`by: 'package'`) or per folder (`by: 'folder'`), the `top`
 * largest first, as `{ name: bytes }`.
 * @example composition(b.metafile, 'package', 3) // { zod: 454107, '@smithy/core': 133714, ... }
 */
export function composition(metafile: Metafile, by: 'package' | 'folder', top = 8): Record<string, number> {
  const key = by === 'package' ? packageOf : folderOf;
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, info] of Object.entries(output.inputs)) {
      totals.set(key(input), (totals.get(key(input)) ?? 0) + info.bytesInOutput);
    }
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).slice(0, top));
}
