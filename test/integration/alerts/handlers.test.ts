import { randomBytes } from 'node:crypto';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  ALERT_DETAIL_TYPE,
  ALERT_EVENT_SOURCE,
  type AlertEvent,
  alertEventSchema,
} from '#domain/alerts/alert-event';
import { slackMessageSchema } from '#domain/alerts/slack-message';
import { createAlertGroupsTable } from '../../../lib/local/alerts/alert-groups-table.ts';
import { alertEvent, alertmanagerPayload, cloudWatchAlarmEvent } from '../../support/alert-samples.ts';
import { captureLogs } from '../../support/capture-logs.ts';
import { dynamoClient } from '../../support/dynamodb.ts';
import { type HttpSink, type RecordedRequest, startHttpSink } from '../../support/recording-server.ts';

const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as Context;
const target = (r: RecordedRequest) => String(r.headers['x-amz-target'] ?? '');

/** Answers EventBridge PutEvents and Secrets Manager GetSecretValue as the AWS JSON APIs do. */
function awsAnswer(secrets: Record<string, string>) {
  return (r: RecordedRequest) => {
    const body = r.json as { Entries?: unknown[]; SecretId?: string };
    if (target(r) === 'AWSEvents.PutEvents') {
      const entries = (body.Entries ?? []).map((_, i) => ({ EventId: `e-${i}` }));
      return { status: 200, body: JSON.stringify({ FailedEntryCount: 0, Entries: entries }) };
    }
    if (target(r) === 'secretsmanager.GetSecretValue' && body.SecretId && secrets[body.SecretId]) {
      return {
        status: 200,
        body: JSON.stringify({
          ARN: `arn:aws:secretsmanager:eu-west-1:1:secret:${body.SecretId}`,
          Name: body.SecretId,
          SecretString: secrets[body.SecretId],
        }),
      };
    }
    return {
      status: 400,
      body: JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }),
    };
  };
}

describe('alert handlers with the real SDK against loopback AWS APIs', () => {
  let aws: HttpSink;
  let slack: HttpSink;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const webhook = () => `${slack.url}/services/T1/B1/s3cr3t-${prefix}`;

  beforeAll(async () => {
    slack = await startHttpSink({ status: 200, body: 'ok' });
    aws = await startHttpSink((r) =>
      awsAnswer({ [`${prefix}/slack`]: webhook(), [`${prefix}/unset`]: '{"placeholder":"x","unused":"y"}' })(
        r,
      ),
    );
    const admin = dynamoClient(inject('dynamodbEndpoint'));
    await createAlertGroupsTable(admin, prefix);
    admin.destroy();
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', aws.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', aws.url);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamodbEndpoint'));
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    vi.stubEnv('TABLE_PREFIX', prefix);
    vi.stubEnv('ALERT_BUS_NAME', `${prefix}-alerts`);
    vi.stubEnv('GRAFANA_URL', 'https://grafana.example');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await aws?.close();
    await slack?.close();
  });

  it('normaliser: puts one alert event per AMP alert and per alarm change on the alerts bus, none for INSUFFICIENT_DATA', async () => {
    // Prepare
    const { handler } = await import('#entries/alert-normaliser');
    const sns = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: { Message: JSON.stringify(alertmanagerPayload('firing')), MessageAttributes: {} },
        },
      ],
    };

    // Act
    const fromAmp = await handler(sns as never, context);
    const fromAlarm = await handler(cloudWatchAlarmEvent('ALARM') as never, context);
    const ignored = await handler(cloudWatchAlarmEvent('INSUFFICIENT_DATA') as never, context);

    // Assess
    expect([fromAmp, fromAlarm, ignored]).toEqual([{ published: 1 }, { published: 1 }, { published: 0 }]);
    const entries = aws.requests
      .filter((r) => target(r) === 'AWSEvents.PutEvents')
      .flatMap(
        (r) =>
          (
            r.json as {
              Entries: { EventBusName: string; Source: string; DetailType: string; Detail: string }[];
            }
          ).Entries,
      );
    expect(entries.map((e) => [e.EventBusName, e.Source, e.DetailType])).toEqual([
      [`${prefix}-alerts`, ALERT_EVENT_SOURCE, ALERT_DETAIL_TYPE],
      [`${prefix}-alerts`, ALERT_EVENT_SOURCE, ALERT_DETAIL_TYPE],
    ]);
    const details = entries.map((e) => alertEventSchema.parse(JSON.parse(e.Detail)));
    expect(details.map((d) => [d.source, d.name, d.severity, d.links.dashboard])).toEqual([
      ['prometheus', 'ApplianceServiceDown', 'critical', 'https://grafana.example/d/aiops-appliance-health'],
      ['cloudwatch', 'aiops-api-5xx-critical', 'critical', 'https://grafana.example/d/aiops-system-overview'],
    ]);
  });

  it('delivery: reads the webhook URL from Secrets Manager, posts once, and never logs the URL', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv('ALERT_RECEIVER', 'slack');
    vi.stubEnv('SLACK_WEBHOOK_SECRET', `${prefix}/slack`);
    const { handler } = await import('#entries/alert-delivery');
    const event = alertEvent({ severity: 'warning', name: `Warn${prefix}` });
    const logs = captureLogs();

    // Act
    let result: unknown;
    try {
      result = await handler(sqsEvent([event, event]), context);
    } finally {
      logs.restore();
    }

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.path).toBe(`/services/T1/B1/s3cr3t-${prefix}`);
    expect(slackMessageSchema.parse(slack.requests[0]?.json).text).toContain(
      `[FIRING] warning: Warn${prefix}`,
    );
    expect(logs.text()).toContain('alert notice sent');
    expect(logs.text()).not.toContain('s3cr3t');
  });

  it('delivery: a secret still holding the placeholder fails the message, saying how to set it', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv('ALERT_RECEIVER', 'slack');
    vi.stubEnv('SLACK_WEBHOOK_SECRET', `${prefix}/unset`);
    const { handler } = await import('#entries/alert-delivery');
    const logs = captureLogs();

    // Act
    let result: { batchItemFailures: { itemIdentifier: string }[] };
    try {
      result = (await handler(
        sqsEvent([alertEvent({ name: `Unset${prefix}`, severity: 'warning' })]),
        context,
      )) as typeof result;
    } finally {
      logs.restore();
    }

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect(logs.text()).toMatch(
      /is not set yet: aws secretsmanager put-secret-value --secret-id t[0-9a-f]+\/unset/,
    );
  });
});

/** An SQS batch as the delivery queue hands it over: each body an event from the alerts bus. */
function sqsEvent(events: AlertEvent[]): SQSEvent {
  return {
    Records: events.map((detail, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `r-${i}`,
      body: JSON.stringify({
        version: '0',
        id: `e-${i}`,
        source: ALERT_EVENT_SOURCE,
        'detail-type': ALERT_DETAIL_TYPE,
        detail,
      }),
      attributes: {} as never,
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:1:q',
      awsRegion: 'eu-west-1',
    })),
  };
}
