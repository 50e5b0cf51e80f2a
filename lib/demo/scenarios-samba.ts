import { NAMES } from './names.ts';
import type { TaskSpec } from './playbook.ts';
import type { Scenario, ScenarioDraw } from './scenario-types.ts';

const TESTPARM: TaskSpec = {
  name: 'Check smb.conf',
  module: 'ansible.builtin.command',
  args: 'testparm -s --suppress-prompt',
  changedWhen: false,
  mutates: false,
  seconds: [0.3, 1.5],
  failures: ['Error loading services. Unknown parameter encountered: "read only ="'],
};

const RELOAD_SMBD: TaskSpec = {
  name: 'Reload smbd',
  module: 'ansible.builtin.systemd_service',
  args: { name: 'smbd', state: 'reloaded' },
  when: 'share_conf is changed',
  seconds: [0.3, 2],
  failures: [
    'Unable to reload service smbd: Job for smbd.service failed because the control process exited.',
  ],
};

/** File-sharing requests for the Samba appliances. */
export const SAMBA_SCENARIOS: readonly Scenario[] = [
  {
    id: 'samba.create_share',
    type: 'samba',
    roles: ['samba'],
    confusedWith: 'samba.update_share',
    weight: 2,
    draw(rng, t): ScenarioDraw {
      const share = rng.pick(NAMES.shares);
      const group = rng.pick(NAMES.groups);
      const writable = rng.chance(0.4);
      const path = `/srv/samba/${share}`;
      const access = writable ? 'writable' : 'readable';
      return {
        query: rng.pick([
          `create a Samba share '${share}' ${access} by group ${group}`,
          `new share ${share} for the ${group} team, ${writable ? 'read-write' : 'read-only'}`,
        ]),
        intent: { action: 'samba.create_share', parameters: { share, path, groups: [group], writable } },
        play: {
          name: `Create share ${share}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Create ${path}`,
              module: 'ansible.builtin.file',
              args: { path, state: 'directory', owner: 'root', group, mode: writable ? '2770' : '2750' },
              failures: [`chgrp failed: failed to look up group ${group}`],
            },
            {
              name: `Declare [${share}] in smb.conf`,
              module: 'ansible.builtin.blockinfile',
              args: {
                path: '/etc/samba/smb.conf',
                marker: `# {mark} ANSIBLE MANAGED SHARE ${share}`,
                block: `[${share}]\n   path = ${path}\n   valid users = @${group}\n   read only = ${writable ? 'no' : 'yes'}\n   browseable = yes\n`,
              },
              register: 'share_conf',
            },
            TESTPARM,
            RELOAD_SMBD,
          ],
        },
      };
    },
  },
  {
    id: 'samba.add_group_member',
    type: 'samba',
    roles: ['samba'],
    confusedWith: 'samba.create_user',
    draw(rng, t): ScenarioDraw {
      const user = rng.pick(NAMES.users);
      const group = rng.pick(NAMES.groups);
      return {
        query: rng.pick([
          `add ${user} to the samba group ${group}`,
          `${user} needs access to the ${group} shares`,
        ]),
        intent: { action: 'samba.add_group_member', parameters: { user, group } },
        play: {
          name: `Add ${user} to ${group}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Add ${user} to group ${group}`,
              module: 'ansible.builtin.user',
              args: { name: user, groups: [group], append: true },
              failures: [`Group ${group} does not exist`, `usermod: user '${user}' does not exist`],
            },
          ],
        },
      };
    },
  },
  {
    id: 'samba.set_password',
    type: 'samba',
    roles: ['samba'],
    confusedWith: 'samba.create_user',
    draw(rng, t): ScenarioDraw {
      const user = rng.pick(NAMES.users);
      const password = rng.pick(NAMES.passwords);
      return {
        query: rng.pick([
          `reset ${user}'s samba password to ${password}`,
          `samba: set password=${password} for user ${user}`,
          `${user} is locked out, please change the samba password to ${password}`,
        ]),
        intent: { action: 'samba.set_password', parameters: { user, password } },
        secret: true,
        play: {
          name: `Set the Samba password of ${user}`,
          hosts: t.applianceId,
          vars: { samba_user: user, samba_password: password },
          tasks: [
            {
              name: `Set the Samba password of ${user}`,
              module: 'ansible.builtin.shell',
              args: 'set -o pipefail && printf \'%s\\n%s\\n\' "{{ samba_password }}" "{{ samba_password }}" | smbpasswd -s -a {{ samba_user }}',
              noLog: true,
              failures: [
                "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
              ],
            },
            {
              name: `Enable the account of ${user}`,
              module: 'ansible.builtin.command',
              args: 'smbpasswd -e {{ samba_user }}',
            },
          ],
        },
      };
    },
  },
  {
    id: 'samba.disable_user',
    type: 'samba',
    roles: ['samba'],
    confusedWith: 'samba.delete_user',
    draw(rng, t): ScenarioDraw {
      const user = rng.pick(NAMES.users);
      return {
        query: rng.pick([
          `disable the samba account of ${user}, they left the company`,
          `lock ${user} out of the file server`,
        ]),
        intent: { action: 'samba.disable_user', parameters: { user } },
        play: {
          name: `Disable Samba account ${user}`,
          hosts: t.applianceId,
          tasks: [
            {
              name: `Disable ${user}`,
              module: 'ansible.builtin.command',
              args: `smbpasswd -d ${user}`,
              failures: [`Failed to find entry for user ${user}.`],
            },
            {
              name: `Confirm ${user} is disabled`,
              module: 'ansible.builtin.command',
              args: `pdbedit -v -u ${user}`,
              register: 'pdb',
              changedWhen: false,
              failedWhen: "'D' not in pdb.stdout",
              mutates: false,
            },
          ],
        },
      };
    },
  },
];
