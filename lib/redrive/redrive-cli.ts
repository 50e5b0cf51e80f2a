/**
 * `aiops-obs redrive`: what the command does once its flags are parsed.
 */
import type { Writable } from 'node:stream';
import { type LocalState, readLocalState } from '../cli/local-state.ts';
import type { MessageOutcome, QueueCounts } from './redrive.ts';
import { redrive } from './redrive.ts';
import {
  type AwsClients,
  type AwsSourceOptions,
  awsSource,
  localSource,
  type RedriveSource,
} from './redrive-sources.ts';

/** The flags of `aiops-obs redrive`. */
export interface RedriveCommandOptions extends AwsSourceOptions {
  /** List what would be replayed; change nothing. */
  readonly dryRun?: boolean;
  /** The running local stack's dead letters (the default when no AWS queues are named). */
  readonly local?: boolean;
}

/** What the command reads besides its flags (tests give their own). */
export interface RedriveCommandContext {
  readonly out?: Writable;
  readonly env?: NodeJS.ProcessEnv;
  readonly localState?: () => Promise<LocalState | undefined>;
  readonly awsClients?: AwsClients;
}

/**
 * Replays the dead letters of the local stack or of AWS, prints each message's outcome and the
 * counts per queue (replayed, still failing, left).
 * @returns the counts, per queue
 * @throws Error when no source can be found or opened
 * @example const counts = await runRedriveCommand({ dryRun: true });
 */
export async function runRedriveCommand(
  options: RedriveCommandOptions,
  context: RedriveCommandContext = {},
): Promise<QueueCounts[]> {
  const out = context.out ?? process.stdout;
  const env = context.env ?? process.env;
  const aws = !options.local && Boolean(options.queues ?? env.DEAD_LETTER_QUEUES);
  const source: RedriveSource = aws
    ? await awsSource(options, env, context.awsClients)
    : await localSource(await (context.localState ?? readLocalState)(), options, env);
  try {
    out.write(`${options.dryRun ? 'dry run, nothing is replayed or deleted: ' : ''}${source.description}\n`);
    for (const { queue, reason } of source.skipped) out.write(`  skipped        ${queue}: ${reason}\n`);
    const counts = await redrive({
      ...source,
      ...(options.dryRun ? { dryRun: true } : {}),
      onMessage: (m) => out.write(messageLine(m)),
    });
    out.write(countsTable(counts, options.dryRun === true));
    return counts;
  } finally {
    await source.close();
  }
}

/**
 * One message, as a line (two when it still fails).
 * @example messageLine({ queue: 'replica-records', id, description, outcome: 'replayed' }) // '  replayed       replica-records  replica: INSERT …\n'
 */
export function messageLine(m: MessageOutcome): string {
  const set = m.setAside ? ` (${m.setAside} record(s) refused again, now in its record queue)` : '';
  const why = !m.reason
    ? ''
    : m.description.endsWith(m.reason)
      ? '\n                 and fails the same way again'
      : `\n                 because ${m.reason}`;
  return `  ${m.outcome.padEnd(14)} ${m.queue}  ${m.description}${set}${why}\n`;
}

/**
 * The counts per queue and in all, as a table.
 * @example countsTable([{ queue: 'replica-records', found: 2, replayed: 1, stillFailing: 1, left: 1 }], false)
 * // 'queue            replayed  still failing  left\nreplica-records         1              1     1\ntotal …'
 */
export function countsTable(counts: readonly QueueCounts[], dryRun: boolean): string {
  const total = counts.reduce(
    (t, c) => ({
      queue: 'total',
      found: t.found + c.found,
      replayed: t.replayed + c.replayed,
      stillFailing: t.stillFailing + c.stillFailing,
      left: t.left + c.left,
    }),
    { queue: 'total', found: 0, replayed: 0, stillFailing: 0, left: 0 },
  );
  const header = dryRun ? ['queue', 'would replay', 'left'] : ['queue', 'replayed', 'still failing', 'left'];
  const rows = [...counts, total].map((c) =>
    dryRun
      ? [c.queue, String(c.found), String(c.left)]
      : [c.queue, String(c.replayed), String(c.stillFailing), String(c.left)],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
