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
