import type { CloudWatchLogsEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseAccessLogRecord } from '#domain/metrics/access-log-format';
import { decodeLogsSubscription } from '#streams/logs-subscription';
import { startAccessLogShipper } from '../../../lib/local/access-log-shipper.ts';
import { clfTime } from '../../../lib/local/gateway/access-log.ts';

const record = (n: number) => ({ routeKey: 'GET /health', status: '200', latency: String(n) });

describe('the local access log shipper', () => {
  it('delivers queued records in batches as a CloudWatch Logs subscription event', async () => {
    // Prepare
    const received: CloudWatchLogsEvent[] = [];
    const shipper = startAccessLogShipper({
      handler: async (event) => {
        received.push(event);
      },
      batchWindowMs: 60_000,
      maxBatchSize: 3,
    });

    // Act: 3 records fill a batch; 2 more wait for the window, then a flush
    for (let i = 0; i < 5; i++) shipper.push(record(i));
    await shipper.flush();

    // Assess
    const deliveries = received.map((e) => decodeLogsSubscription(e));
    expect(deliveries.map((d) => d.logEvents.length)).toEqual([3, 2]);
    expect(deliveries[0]?.messageType).toBe('DATA_MESSAGE');
    const events = deliveries.flatMap((d) => d.logEvents);
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    expect(events.map((e) => parseAccessLogRecord(e.message).latency)).toEqual(['0', '1', '2', '3', '4']);
    expect(shipper.stats()).toMatchObject({
      delivered: 2,
      deliveredEvents: 5,
      failedDeliveries: 0,
      pending: 0,
    });
  });

  it('retries a failing delivery like an asynchronous invocation, then counts it as a dead letter', async () => {
    // Prepare
    let calls = 0;
    const failures: number[] = [];
    const shipper = startAccessLogShipper({
      handler: async () => {
        calls++;
        throw new Error('DynamoDB is down');
      },
      retryAttempts: 2,
      retryDelayMs: 1,
      onFailure: (events) => failures.push(events),
    });

    // Act
    shipper.push(record(1));
    shipper.push(record(2));
    await shipper.stop();
    shipper.push(record(3)); // after stop: dropped, never delivered

    // Assess
    expect(calls).toBe(3);
    expect(failures).toEqual([2]);
    expect(shipper.stats()).toMatchObject({ delivered: 0, failedDeliveries: 1, retries: 2, pending: 0 });
  });

  it('writes the request time in the CLF form API Gateway uses', () => {
    // Assess
    expect(clfTime(new Date('2026-03-05T07:08:09.123Z'))).toBe('05/Mar/2026:07:08:09 +0000');
  });
});
