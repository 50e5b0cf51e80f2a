import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplicaRow } from '#adapters/postgres/replica-row';
import type { SqlClient } from '#adapters/postgres/sql-client';
import type { TrainingFilters } from '#domain/analytics/training-export';
import { queryHash as hashOf } from '#domain/hashing';
import { fileSink } from '../../../lib/analytics/export-sinks.ts';
import { countTrainingExamples, exportTraining } from '../../../lib/analytics/export-training.ts';
import { analyticsRow, seedAnalytics } from '../../support/analytics-rows.ts';
import { openTarget, replicaTargets, type TargetDatabase } from '../adapters/postgres/targets.ts';

const SINCE = '2026-11-20T12:00:00.000Z';
const STATUSES = ['success', 'failed', 'timeout', null] as const;
const RATINGS = [null, 'thumbs_up', 'thumbs_down'] as const;

/** 30 queries, 1 to 3 decisions each, with every combination of the filtered fields. */
function dataset(): ReplicaRow[] {
  const rows: ReplicaRow[] = [];
  for (let g = 0; g < 30; g += 1) {
    for (let r = 0; r <= g % 3; r += 1) {
      rows.push(
        analyticsRow({
          query: `add an A record for h${g}.office.example`,
          customer_id: r === 2 ? 'beta' : 'acme',
          timestamp: new Date(Date.UTC(2026, 10, 20, 10, g * 7 + r)).toISOString(),
          parsed_intent: { action: 'dns.add_record', parameters: { name: `h${g}`, try: r } },
          confidence: (((g * 7 + r * 3) % 10) + 0.5) / 10,
          execution_status: STATUSES[(g + r) % 4] ?? null,
          user_feedback: RATINGS[(g * 2 + r) % 3] ?? null,
          correct_intent:
            (g + 2 * r) % 5 === 0 ? { action: 'dns.delete_record', parameters: { name: `h${g}` } } : null,
          human_verified: (g + r) % 4 === 1,
          is_training_data: (g * r) % 3 === 1,
        }),
      );
    }
  }
  // Identical but for the id: the lowest id must win.
  const twin = {
    query: 'restart samba',
    timestamp: '2026-11-20T13:00:00.000Z',
    user_feedback: 'thumbs_up' as const,
  };
  rows.push(analyticsRow(twin), analyticsRow(twin), analyticsRow(twin));
  return rows;
}

/** What the export must write, worked out in plain code from the rows. */
function expected(rows: readonly ReplicaRow[], f: TrainingFilters): { query: string; intent: unknown }[] {
  const kept = rows.filter(
    (r) =>
      (r.correct_intent !== null || r.user_feedback !== 'thumbs_down') &&
      (f.since === undefined || r.timestamp >= f.since) &&
      (f.minConfidence === undefined || r.confidence >= f.minConfidence) &&
      (!f.humanVerified || r.human_verified) &&
      (!f.thumbsUp || r.user_feedback === 'thumbs_up') &&
      (!f.success || r.execution_status === 'success') &&
      (!f.trainingData || r.is_training_data),
  );
  const rank = (r: ReplicaRow) =>
    [
      r.human_verified ? 0 : 1,
      r.correct_intent ? 0 : 1,
      -Date.parse(r.timestamp),
      r.id,
      r.customer_id,
    ] as const;
  const before = (a: ReplicaRow, b: ReplicaRow) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return (x[i] as never) < (y[i] as never);
    return false;
  };
  const winners = new Map<string, ReplicaRow>();
  for (const r of kept) {
    const w = winners.get(r.query_hash);
    if (!w || before(r, w)) winners.set(r.query_hash, r);
  }
  return [...winners.values()]
    .sort((a, b) => (a.query_hash < b.query_hash ? -1 : 1))
    .map((r) => ({ query: r.query, intent: r.correct_intent ?? r.parsed_intent }));
}

/** A writable that keeps what it gets. */
function memory(): Writable & { text(): string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

const parse = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });

const COMBINATIONS: TrainingFilters[] = [];
for (let bits = 0; bits < 64; bits += 1) {
  COMBINATIONS.push({
    ...(bits & 1 ? { humanVerified: true } : {}),
    ...(bits & 2 ? { thumbsUp: true } : {}),
    ...(bits & 4 ? { success: true } : {}),
    ...(bits & 8 ? { trainingData: true } : {}),
    ...(bits & 16 ? { minConfidence: 0.55 } : {}),
    ...(bits & 32 ? { since: SINCE } : {}),
  });
}

describe.each(replicaTargets())('training export on %s', (target) => {
  let db: TargetDatabase;
  const rows = dataset();
  beforeAll(async () => {
    db = await openTarget(target);
    await seedAnalytics(db.client, rows);
  });
  afterAll(() => db?.close());

  it('writes the chat format, one parseable line per query, the correction winning', async () => {
    // Prepare
    const out = memory();
    // Act
    const result = await exportTraining(db.client, out, { systemPrompt: 'be an intent parser', pageSize: 7 });
    // Assess
    const lines = parse(out.text());
    const want = expected(rows, {});
    expect(result.examples).toBe(want.length);
    expect(result.pages).toBe(Math.ceil(want.length / 7));
    expect(lines.map((l) => l.messages.map((m) => m.role))).toEqual(
      want.map(() => ['system', 'user', 'assistant']),
    );
    expect(lines.map((l) => l.messages[0]?.content)).toEqual(want.map(() => 'be an intent parser'));
    expect(
      lines.map((l) => ({ query: l.messages[1]?.content, intent: JSON.parse(l.messages[2]?.content ?? '') })),
    ).toEqual(want);
    expect(lines.some((l) => l.messages[2]?.content.includes('dns.delete_record'))).toBe(true);
    expect(new Set(lines.map((l) => hashOf(l.messages[1]?.content ?? ''))).size).toBe(lines.length);
  });

  it('writes exactly the examples each of the 64 filter combinations selects', async () => {
    for (const filters of COMBINATIONS) {
      // Act
      const out = memory();
      const { examples } = await exportTraining(db.client, out, { filters, pageSize: 5 });
      const total = await countTrainingExamples(db.client, filters);
      // Assess
      const want = expected(rows, filters);
      const got = parse(out.text()).map((l) => ({
        query: l.messages[1]?.content,
        intent: JSON.parse(l.messages[2]?.content ?? ''),
      }));
      expect(got, JSON.stringify(filters)).toEqual(want);
      expect(examples, JSON.stringify(filters)).toBe(want.length);
      expect(total, JSON.stringify(filters)).toBe(want.length);
    }
    expect(expected(rows, COMBINATIONS[63] as TrainingFilters).length).toBeLessThan(
      expected(rows, {}).length,
    );
  });

  it('picks the same row of a query every time: the lowest id among equals', async () => {
    // Prepare
    const twins = rows
      .filter((r) => r.query === 'restart samba')
      .map((r) => r.id)
      .sort();
    await db.client.query(
      'UPDATE ai_decisions SET correct_intent = jsonb_build_object($1::text, id::text) WHERE id = ANY($2::uuid[])',
      ['action', twins],
    );
    // Act
    const out = memory();
    await exportTraining(db.client, out, { filters: { thumbsUp: true } });
    await db.client.query('UPDATE ai_decisions SET correct_intent = NULL WHERE id = ANY($1::uuid[])', [
      twins,
    ]);
    // Assess
    const line = parse(out.text()).find((l) => l.messages[1]?.content === 'restart samba');
    expect(JSON.parse(line?.messages[2]?.content ?? '').action).toBe(twins[0]);
  });
});

/**
 * The Data API's 1 MiB response limit, which only the real service has: the statement runs
 * (the cursor moves, as on Aurora) and then the answer is refused when a FETCH asks for more
 * than `max` rows.
 */
function refusingLargePages(db: SqlClient, max: number): SqlClient & { fetches: number[] } {
  const fetches: number[] = [];
  const wrap = (tx: SqlClient): SqlClient => ({
    query: async (text, params) => {
      const result = await tx.query(text, params);
      const n = /^FETCH (\d+)/.exec(text)?.[1];
      if (n) fetches.push(Number(n));
      if (n && Number(n) > max)
        throw new Error('Database returned more than the allowed response size limit');
      return result as never;
    },
    transaction: (fn) => tx.transaction((inner) => fn(wrap(inner))),
    close: () => tx.close(),
  });
  return Object.assign(wrap(db), { fetches });
}

describe('training export through the Data API limit', () => {
  it('moves back and fetches a refused page again in halves, losing and repeating nothing', async () => {
    // Prepare
    const db = await openTarget('pglite');
    const rows = dataset();
    await seedAnalytics(db.client, rows);
    const limited = refusingLargePages(db.client, 3);
    const out = memory();
    // Act
    const result = await exportTraining(limited, out, { pageSize: 10, shrinkPages: true });
    // Assess
    const got = parse(out.text()).map((l) => ({
      query: l.messages[1]?.content,
      intent: JSON.parse(l.messages[2]?.content ?? ''),
    }));
    expect(got).toEqual(expected(rows, {}));
    expect(result.examples).toBe(got.length);
    expect(limited.fetches.slice(0, 3)).toEqual([10, 5, 2]);
    expect(new Set(limited.fetches.slice(3))).toEqual(new Set([2]));
    await db.close();
  });
});

describe('training export to a file', () => {
  it('appears under its name only when complete', async () => {
    // Prepare
    const db = await openTarget('pglite');
    await seedAnalytics(db.client, dataset());
    const dir = await mkdtemp(join(tmpdir(), 'aiops-export-'));
    const done = fileSink(join(dir, 'train.jsonl'));
    const failed = fileSink(join(dir, 'failed.jsonl'));
    // Act
    await exportTraining(db.client, done.stream);
    const path = await done.finish();
    failed.stream.write('{"partial": true}\n');
    await failed.abort();
    // Assess
    expect(path).toBe(join(dir, 'train.jsonl'));
    expect(await readdir(dir)).toEqual(['train.jsonl']);
    expect(parse(await readFile(path, 'utf8'))).toHaveLength(expected(dataset(), {}).length);
    await db.close();
  });
});
