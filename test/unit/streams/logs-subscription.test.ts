import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeLogsSubscription } from '#streams/logs-subscription';
import { logEvent, request, subscriptionEvent } from '../../support/access-log-events.ts';

const wrap = (value: unknown) => ({ awslogs: { data: gzipSync(JSON.stringify(value)).toString('base64') } });

describe('decodeLogsSubscription', () => {
  it('decodes the gzipped base64 delivery of a subscription', () => {
    // Prepare
    const events = [logEvent(1, request('GET /health', 200, 4)), logEvent(2, request('GET /health', 200, 5))];

    // Act
    const delivery = decodeLogsSubscription(subscriptionEvent(events));

    // Assess
    expect(delivery).toMatchObject({ messageType: 'DATA_MESSAGE', logGroup: '/aws/apigateway/aiops' });
    expect(delivery.logEvents).toEqual(events);
  });

  it.each([
    ['no awslogs.data', {}, /no awslogs\.data/],
    ['data that is not gzip', { awslogs: { data: 'aGVsbG8=' } }, /not gzipped JSON/],
    ['a delivery without log events', wrap({ messageType: 'DATA_MESSAGE', owner: '1' }), /logEvents/],
    ['an unknown message type', wrap({ messageType: 'OTHER' }), /messageType/],
  ])('refuses %s with a clear error', (_what, event, error) => {
    // Act
    const act = () => decodeLogsSubscription(event);

    // Assess
    expect(act).toThrow(error);
    expect(act).toThrow(/not a CloudWatch Logs subscription event/);
  });
});
