/**
 * `promtool` (Debian package `prometheus`) for rule tests. Missing binary: the tests are
 * skipped with the reason in their name, or fail when `REQUIRE_PROMETHEUS` is set (CI), as
 * `describeWithPrometheus` does for the server.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeWithBinary, type ServerBinary } from '../../support/server-process.ts';

/** The promtool binary: `PROMTOOL_BIN` or the Debian package's path. */
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

const binary: ServerBinary = { bin: PROMTOOL_BIN, debianPackage: 'prometheus', envVar: 'PROMTOOL_BIN' };

/** `describe` that runs only when promtool is installed. */
export const describeWithPromtool = (name: string, body: () => void): void =>
  describeWithBinary(binary, name, body);

/** What a promtool run printed, and its exit code. */
export interface PromtoolResult {
  readonly code: number;
  readonly output: string;
}

/**
 * Runs promtool with `args` in `cwd`; a non-zero exit is returned, not thrown.
 * @example await promtool(['check', 'rules', 'dashboards/rules/aiops-rules.yml'], root)
 */
export async function promtool(args: readonly string[], cwd: string): Promise<PromtoolResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(PROMTOOL_BIN, [...args], { cwd, timeout: 120_000 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (e) {
    const error = e as { code?: number; stdout?: string; stderr?: string; message: string };
    if (typeof error.code !== 'number') throw e;
    return { code: error.code, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}
