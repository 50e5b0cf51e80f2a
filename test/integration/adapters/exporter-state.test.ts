import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ExporterState } from '#adapters/exporter-state';
import { MetricAggregates } from '#adapters/metric-aggregates';
import { freshTables } from '../../support/dynamodb.ts';

let db: DynamoDBDocumentClient;
let table: string;
beforeEach(async () => {
  const { client, tables } = await freshTables();
  db = DynamoDBDocumentClient.from(client);
  table = tables.metrics;
});

const T = 1_767_000_000_000;

describe('ExporterState on DynamoDB Local', () => {
  it('lets one run hold the lease; the next claims after the release, at a later time', async () => {
    // Prepare
    const state = new ExporterState(db, table);
    // Act
    const first = await state.claim(T, 50_000, 'a');
    const overlapping = await state.claim(T + 10, 50_000, 'b');
    await state.release('a');
    const next = await state.claim(T + 20, 50_000, 'b');
    // Assess
    expect(first).toEqual({ ok: true, atMs: T });
    expect(overlapping).toEqual({ ok: false, reason: 'busy' });
    expect(next).toEqual({ ok: true, atMs: T + 20 });
  });

  it('refuses a claim at or before the last claimed time (a clock behind, two runs in one ms)', async () => {
    // Prepare
    const state = new ExporterState(db, table);
    await state.claim(T, 50_000, 'a');
    await state.release('a');
    // Act
    const same = await state.claim(T, 50_000, 'b');
    const earlier = await state.claim(T - 5_000, 50_000, 'c');
    // Assess
    expect(same).toEqual({ ok: false, reason: 'clock' });
    expect(earlier).toEqual({ ok: false, reason: 'clock' });
  });

  it('lets the next run in once the lease of a run that died has expired, and not before', async () => {
    // Prepare: a run that claimed and never released
    const state = new ExporterState(db, table);
    await state.claim(T, 50_000, 'dead');
    // Act
    const during = await state.claim(T + 49_999, 50_000, 'b');
    const after = await state.claim(T + 50_001, 50_000, 'b');
    await state.release('dead');
    const third = await state.claim(T + 60_000, 50_000, 'c');
    // Assess: the dead run's late release does not free the lease it no longer holds
    expect(during).toEqual({ ok: false, reason: 'busy' });
    expect(after).toEqual({ ok: true, atMs: T + 50_001 });
    expect(third).toEqual({ ok: false, reason: 'busy' });
  });

  it('marks each series once, and never a series that does not exist', async () => {
    // Prepare
    const state = new ExporterState(db, table);
    const aggregates = new MetricAggregates(db, table);
    const a = 'aiops_feedback_total{rating="thumbs_up"}';
    const b = 'aiops_feedback_total{rating="thumbs_down"}';
    await aggregates.fold([
      {
        sequenceNumber: '1',
        increments: new Map([
          [a, 1],
          [b, 1],
        ]),
      },
    ]);
    // Act
    const first = await state.markExported([a], T);
    const second = await state.markExported([a, b, 'aiops_feedback_total{rating="missing"}'], T + 1);
    const histories = await aggregates.series(['aiops_feedback_total']);
    // Assess
    expect(first).toEqual({ marked: new Set([a]), failed: new Set() });
    expect(second).toEqual({ marked: new Set([b]), failed: new Set() });
    expect(histories.map((h) => [h.key, h.exported]).sort()).toEqual([
      [b, true],
      [a, true],
    ]);
  });
});
