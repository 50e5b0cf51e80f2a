import type { ExecutionOutcome, TaskResult } from './execution.ts';
import type { PlaySpec } from './playbook.ts';
import type { Rng } from './random.ts';

const WIDTH = 80;
const header = (text: string): string => `${text} ${'*'.repeat(Math.max(3, WIDTH - text.length - 1))}`;

const VERBS: Readonly<Record<TaskResult['status'], string>> = {
  ok: 'ok',
  changed: 'changed',
  skipped: 'skipping',
  failed: 'fatal',
  unreachable: 'fatal',
};

/** What a run printed, as the output renderer needs it. */
export interface RunTranscript {
  readonly play: PlaySpec;
  readonly host: string;
  readonly tasks: readonly TaskResult[];
  readonly status: ExecutionOutcome;
  /** The failing task's `msg`, or the agent's timeout message. */
  readonly message?: string;
  /** Adds a long stderr dump to the failure, as a real module failure often does. @default false */
  readonly verbose?: boolean;
}

/**
 * Renders what `ansible-playbook` prints for a run: the play and task banners, one line per
 * task, the fatal result and the recap (where, as in Ansible, `ok` includes the changed tasks).
 * @example renderAnsibleOutput(rng, { play, host: 'appl-dns-01', tasks, status: 'success' }).includes('PLAY RECAP') // true
 */
export function renderAnsibleOutput(rng: Rng, run: RunTranscript): string {
  const { play, host, tasks, status, message = '' } = run;
  const lines = [header(`PLAY [${play.name}]`), ''];
  for (const t of tasks) {
    lines.push(header(`TASK [${t.name}]`));
    if (t.status === 'failed' || t.status === 'unreachable') {
      const kind = t.status === 'unreachable' ? 'UNREACHABLE!' : 'FAILED!';
      const detail: Record<string, unknown> = { changed: false, msg: message };
      if (t.status === 'unreachable') detail.unreachable = true;
      if (run.verbose) detail.stderr_lines = journal(rng, host, 60);
      lines.push(`${VERBS[t.status]}: [${host}]: ${kind} => ${JSON.stringify(detail)}`, '');
    } else lines.push(`${VERBS[t.status]}: [${host}]`, '');
  }
  if (status === 'timeout') {
    const next = play.tasks[tasks.length];
    if (next) lines.push(header(`TASK [${next.name}]`));
    lines.push(`[ERROR]: ${message}`, '');
    return `${lines.join('\n')}\n`;
  }
  const n = (s: TaskResult['status']) => tasks.filter((t) => t.status === s).length;
  const ok = n('ok') + n('changed');
  lines.push(
    header('PLAY RECAP'),
    `${host.padEnd(26)} : ok=${ok}    changed=${n('changed')}    unreachable=${n('unreachable')}    failed=${n('failed')}    skipped=${n('skipped')}    rescued=0    ignored=0`,
  );
  return `${lines.join('\n')}\n`;
}

/** Journal lines a failing unit leaves behind, for the verbose failures. */
function journal(rng: Rng, host: string, count: number): string[] {
  const start = rng.int(1000, 60_000);
  return Array.from({ length: count }, (_, i) => {
    const pid = start + i;
    return rng.pick([
      `${host} systemd[1]: Starting service (pid ${pid})...`,
      `${host} kernel: audit: type=1400 apparmor="DENIED" operation="open" profile="named" name="/etc/bind/zones/" pid=${pid}`,
      `${host} postfix/master[${pid}]: fatal: bind 0.0.0.0 port 25: Address already in use`,
      `${host} dovecot[${pid}]: master: Error: service(imap-login): listen(*, 993) failed: Address already in use`,
      `${host} smbd[${pid}]: [2026/11/21 10:15:02.123456,  0] ../../source3/smbd/server.c:1741(main) standard input is not a socket, assuming -D option`,
    ]);
  });
}
