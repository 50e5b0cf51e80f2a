/**
 * Times a fresh `node` process importing a bundle, as a Lambda cold start would load it.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { nowMs } from './stats.ts';

/** One cold import: the process's wall time, and the `import()` alone as timed inside it. */
export interface ImportTiming {
  readonly wallMs: number;
  readonly importMs: number;
}

/**
 * Runs `node --input-type=module -e "await import('file:///...')"` and times it from spawn to
 * exit; the child also prints how long the `import()` itself took (on stdout, read here).
 * `env` adds variables (e.g. POWERTOOLS_TRACE_ENABLED=false for a deployment without tracing).
 * @example const { wallMs } = await timeImport('/tmp/bench/reads.mjs');
 */
export function timeImport(file: string, env: Record<string, string> = {}): Promise<ImportTiming> {
  const url = pathToFileURL(file).href;
  const script =
    `const t = performance.now(); await import(${JSON.stringify(url)}); ` +
    'process.stdout.write(String(performance.now() - t));';
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = nowMs() - started;
      if (code !== 0) reject(new Error(`importing ${file} failed (${code}): ${err.slice(-2000)}`));
      else resolve({ wallMs, importMs: Number(out) });
    });
  });
}
