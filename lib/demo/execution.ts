import type * as z from 'zod';
import type { executionSchema, TASK_STATUSES } from '#contract/execution';
import { renderAnsibleOutput } from './ansible-output.ts';
import type { PlaySpec, TaskSpec } from './playbook.ts';
import { type Rng, round } from './random.ts';

/** An execution result as the contract carries it. */
export type ExecutionPayload = z.input<typeof executionSchema>;
export type ExecutionOutcome = ExecutionPayload['status'];
type TaskStatus = (typeof TASK_STATUSES)[number];
/** One task's result as the run reports it. */
export interface TaskResult {
  readonly name: string;
  readonly status: TaskStatus;
  readonly durationSeconds: number;
}

/** The agent kills a run that takes longer than this. */
export const RUN_TIMEOUT_SECONDS = 120;
/** The agent cuts the output it reports to this many characters (keeping the end). */
export const AGENT_OUTPUT_LIMIT = 4_000;

/** Where and when the play runs. */
export interface RunContext {
  readonly applianceId: string;
  readonly startedAt: Date;
  /** False while the appliance is offline: the run fails as unreachable. @default true */
  readonly reachable?: boolean;
}

/** Draws an outcome: success about 85 %, failed 10 %, timeout 5 %. */
export const drawOutcome = (rng: Rng): ExecutionOutcome =>
  rng.weighted([
    ['success', 85],
    ['failed', 10],
    ['timeout', 5],
  ]);

/**
 * Simulates an Ansible run of a play: per-task results (command tasks always report
 * changed, `when: x is changed` tasks are skipped when `x` changed nothing), realistic
 * failures (module errors, unreachable host, privilege escalation), a stop at the first
 * failure, a kill at {@link RUN_TIMEOUT_SECONDS}, the recap counts and the console output.
 * @example
 * const run = simulateRun(rng, play, { applianceId: 'appl-dns-01', startedAt: new Date() });
 * run.taskCounts.failed; // 0 on success
 */
export function simulateRun(
  rng: Rng,
  play: PlaySpec,
  ctx: RunContext,
  outcome: ExecutionOutcome = drawOutcome(rng),
): ExecutionPayload {
  const reachable = ctx.reachable ?? true;
  const status: ExecutionOutcome = reachable ? outcome : 'failed';
  const tasks: TaskResult[] = [];
  const registered = new Map<string, TaskStatus>();
  const failure = status === 'failed' ? drawFailure(rng, reachable) : undefined;
  const stopAt = stopIndex(rng, play.tasks, status, failure);
  const errors: string[] = [];
  let message: string | undefined;
  for (const [i, task] of play.tasks.entries()) {
    if (i === stopAt && failure) {
      message = failure === 'task' ? rng.pick(task.failures ?? GENERIC) : failureText(failure, ctx);
      const taskStatus = failure === 'unreachable' ? 'unreachable' : 'failed';
      const seconds = failure === 'task' ? rng.float(0.1, 3, 2) : rng.float(10, 12.5, 2);
      tasks.push({ name: task.name, status: taskStatus, durationSeconds: seconds });
      errors.push(`${task.name}: ${message}`);
      break;
    }
    if (i === stopAt) {
      message = `playbook timed out after ${RUN_TIMEOUT_SECONDS} s while running task '${task.name}'`;
      errors.push(message);
      break;
    }
    const result = runTask(rng, task, registered);
    tasks.push(result);
    if (task.register) registered.set(task.register, result.status);
  }
  const taskCounts = countTasks(tasks);
  const busy = tasks.reduce((s, t) => s + t.durationSeconds, 0);
  const durationSeconds =
    status === 'timeout' ? RUN_TIMEOUT_SECONDS : round(busy + rng.float(0.8, 2.5) + 0.2 * tasks.length, 2);
  const verbose = status === 'failed' && failure === 'task' && rng.chance(0.2);
  const full = renderAnsibleOutput(rng, { play, host: ctx.applianceId, tasks, status, message, verbose });
  const truncated = full.length > AGENT_OUTPUT_LIMIT;
  return {
    schemaVersion: 1,
    status,
    startedAt: ctx.startedAt.toISOString(),
    durationSeconds,
    changed: taskCounts.changed > 0,
    taskCounts,
    tasks,
    ...(errors.length > 0 ? { errors } : {}),
    output: truncated ? full.slice(-AGENT_OUTPUT_LIMIT) : full,
    ...(truncated ? { outputTruncated: true } : {}),
  };
}

/** Per-status counts: each task counts once, under its own status. */
export function countTasks(tasks: readonly Pick<TaskResult, 'status'>[]): ExecutionPayload['taskCounts'] {
  const counts = { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0 };
  for (const t of tasks) counts[t.status]++;
  return counts;
}

const GENERIC = ['MODULE FAILURE\nSee stdout/stderr for the exact error'];
const DEFAULT_SECONDS: readonly [number, number] = [0.3, 2.5];

type Failure = 'task' | 'unreachable' | 'become';

function drawFailure(rng: Rng, reachable: boolean): Failure {
  if (!reachable) return 'unreachable';
  return rng.weighted<Failure>([
    ['task', 75],
    ['unreachable', 15],
    ['become', 10],
  ]);
}

/**
 * Where the run stops: never on success; at the first task when the host cannot be reached
 * or escalation fails; at a task that can fail for a module failure; at one of the slowest
 * tasks for a timeout.
 */
function stopIndex(
  rng: Rng,
  tasks: readonly TaskSpec[],
  status: ExecutionOutcome,
  failure?: Failure,
): number {
  if (status === 'success') return tasks.length;
  if (failure && failure !== 'task') return 0;
  const indices = [...tasks.keys()];
  if (failure === 'task') {
    const fallible = indices.filter((i) => tasks[i]?.failures);
    return rng.pick(fallible.length > 0 ? fallible : indices);
  }
  const slowest = Math.max(...tasks.map((t) => t.seconds?.[1] ?? DEFAULT_SECONDS[1]));
  return rng.pick(indices.filter((i) => (tasks[i]?.seconds?.[1] ?? DEFAULT_SECONDS[1]) === slowest));
}

function failureText(failure: Exclude<Failure, 'task'>, ctx: RunContext): string {
  if (failure === 'become') return 'Timeout (12s) waiting for privilege escalation prompt: ';
  return `Failed to connect to the host via ssh: ssh: connect to host ${ctx.applianceId} port 22: Connection timed out`;
}

function runTask(rng: Rng, task: TaskSpec, registered: ReadonlyMap<string, TaskStatus>): TaskResult {
  const [min, max] = task.seconds ?? DEFAULT_SECONDS;
  const guard = task.when?.match(/^(\w+) is changed$/)?.[1];
  if (guard && registered.get(guard) !== 'changed') {
    return { name: task.name, status: 'skipped', durationSeconds: rng.float(0.005, 0.03) };
  }
  const command = /\.(command|shell)$/.test(task.module);
  const changes =
    task.changedWhen === false || task.mutates === false
      ? false
      : task.changedWhen === true || (command && task.changedWhen === undefined) || rng.chance(0.88);
  return { name: task.name, status: changes ? 'changed' : 'ok', durationSeconds: rng.float(min, max, 2) };
}
