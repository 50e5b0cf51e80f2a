/**
 * Keeps stdout for the final report: while diverted, anything written to stdout (a stray
 * log line, EMF metrics) goes to stderr instead, so `--json` prints one JSON object only.
 */

/**
 * Sends `process.stdout.write` to stderr until the returned function is called.
 * @example const restore = divertStdout(); try { await work(); } finally { restore(); }
 */
export function divertStdout(): () => void {
  const original = process.stdout.write;
  process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) =>
    process.stderr.write(...args)) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}
