import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendRemoteWrite } from '#adapters/prometheus/remote-write-client';
import { decodeRemoteWriteBody } from '#adapters/prometheus/remote-write-decode';
import type { SeriesSample } from '#adapters/prometheus/series';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server.ts';

const now = Date.now();
const samples: SeriesSample[] = [3, 1, 2].map((i) => ({
  name: 'aiops_requests_total',
  labels: { status: 'success', action: 'dns.add_record' },
  value: i,
  timestampMs: now + i * 1000,
}));

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sendRemoteWrite against a loopback receiver', () => {
  it('sends the remote write 1.0 headers and a body that decodes to the sorted series', async () => {
    // Prepare
    server = await startRecordingServer(() => ({ status: 204 }));
    // Act
    const summary = await sendRemoteWrite(samples, { url: `${server.url}/api/v1/write` });
    // Assess
    expect(summary).toMatchObject({
      requests: 1,
      attempts: 1,
      retries: 0,
      samples: 3,
      series: 1,
      failures: [],
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/v1/write');
    expect(request?.headers).toMatchObject({
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': expect.stringMatching(/^aiops-observability/),
    });
    expect(decodeRemoteWriteBody(request?.bytes ?? new Uint8Array()).timeseries).toEqual([
      {
        labels: [
          ['__name__', 'aiops_requests_total'],
          ['action', 'dns.add_record'],
          ['status', 'success'],
        ],
        samples: [1, 2, 3].map((i) => ({ value: i, timestampMs: now + i * 1000 })),
      },
    ]);
  });

  it('retries a 503 with backoff and succeeds on the next attempt with the same body', async () => {
    // Prepare
    server = await startRecordingServer((n) =>
      n === 0 ? { status: 503, body: 'warming up' } : { status: 200 },
    );
    // Act
    const summary = await sendRemoteWrite(samples, {
      url: server.url,
      retry: { baseDelayMs: 200, random: () => 0 },
    });
    // Assess
    expect(summary).toMatchObject({ requests: 1, attempts: 2, retries: 1, samples: 3, failures: [] });
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(100 - 5);
    expect(second?.bytes).toEqual(first?.bytes);
  });

  it('honours Retry-After on 429', async () => {
    // Prepare
    server = await startRecordingServer((n) =>
      n === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 204 },
    );
    // Act
    const summary = await sendRemoteWrite(samples, { url: server.url, retry: { baseDelayMs: 10 } });
    // Assess
    expect(summary).toMatchObject({ attempts: 2, samples: 3, failures: [] });
    const [first, second] = server.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000 - 5);
  });

  it('does not retry a 400 and reports the response body', async () => {
    // Prepare
    server = await startRecordingServer(() => ({ status: 400, body: 'out of order sample' }));
    // Act
    const summary = await sendRemoteWrite(samples, { url: server.url, retry: { baseDelayMs: 1 } });
    // Assess
    expect(server.requests).toHaveLength(1);
    expect(summary).toMatchObject({ attempts: 1, retries: 0, samples: 0 });
    expect(summary.failures).toEqual([
      { request: 0, samples: 3, attempts: 1, status: 400, message: 'HTTP 400: out of order sample' },
    ]);
  });

  it('gives up after maxAttempts on 5xx and still sends the other requests', async () => {
    // Prepare: two requests of 3 samples each; the first always fails
    server = await startRecordingServer((_, request) => {
      const names = decodeRemoteWriteBody(request.bytes).timeseries.map((s) => s.labels[0]?.[1]);
      return names.includes('first') ? { status: 500, body: 'boom' } : { status: 204 };
    });
    const two = [
      ...samples.map((x) => ({ ...x, name: 'first' })),
      ...samples.map((x) => ({ ...x, name: 'second' })),
    ];
    // Act
    const summary = await sendRemoteWrite(two, {
      url: server.url,
      maxSamplesPerRequest: 3,
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    });
    // Assess
    expect(server.requests).toHaveLength(4);
    expect(summary).toMatchObject({ requests: 2, attempts: 4, retries: 2, samples: 3 });
    expect(summary.failures).toEqual([
      { request: 0, samples: 3, attempts: 3, status: 500, message: 'HTTP 500: boom' },
    ]);
  });

  it('retries network errors up to maxAttempts and reports the cause', async () => {
    // Prepare: a port that was free a moment ago, nothing listens on it
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    let calls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    // Act
    const summary = await sendRemoteWrite(samples, {
      url: `http://127.0.0.1:${port}/api/v1/write`,
      fetch: countingFetch,
      retry: { maxAttempts: 3, baseDelayMs: 1 },
    });
    // Assess
    expect(calls).toBe(3);
    expect(summary.failures).toEqual([
      {
        request: 0,
        samples: 3,
        attempts: 3,
        status: undefined,
        message: expect.stringMatching(/ECONNREFUSED/),
      },
    ]);
  });

  it('starts no attempt after the deadline and cuts the one under way at it', async () => {
    // Prepare: a receiver that never answers, two requests, a deadline 300 ms away
    const received: number[] = [];
    const hanging = createHttpServer((request) => {
      received.push(Date.now());
      request.resume();
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    const two = [...samples, ...samples.map((x) => ({ ...x, name: 'second' }))];
    const started = Date.now();
    // Act
    const summary = await sendRemoteWrite(two, {
      url: `http://127.0.0.1:${port}/api/v1/write`,
      maxSamplesPerRequest: 3,
      retry: { maxAttempts: 10, baseDelayMs: 1 },
      deadlineMs: started + 300,
    }).finally(() => {
      hanging.closeAllConnections();
      hanging.close();
    });
    const took = Date.now() - started;
    // Assess
    expect(took).toBeLessThan(2_000);
    expect(received.every((at) => at <= started + 300)).toBe(true);
    expect(summary.samples).toBe(0);
    expect(summary.failures.map((f) => [f.request, f.message])).toEqual([
      [0, 'not sent: the deadline passed'],
      [1, 'not sent: the deadline passed'],
    ]);
  });

  it('sends nothing when a sample is invalid, and names the field', async () => {
    // Prepare
    server = await startRecordingServer(() => ({ status: 204 }));
    const bad = [...samples, { ...samples[0], timestampMs: Number.NaN } as SeriesSample];
    // Act & Assess
    await expect(sendRemoteWrite(bad, { url: server.url })).rejects.toThrow(/samples\[3\]\.timestampMs/);
    expect(server.requests).toHaveLength(0);
  });
});
