/**
 * The exporter's zero samples and successive runs against a real Prometheus, which refuses a
 * whole request holding a sample older than one it holds: later runs, overlapping runs, a run
 * whose answer was lost, a run that died holding the lease, and series written before
 * creation stamps existed must never make it refuse a request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { metricsSourceOf } from '#runtime/metrics-source';
import { dynamoClient } from '../../support/dynamodb.ts';
import { useTestApi } from '../../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';

const api = useTestApi();

const requests = (action: string, status = 'failed') =>
  `aiops_requests_total{action="${action}",status="${status}"}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The answers Prometheus gave to remote write requests, by status code (from its own /metrics). */
async function writeAnswers(prometheus: RunningPrometheus): Promise<Record<string, number>> {
  const text = await (await fetch(`${prometheus.url}/metrics`)).text();
  const answers: Record<string, number> = {};
  for (const m of text.matchAll(
    /^prometheus_http_requests_total\{code="(\d+)",handler="\/api\/v1\/write"\} (\d+)/gm,
  ))
    answers[m[1] as string] = Number(m[2]);
  return answers;
}
const refused = (answers: Record<string, number>) =>
  Object.entries(answers)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((n, [, count]) => n + count, 0);

describeWithPrometheus('successive and overlapping export runs into a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let db: DynamoDBDocumentClient;
  let seq = 0;
  const fold = async (increments: [string, number][]) => {
    await api.runtime.aggregates.fold([
      { sequenceNumber: `order-${seq++}`, increments: new Map(increments) },
    ]);
  };
  beforeAll(async () => {
    prometheus = await startPrometheus();
    db = DynamoDBDocumentClient.from(dynamoClient(inject('dynamodbEndpoint')));
  });
  afterAll(async () => {
    db?.destroy();
    await prometheus?.stop();
  });

  it('sends a new series a zero before its first value, once: later runs are all accepted', async () => {
    // Prepare
    const { exportOnce } = await import('#adapters/metrics-export');
    // Act: a new series, then more on it and another new one, then nothing new
    await fold([[requests('later.a'), 4]]);
    const first = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    await fold([
      [requests('later.a'), 2],
      [requests('later.b'), 1],
    ]);
    const second = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    const third = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    const count = async (action: string) =>
      (await prometheus.query(`count_over_time(${requests(action)}[5m])`)).map((s) => s.value);
    const lowest = async (action: string) =>
      (await prometheus.query(`min_over_time(${requests(action)}[5m])`)).map((s) => s.value);
    // Assess
    expect([first, second, third].map((s) => [s.failures, s.skipped])).toEqual([
      [[], undefined],
      [[], undefined],
      [[], undefined],
    ]);
    expect(first.zeroSamples).toBeGreaterThanOrEqual(1);
    expect(third.zeroSamples).toBe(0);
    expect(await count('later.a')).toEqual([4]);
    expect(await lowest('later.a')).toEqual([0]);
    expect(await count('later.b')).toEqual([3]);
    expect(refused(await writeAnswers(prometheus))).toBe(0);
  });

  it('lets one of several overlapping runs export at a time: every request is accepted', async () => {
    // Prepare
    const { exportOnce } = await import('#adapters/metrics-export');
    const outcomes: { skipped?: string; failures: readonly unknown[] }[] = [];
    // Act: three rounds of four runs at once, new series between them
    for (let round = 0; round < 3; round++) {
      await fold([
        [requests(`overlap.${round}`), round + 1],
        [requests('overlap.all', 'success'), 1],
      ]);
      outcomes.push(
        ...(await Promise.all(
          Array.from({ length: 4 }, () =>
            exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl }),
          ),
        )),
      );
    }
    // Assess
    const sent = outcomes.filter((o) => !o.skipped);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.every((o) => o.failures.length === 0)).toBe(true);
    expect(
      outcomes.filter((o) => o.skipped).every((o) => o.skipped === 'busy' || o.skipped === 'clock'),
    ).toBe(true);
    expect(
      (await prometheus.query('sum(aiops_requests_total{action=~"overlap.*"})')).map((s) => s.value),
    ).toEqual([1 + 2 + 3 + 3]);
    expect(refused(await writeAnswers(prometheus))).toBe(0);
  });

  it('sends no zero on the next run when the answer to the first one was lost', async () => {
    // Prepare: a proxy that forwards to Prometheus and answers 503 (the request was stored)
    const { exportOnce } = await import('#adapters/metrics-export');
    const lossy: Server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      await fetch(prometheus.remoteWriteUrl, {
        method: 'POST',
        headers: request.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      response.writeHead(503).end('answer lost');
    });
    await new Promise<void>((resolve) => lossy.listen(0, '127.0.0.1', resolve));
    const lossyUrl = `http://127.0.0.1:${(lossy.address() as AddressInfo).port}/api/v1/write`;
    await fold([[requests('lost.a'), 5]]);
    // Act
    const lost = await exportOnce(metricsSourceOf(api.runtime), { url: lossyUrl }).finally(() =>
      lossy.close(),
    );
    await fold([[requests('lost.a'), 1]]);
    const next = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    // Assess
    expect(lost.failures.length).toBeGreaterThan(0);
    expect(next.failures).toEqual([]);
    expect((await prometheus.query(requests('lost.a'))).map((s) => s.value)).toEqual([6]);
    expect(refused(await writeAnswers(prometheus))).toBe(0);
  });

  it('sends no zero for a series written before creation stamps existed, which an earlier exporter sent', async () => {
    // Prepare: an item as the earlier aggregator wrote it, sent by the earlier exporter a moment ago
    const { sendRemoteWrite } = await import('#adapters/prometheus/remote-write-client');
    const { exportOnce } = await import('#adapters/metrics-export');
    const key = requests('legacy.a');
    await db.send(
      new PutCommand({
        TableName: `${api.tablePrefix}-metrics`,
        Item: { pk: 'S#aiops_requests_total', sk: key, value: 5 },
      }),
    );
    const labels = { action: 'legacy.a', status: 'failed' };
    await sendRemoteWrite(
      [{ name: 'aiops_requests_total', labels, value: 5, timestampMs: Date.now() - 1_000 }],
      {
        url: prometheus.remoteWriteUrl,
      },
    );
    // Act: the new aggregator folds into it, the new exporter sends it
    await fold([[key, 2]]);
    const summary = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    // Assess
    expect(summary.failures).toEqual([]);
    expect((await prometheus.query(`min_over_time(${key}[5m])`)).map((s) => s.value)).toEqual([5]);
    expect((await prometheus.query(key)).map((s) => s.value)).toEqual([7]);
    expect(refused(await writeAnswers(prometheus))).toBe(0);
  });

  it('waits out the lease of a run that died, then exports', async () => {
    // Prepare: a run that claimed the lease for 1.5 s and never gave it back
    const [{ ExporterState }, { exportOnce }] = await Promise.all([
      import('#adapters/exporter-state'),
      import('#adapters/metrics-export'),
    ]);
    const state = new ExporterState(api.runtime.documents, `${api.tablePrefix}-metrics`);
    await sleep(5);
    expect(await state.claim(Date.now(), 1_500, 'died')).toMatchObject({ ok: true });
    await fold([[requests('restart.a'), 3]]);
    // Act
    const during = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    await sleep(1_600);
    const after = await exportOnce(metricsSourceOf(api.runtime), { url: prometheus.remoteWriteUrl });
    // Assess
    expect(during.skipped).toBe('busy');
    expect(after.skipped).toBeUndefined();
    expect(after.failures).toEqual([]);
    expect(
      (await prometheus.query(`count_over_time(${requests('restart.a')}[5m])`)).map((s) => s.value),
    ).toEqual([2]);
    expect(refused(await writeAnswers(prometheus))).toBe(0);
  });
});
