/**
 * `amtool` for the test of AMP's alert manager definition (Alertmanager itself starts with
 * `test/support/alertmanager.ts`). Missing binary: skipped with the reason, or failing under `REQUIRE_PROMETHEUS` (CI installs `prometheus-alertmanager`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { alertmanagerBinary } from '../../support/alertmanager.ts';
import { describeWithBinary, type ServerBinary } from '../../support/server-process.ts';

export const AMTOOL_BIN = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';

const amtool: ServerBinary = {
  bin: AMTOOL_BIN,
  debianPackage: 'prometheus-alertmanager',
  envVar: 'AMTOOL_BIN',
};

/** `describe` that runs when Alertmanager and amtool are installed (required under `REQUIRE_PROMETHEUS`). */
export const describeWithAlertmanagerTools = (name: string, body: () => void): void =>
  describeWithBinary([alertmanagerBinary, amtool], name, body);

/** `amtool check-config <file>`: resolves with its output, rejects with it when the config is invalid. */
export async function amtoolCheckConfig(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(AMTOOL_BIN, ['check-config', file]);
  return stdout;
}
