import { execFile } from 'node:child_process';

/** The state of each unit, or `undefined` when systemd cannot be asked here. */
export type ServiceStates = Record<string, 'up' | 'down'> | undefined;

/**
 * The state of systemd units with one `systemctl is-active <unit>...` call: `active` is up,
 * anything else (inactive, failed, activating, unknown) is down. Without `systemctl` (no
 * systemd, a container) or without a running systemd (the command answers nothing usable)
 * the states are unknown (`undefined`) rather than all down, so no false alert follows.
 * @example await serviceStates(['named', 'smbd']) // { named: 'up', smbd: 'down' }
 */
export function serviceStates(units: readonly string[], systemctl = 'systemctl'): Promise<ServiceStates> {
  if (units.length === 0) return Promise.resolve({});
  return new Promise((resolve) => {
    execFile(systemctl, ['is-active', '--', ...units], { timeout: 5000 }, (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(undefined);
      const lines = stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (lines.length !== units.length) return resolve(undefined);
      resolve(Object.fromEntries(units.map((u, i) => [u, lines[i] === 'active' ? 'up' : 'down'])));
    });
  });
}
