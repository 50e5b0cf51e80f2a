import type { TaskSpec } from './playbook.ts';
import type { Rng } from './random.ts';
import { INFRA_SERVICES, type Scenario, type ScenarioDraw, type ScenarioTarget } from './scenario-types.ts';

/** How each service reloads its configuration without a restart. */
const RELOAD: Readonly<Record<string, string>> = {
  bind9: 'rndc reload',
  postfix: 'postfix reload',
  dovecot: 'doveadm reload',
  smbd: 'smbcontrol smbd reload-config',
};

const appService = (rng: Rng, t: ScenarioTarget): string =>
  rng.pick(t.services.filter((s) => !INFRA_SERVICES.includes(s)));

const isActive = (service: string): TaskSpec => ({
  name: `Check that ${service} is active`,
  module: 'ansible.builtin.command',
  args: `systemctl is-active ${service}`,
  changedWhen: false,
  mutates: false,
  seconds: [0.05, 0.3],
  failures: [`non-zero return code: ${service} is activating`],
});

/** Service lifecycle requests, valid on every appliance. */
export const SERVICE_SCENARIOS: readonly Scenario[] = [
  {
    id: 'service.restart',
    type: 'service',
    roles: ['dns', 'samba', 'mail', 'pki'],
    confusedWith: 'service.reload',
    weight: 3,
    draw(rng, t): ScenarioDraw {
      const service = appService(rng, t);
      return {
        query: rng.pick([
          `restart ${service}`,
          `${service} is hanging, please restart it`,
          `bounce ${service} on ${t.applianceId}`,
        ]),
        intent: { action: 'service.restart', parameters: { service, applianceId: t.applianceId } },
        play: {
          name: `Restart ${service}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Restart ${service}`,
              module: 'ansible.builtin.systemd_service',
              args: { name: service, state: 'restarted' },
              seconds: [0.8, 6],
              failures: [
                `Unable to restart service ${service}: Job for ${service}.service failed because the control process exited with error code.\nSee "systemctl status ${service}.service" and "journalctl -xeu ${service}.service" for details.`,
              ],
            },
            isActive(service),
          ],
        },
      };
    },
  },
  {
    id: 'service.reload',
    type: 'service',
    roles: ['dns', 'samba', 'mail'],
    confusedWith: 'service.restart',
    draw(rng, t): ScenarioDraw {
      const reloadable = t.services.filter((s) => s in RELOAD);
      const service = reloadable.length > 0 ? rng.pick(reloadable) : appService(rng, t);
      const command = RELOAD[service] ?? `systemctl reload ${service}`;
      return {
        query: rng.pick([`reload the ${service} configuration`, `make ${service} pick up the new config`]),
        intent: { action: 'service.reload', parameters: { service } },
        play: {
          name: `Reload ${service}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Reload ${service}`,
              module: 'ansible.builtin.command',
              args: command,
              failures: [
                service === 'bind9'
                  ? "rndc: 'reload' failed: dynamic zone"
                  : `non-zero return code: ${service}: fatal: configuration error, reload refused`,
              ],
            },
            isActive(service),
          ],
        },
      };
    },
  },
  {
    id: 'service.status',
    type: 'service',
    roles: ['dns', 'samba', 'mail', 'pki'],
    confusedWith: 'service.restart',
    draw(rng, t): ScenarioDraw {
      const service = appService(rng, t);
      return {
        query: rng.pick([`is ${service} running?`, `check the status of ${service} on ${t.applianceId}`]),
        intent: { action: 'service.status', parameters: { service } },
        play: {
          name: `Status of ${service}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: 'Gather service facts',
              module: 'ansible.builtin.service_facts',
              args: {},
              mutates: false,
              seconds: [0.5, 2],
            },
            {
              name: `Report ${service}`,
              module: 'ansible.builtin.debug',
              args: { var: `ansible_facts.services['${service}.service'].state` },
              mutates: false,
              seconds: [0.01, 0.05],
            },
          ],
        },
      };
    },
  },
];
