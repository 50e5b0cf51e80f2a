/**
 * Writes one stream batch's replica changes so that a row PostgreSQL refuses fails alone:
 * multi-row statements first (the common case, one round trip per table), and only when the
 * database refuses one for a row's data, each row on its own statement, naming the rows it
 * refuses. Any other failure (a lost connection, the database down) is thrown: the batch is
 * retried whole, and every statement is idempotent.
 */

import type { RecordFailure } from '#streams/record-failure';
import type { HeartbeatRow } from './heartbeat-row.ts';
import type { ReplicaChange } from './replica-changes.ts';
import type { ReplicaRow } from './replica-row.ts';
import { insertHeartbeats, upsertDecisions } from './replica-writer.ts';
import type { SqlClient } from './sql-client.ts';
import { dataFailure, isRowDataError } from './sql-errors.ts';

/** What one batch wrote. */
export interface ReplicaBatchResult {
  /** Decision rows inserted or replaced by a higher version. */
  readonly written: number;
  /** Decision rows the table already held at that version or a newer one. */
  readonly unchanged: number;
  /** Heartbeats inserted. */
  readonly inserted: number;
  /** Heartbeats already there. */
  readonly duplicates: number;
  /** Heartbeats now in the table (for the Timestream copy). */
  readonly heartbeats: readonly HeartbeatRow[];
  /** The changes whose row the database refused, by their position in `changes`. */
  readonly refused: readonly { readonly index: number; readonly failure: RecordFailure }[];
}

interface Pending<R> {
  readonly index: number;
  readonly row: R;
}

/** Counts of what a statement did, e.g. `{ written, unchanged }`. */
type Counts<C> = { readonly [K in keyof C]: number };

const add = <C extends Counts<C>>(a: C, b: C): C =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof C] + b[k as keyof C]])) as C;

/** Writes `rows` in one go, or row by row when the database refuses a row's data. */
async function writeIsolating<R, C extends Counts<C>>(
  rows: readonly Pending<R>[],
  write: (rows: readonly R[]) => Promise<C>,
  zero: C,
): Promise<{ counts: C; written: Pending<R>[]; refused: { index: number; failure: RecordFailure }[] }> {
  if (rows.length === 0) return { counts: zero, written: [], refused: [] };
  try {
    return { counts: await write(rows.map((r) => r.row)), written: [...rows], refused: [] };
  } catch (error) {
    if (!isRowDataError(error)) throw error;
  }
  let counts = zero;
  const written: Pending<R>[] = [];
  const refused: { index: number; failure: RecordFailure }[] = [];
  for (const pending of rows) {
    try {
      counts = add(counts, await write([pending.row]));
      written.push(pending);
    } catch (error) {
      if (!isRowDataError(error)) throw error;
      refused.push({ index: pending.index, failure: dataFailure(error) });
    }
  }
  return { counts, written, refused };
}

/**
 * Writes the rows of `changes` (in stream order; `none` changes write nothing): decisions by
 * version-guarded upserts, heartbeats by inserts that ignore repeats.
 * @throws whatever the database throws that is not a row's data error (the batch is then retried)
 * @example
 * const { refused } = await writeReplicaChanges(db, mapped.map((m) => m.value));
 */
export async function writeReplicaChanges(
  db: SqlClient,
  changes: readonly ReplicaChange[],
): Promise<ReplicaBatchResult> {
  const decisions: Pending<ReplicaRow>[] = [];
  const beats: Pending<HeartbeatRow>[] = [];
  changes.forEach((change, index) => {
    if (change.kind === 'decision') decisions.push({ index, row: change.row });
    else if (change.kind === 'heartbeat') beats.push({ index, row: change.row });
  });
  const d = await writeIsolating(decisions, (rows) => upsertDecisions(db, rows), {
    written: 0,
    unchanged: 0,
  });
  const h = await writeIsolating(beats, (rows) => insertHeartbeats(db, rows), { inserted: 0, duplicates: 0 });
  return {
    ...d.counts,
    ...h.counts,
    heartbeats: h.written.map((p) => p.row),
    refused: [...d.refused, ...h.refused].sort((a, b) => a.index - b.index),
  };
}
