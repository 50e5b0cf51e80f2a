/**
 * `amtool` for the test of AMP's alert manager definition (Alertmanager itself starts with
 * `test/support/alertmanager.ts`). Missing binary: skipped with the reason, or failing under `REQUIRE_PROMETHEUS` (CI installs `prometheus-alertmanager`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe } from 'vitest';
import { ALERTMANAGER_BIN } from '../../support/alertmanager.ts';

export const AMTOOL_BIN = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';

/** `describe` that runs when Alertmanager and amtool are installed (required under `REQUIRE_PROMETHEUS`). */
export function describeWithAlertmanagerTools(name: string, body: () => void): void {
  const missing = [ALERTMANAGER_BIN, AMTOOL_BIN].filter((b) => !existsSync(b));
  if (missing.length > 0 && process.env.REQUIRE_PROMETHEUS) {
    throw new Error(
      `REQUIRE_PROMETHEUS is set but ${missing.join(', ')} missing: apt-get install prometheus-alertmanager`,
    );
  }
  const title = missing.length ? `${name} (skipped: ${missing.join(', ')} missing)` : name;
  describe.skipIf(missing.length > 0)(title, body);
}

/** `amtool check-config <file>`: resolves with its output, rejects with it when the config is invalid. */
export async function amtoolCheckConfig(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(AMTOOL_BIN, ['check-config', file]);
  return stdout;
}
