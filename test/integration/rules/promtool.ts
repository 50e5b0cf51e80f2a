/**
 * `promtool` (Debian package `prometheus`) for rule tests. Missing binary: the tests are
 * skipped with the reason in their name, or fail when `REQUIRE_PROMETHEUS` is set (CI), as
 * `describeWithPrometheus` does for the server.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe } from 'vitest';

/** The promtool binary: `PROMTOOL_BIN` or the Debian package's path. */
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

/** Whether promtool is there; throws when it is not and `REQUIRE_PROMETHEUS` is set. */
export function promtoolAvailable(): boolean {
  if (existsSync(PROMTOOL_BIN)) return true;
  if (process.env.REQUIRE_PROMETHEUS) {
    throw new Error(
      `REQUIRE_PROMETHEUS is set but ${PROMTOOL_BIN} does not exist: apt-get install prometheus (or set PROMTOOL_BIN)`,
    );
  }
  return false;
}

/** `describe` that runs only when promtool is installed. */
export function describeWithPromtool(name: string, body: () => void): void {
  const available = promtoolAvailable();
  const title = available ? name : `${name} (skipped: ${PROMTOOL_BIN} missing, apt-get install prometheus)`;
  describe.skipIf(!available)(title, body);
}

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
