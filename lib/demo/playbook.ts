import { createHash } from 'node:crypto';
import type * as z from 'zod';
import type { playbookSchema } from '#contract/decision';
import { toYaml, type YamlValue } from './yaml.ts';

/** The playbook families the demo generates. */
export const PLAYBOOK_TYPES = ['dns', 'samba', 'mail', 'pki', 'service'] as const;
export type PlaybookType = (typeof PLAYBOOK_TYPES)[number];

/** One task of a generated play, with what the simulated run needs to know about it. */
export interface TaskSpec {
  readonly name: string;
  /** Fully qualified module name, e.g. `community.general.nsupdate`. */
  readonly module: string;
  readonly args: { readonly [key: string]: YamlValue } | string;
  readonly register?: string;
  readonly when?: string;
  readonly noLog?: boolean;
  readonly changedWhen?: string | boolean;
  readonly failedWhen?: string;
  /** Whether running the task changes the host (a check or a read does not). @default true */
  readonly mutates?: boolean;
  /** How long the task usually takes, in seconds. @default [0.3, 2.5] */
  readonly seconds?: readonly [number, number];
  /** What Ansible reports (`msg`) when this task fails. @default a generic module failure */
  readonly failures?: readonly string[];
}

/** One play against one appliance. */
export interface PlaySpec {
  readonly name: string;
  readonly hosts: string;
  readonly vars?: { readonly [key: string]: YamlValue };
  readonly tasks: readonly TaskSpec[];
}

/** The playbook as the contract carries it. */
export type Playbook = z.input<typeof playbookSchema>;

/**
 * Renders a play as playbook YAML (privilege escalation on, no fact gathering, so the run
 * reports exactly one result per task) and computes its SHA-256 and task count.
 * @example
 * const pb = buildPlaybook('service', { name: 'Restart dovecot', hosts: 'appl-mail-01',
 *   tasks: [{ name: 'Restart dovecot', module: 'ansible.builtin.systemd_service', args: { name: 'dovecot', state: 'restarted' } }] });
 * pb.tasksCount; // 1
 */
export function buildPlaybook(type: PlaybookType, play: PlaySpec): Playbook {
  const yaml = toYaml([
    {
      name: play.name,
      hosts: play.hosts,
      become: true,
      gather_facts: false,
      ...(play.vars ? { vars: play.vars } : {}),
      tasks: play.tasks.map(taskYaml),
    },
  ]);
  return { type, yaml, sha256: sha256Hex(yaml), tasksCount: play.tasks.length };
}

function taskYaml(task: TaskSpec): YamlValue {
  return {
    name: task.name,
    [task.module]: task.args,
    ...(task.register ? { register: task.register } : {}),
    ...(task.changedWhen !== undefined ? { changed_when: task.changedWhen } : {}),
    ...(task.failedWhen ? { failed_when: task.failedWhen } : {}),
    ...(task.when ? { when: task.when } : {}),
    ...(task.noLog ? { no_log: true } : {}),
  };
}

/** Lower-case hex SHA-256 of a UTF-8 string. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
