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
  /**
   * CPU time (user + system) of the whole process up to the end of the import: unlike wall
   * time, it barely moves when other processes load the machine.
   */
  readonly cpuMs: number;
}

/**
 * Runs `node --input-type=module -e "await import('file:///...')"` and times it from spawn to
 * exit; the child also prints how long the `import()` itself took and the CPU time it used
 * (on stdout, read here).
 * `env` adds variables (e.g. POWERTOOLS_TRACE_ENABLED=false for a deployment without tracing).
 * @example const { wallMs } = await timeImport('/tmp/bench/reads.mjs');
 */
export function timeImport(file: string, env: Record<string, string> = {}): Promise<ImportTiming> {
  const url = pathToFileURL(file).href;
  const script =
    `const t = performance.now(); await import(${JSON.stringify(url)}); ` +
    'const u = process.cpuUsage(); ' +
    "process.stdout.write(String(performance.now() - t) + ' ' + String((u.user + u.system) / 1000));";
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
      else {
        const [importMs, cpuMs] = out.split(' ').map(Number);
        resolve({ wallMs, importMs: importMs ?? Number.NaN, cpuMs: cpuMs ?? Number.NaN });
      }
    });
  });
}
