/**
 * Settings for handlers run by the CLI rather than by Lambda: no EMF metrics on stdout, no
 * X-Ray, warnings only (set POWERTOOLS_LOG_LEVEL=INFO to see one line per request).
 * Applied before any handler module loads, since Powertools reads them at load time.
 */
export function applyCliEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  env.POWERTOOLS_TRACE_ENABLED ??= 'false';
}
