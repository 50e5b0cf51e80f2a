/**
 * Modules that exist for the local stack only and stay out of the Lambda bundles: PGlite,
 * node-postgres, and the two adapter modules that import them statically (esbuild would
 * otherwise hoist their `import ... from 'pg'` to the top of the bundle, which then fails to
 * load without the package). `createSqlClient` imports these adapters only when chosen.
 */
export const LOCAL_ONLY_MODULES = [
  '@electric-sql/pglite',
  'pg',
  './pg-client.ts',
  './pglite-client.ts',
] as const;

/** Modules left out of a function's bundle, by handler name (the CDK and the benchmarks agree on them). */
export const EXTERNAL_MODULES: Readonly<Record<string, readonly string[]>> = {
  replica: LOCAL_ONLY_MODULES,
  migrate: LOCAL_ONLY_MODULES,
};

/** esbuild target matching the Lambda runtime, Node.js 24 (`NODE_RUNTIME`). */
export const ESBUILD_TARGET = 'node24';

/** Lets CommonJS dependencies `require` Node's modules inside the ESM bundle. */
export const ESM_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * How every function is bundled: ESM, minified, no source map, the AWS SDK inside (see
 * docs/cold-start.md). The CDK's NodejsFunction takes these (lib/constructs/powertools-function.ts)
 * and the benchmarks pass the same to esbuild (bench/support/bundle.ts), so what is measured is
 * what is deployed.
 */
export const FUNCTION_BUNDLING = {
  format: 'esm',
  target: ESBUILD_TARGET,
  minify: true,
  sourceMap: false,
  mainFields: ['module', 'main'],
  banner: ESM_BANNER,
  bundleAwsSDK: true,
} as const;
