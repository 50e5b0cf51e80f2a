import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricAggregates, type RecordIncrements } from '#adapters/metric-aggregates';
import { freshTables } from '../../support/dynamodb.ts';

let db: DynamoDBDocumentClient;
let table: string;
beforeAll(async () => {
  const { client, tables } = await freshTables();
  db = DynamoDBDocumentClient.from(client);
  table = tables.metrics;
});

const ok = (action: string) => `aiops_requests_total{action="${action}",status="success"}`;
const rec = (seq: number, entries: [string, number][]): RecordIncrements => ({
  sequenceNumber: String(seq).padStart(21, '0'),
  increments: new Map(entries),
});

describe('MetricAggregates on DynamoDB Local', () => {
  it('folds each record once, however often and in whatever batches it is delivered', async () => {
    // Prepare: 60 records, each +1 on one of three series and +n on a token counter
    const aggregates = new MetricAggregates(db, `${table}`);
    const records = Array.from({ length: 60 }, (_, i) =>
      rec(1000 + i, [
        [ok(['dns.add_record', 'mail.add_alias', 'service.restart'][i % 3] as string), 1],
        ['aiops_llm_tokens_total{model="m",type="input"}', i],
      ]),
    );
    // Act: the whole batch, then a retry of it, then overlapping halves (a bisect), then one record again
    const first = await aggregates.fold(records);
    const retry = await aggregates.fold(records);
    const halves = [await aggregates.fold(records.slice(0, 35)), await aggregates.fold(records.slice(25))];
    const again = await aggregates.fold([records[7] as RecordIncrements]);
    const totals = await aggregates.totals(['aiops_requests_total', 'aiops_llm_tokens_total']);
    // Assess
    expect(first).toMatchObject({ applied: 60, skipped: 0 });
    expect(retry).toMatchObject({ applied: 0, skipped: 60 });
    expect(halves.map((h) => h.applied)).toEqual([0, 0]);
    expect(again).toMatchObject({ applied: 0, skipped: 1 });
    expect(totals.get(ok('dns.add_record'))).toBe(20);
    expect(totals.get(ok('service.restart'))).toBe(20);
    expect(totals.get('aiops_llm_tokens_total{model="m",type="input"}')).toBe((59 * 60) / 2);
  });

  it('applies only the new records of a batch that mixes folded and new ones', async () => {
    const aggregates = new MetricAggregates(db, table);
    const series = 'aiops_feedback_total{rating="thumbs_up"}';
    const a = rec(5000, [[series, 1]]);
    const b = rec(5001, [[series, 1]]);
    await aggregates.fold([a]);
    const res = await aggregates.fold([a, b]);
    expect(res).toMatchObject({ applied: 1, skipped: 1 });
    expect((await aggregates.totals(['aiops_feedback_total'])).get(series)).toBe(2);
  });

  it('splits records touching many series over several transactions and still counts each once', async () => {
    const aggregates = new MetricAggregates(db, table);
    const records = Array.from({ length: 30 }, (_, i) =>
      rec(
        9000 + i,
        Array.from({ length: 12 }, (_, j): [string, number] => [
          `aiops_ansible_tasks_total{playbook_type="t${i}_${j}",status="ok"}`,
          1,
        ]),
      ),
    );
    const res = await aggregates.fold(records);
    await aggregates.fold(records.slice(10, 20));
    const totals = await aggregates.totals(['aiops_ansible_tasks_total']);
    expect(res.applied).toBe(30);
    expect(res.transactions).toBeGreaterThan(1);
    expect([...totals.values()]).toEqual(Array.from({ length: 360 }, () => 1));
  });

  it('sums exactly what a random redelivery schedule carried, once per record (property)', async () => {
    let base = 20_000;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 6 }),
        async (values, redeliveries) => {
          const aggregates = new MetricAggregates(db, table);
          const series = `aiops_requests_total{action="p${base}",status="failed"}`;
          const records = values.map((v, i) => rec(base + i, [[series, v]]));
          base += 100;
          await aggregates.fold(records);
          for (const [from, to] of redeliveries)
            await aggregates.fold(records.slice(Math.min(from, to), Math.max(from, to) + 1));
          const total = (await aggregates.totals(['aiops_requests_total'])).get(series);
          expect(total).toBe(values.reduce((a, b) => a + b, 0));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('adds observations of any magnitude a decision may carry to a running sum (DynamoDB keeps 38 digits)', async () => {
    // Prepare: a sum that already holds 0.93, then observations far smaller than it, and a large one
    const aggregates = new MetricAggregates(db, table);
    const sum = 'aiops_llm_confidence_score_sum{action="dns.add_record"}';
    const observations = [0.93, 1e-130, 1e-40, 0.30000000000000004, 5.123456789012345e-10, 3_600_000];

    // Act
    for (const [i, value] of observations.entries())
      await aggregates.fold([rec(900_000 + i, [[sum, value]])]);
    const total = (await aggregates.totals(['aiops_llm_confidence_score_sum'])).get(sum);

    // Assess: every record folded, the total within a nanounit of the exact sum
    expect(total).toBeCloseTo(
      observations.reduce((a, b) => a + b, 0),
      9,
    );
  });
});

describe('MetricAggregates creation stamps', () => {
  it('stamps when a fold created a series, and keeps that time on later folds', async () => {
    // Prepare
    let clock = 1_767_000_000_000;
    const aggregates = new MetricAggregates(db, table, () => clock);
    const series = 'aiops_requests_total{action="stamp.new",status="failed"}';
    // Act
    await aggregates.fold([rec(30_000, [[series, 2]])]);
    clock += 60_000;
    await aggregates.fold([rec(30_001, [[series, 3]])]);
    const [history] = await aggregates
      .series(['aiops_requests_total'])
      .then((all) => all.filter((s) => s.key === series));
    // Assess
    expect(history).toEqual({ key: series, value: 5, createdAtMs: 1_767_000_000_000, exported: false });
  });

  it('never takes a series written before the stamps existed for a new one', async () => {
    // Prepare: an item as the earlier aggregator wrote it (a total, no stamps), at 0 and above 0
    const aggregates = new MetricAggregates(db, table);
    const legacy = [
      'aiops_llm_tokens_total{model="legacy",type="input"}',
      'aiops_llm_tokens_total{model="legacy",type="output"}',
    ];
    for (const [i, sk] of legacy.entries())
      await db.send(
        new PutCommand({ TableName: table, Item: { pk: 'S#aiops_llm_tokens_total', sk, value: i * 40 } }),
      );
    // Act
    await aggregates.fold([
      rec(
        31_000,
        legacy.map((k): [string, number] => [k, 2]),
      ),
    ]);
    const histories = (await aggregates.series(['aiops_llm_tokens_total'])).filter((s) =>
      legacy.includes(s.key),
    );
    // Assess
    expect(histories).toEqual([
      { key: legacy[0], value: 2, exported: false },
      { key: legacy[1], value: 42, exported: false },
    ]);
  });

  it('reads the export mark', async () => {
    // Prepare
    const aggregates = new MetricAggregates(db, table);
    const series = 'aiops_feedback_total{rating="thumbs_down"}';
    await aggregates.fold([rec(32_000, [[series, 1]])]);
    // Act
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'S#aiops_feedback_total', sk: series },
        UpdateExpression: 'SET exportedAt = :at',
        ExpressionAttributeValues: { ':at': 1 },
      }),
    );
    const histories = (await aggregates.series(['aiops_feedback_total'])).filter((s) => s.key === series);
    // Assess
    expect(histories).toEqual([{ key: series, value: 1, createdAtMs: expect.any(Number), exported: true }]);
  });
});
