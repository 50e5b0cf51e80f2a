import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { alertGroupsTableName, DynamoAlertGroupStore } from '#adapters/alert-group-store';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { pagerDutySender } from '#adapters/notify/pagerduty-sender';
import { snsEmailSender } from '#adapters/notify/sns-email-sender';
import type { AlertEvent } from '#domain/alerts/alert-event';
import { dedupKey } from '#domain/alerts/alert-keys';
import { deliverAlert } from '#domain/alerts/deliver-alert';
import { pagerDutyEventSchema } from '#domain/alerts/pagerduty-event';
import { createAlertGroupsTable } from '../../../lib/local/alerts/alert-groups-table.ts';
import { alertEvent } from '../../support/alert-samples.ts';
import { dynamoClient } from '../../support/dynamodb.ts';
import { type HttpSink, startHttpSink } from '../../support/recording-server.ts';

const ACCEPTED = { status: 202, body: '{"status":"success","message":"Event processed"}' };
let n = 0;

/** A firing/resolved pair of one alert on appliance `appliance`, under a name unique to the test. */
function alertPair(name: string, appliance: string, startsAt = '2026-11-21T18:00:00.000Z') {
  const labels = { alertname: name, appliance_id: appliance, service: 'dns', severity: 'critical' };
  const firing = alertEvent({ name, labels, dedupKey: dedupKey('prometheus', name, labels), startsAt });
  const resolved: AlertEvent = { ...firing, state: 'resolved', endsAt: '2026-11-21T18:05:00.000Z' };
  return { firing, resolved };
}

describe('deliverAlert on DynamoDB Local, to a loopback PagerDuty', () => {
  let pagerduty: HttpSink;
  let store: DynamoAlertGroupStore;
  const uniqueName = () => `TestAlert${++n}x${Date.now().toString(36)}`;
  const deps = () => ({
    receiver: 'pagerduty' as const,
    store,
    send: pagerDutySender({
      routingKey: async () => 'e93facc04764012d7bfb002500d5d1a6',
      url: `${pagerduty.url}/v2/enqueue`,
    }),
  });
  const sentFor = (name: string) =>
    pagerduty.requests
      .map((r) => pagerDutyEventSchema.parse(r.json))
      .filter((e) => e.dedup_key === `prometheus/${name}` && (e.event_action === 'resolve' || e.payload));

  beforeAll(async () => {
    const endpoint = inject('dynamodbEndpoint');
    const prefix = `t${Date.now().toString(36)}`;
    const admin = dynamoClient(endpoint);
    await createAlertGroupsTable(admin, prefix);
    admin.destroy();
    const db = createDocumentClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    store = new DynamoAlertGroupStore(db, alertGroupsTableName(prefix));
    pagerduty = await startHttpSink(ACCEPTED);
  });
  afterAll(() => pagerduty?.close());

  it('triggers once, ignores repeats, and resolves once with the same dedup key', async () => {
    // Prepare
    const name = uniqueName();
    const { firing, resolved } = alertPair(name, 'appl-1');

    // Act
    const first = await deliverAlert(firing, deps());
    const repeat = await deliverAlert(firing, deps());
    const resolve = await deliverAlert(resolved, deps());
    const resolveAgain = await deliverAlert(resolved, deps());
    const lateFiring = await deliverAlert(firing, deps());

    // Assess
    expect([first, repeat, resolve, resolveAgain, lateFiring].map((s) => s.map((x) => x.action))).toEqual([
      ['trigger'],
      [],
      ['resolve'],
      [],
      [],
    ]);
    expect(sentFor(name).map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', `prometheus/${name}`],
      ['resolve', `prometheus/${name}`],
    ]);
  });

  it('pages once for a storm of fifty alerts of one rule, and resolves when the last one clears', async () => {
    // Prepare
    const name = uniqueName();
    const pairs = Array.from({ length: 50 }, (_, i) => alertPair(name, `appl-${i}`));

    // Act: all fire at once, then all but one resolve, then the last
    const fired = (await Promise.all(pairs.map((p) => deliverAlert(p.firing, deps())))).flat();
    const partly = (await Promise.all(pairs.slice(1).map((p) => deliverAlert(p.resolved, deps())))).flat();
    const last = await deliverAlert(pairs[0]?.resolved as AlertEvent, deps());

    // Assess
    expect(fired.map((x) => x.action)).toEqual(['trigger']);
    expect(partly).toEqual([]);
    expect(last.map((x) => [x.action, x.firingCount])).toEqual([['resolve', 0]]);
    const sent = sentFor(name);
    expect(sent.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(new Set(sent.map((e) => e.dedup_key)).size).toBe(1);
  });

  it('opens one incident per tenant when two tenants’ same appliance id fires the same alert, and resolves them apart', async () => {
    // Prepare: acme's and globex's gw-01 both lose dns
    const name = uniqueName();
    const tenantPair = (customer: string) => {
      const { firing } = alertPair(name, 'gw-01');
      const labels = { ...firing.labels, customer_id: customer };
      const own = { ...firing, labels, dedupKey: dedupKey('prometheus', name, labels) };
      return {
        firing: own,
        resolved: { ...own, state: 'resolved' as const, endsAt: '2026-11-21T18:05:00.000Z' },
      };
    };
    const acme = tenantPair('acme');
    const globex = tenantPair('globex');
    const sent = () =>
      pagerduty.requests
        .map((r) => pagerDutyEventSchema.parse(r.json))
        .filter((e) => e.dedup_key?.startsWith(`prometheus/${name}`));

    // Act
    const fired = [
      ...(await deliverAlert(acme.firing, deps())),
      ...(await deliverAlert(globex.firing, deps())),
    ];
    const resolvedAcme = await deliverAlert(acme.resolved, deps());

    // Assess: two incidents, and acme's resolve closes acme's only
    expect(fired.map((x) => x.action)).toEqual(['trigger', 'trigger']);
    const [triggerAcme, triggerGlobex, ...rest] = sent();
    expect(triggerAcme?.dedup_key).not.toBe(triggerGlobex?.dedup_key);
    expect([triggerAcme?.payload?.group, triggerGlobex?.payload?.group]).toEqual(['acme', 'globex']);
    expect(triggerAcme?.payload?.summary).toContain('acme');
    expect(triggerGlobex?.payload?.summary).toContain('globex');
    expect(resolvedAcme.map((x) => x.action)).toEqual(['resolve']);
    expect(rest.map((e) => [e.event_action, e.dedup_key])).toEqual([['resolve', triggerAcme?.dedup_key]]);
  });

  it('drops a firing that arrives after its own resolve', async () => {
    // Prepare
    const name = uniqueName();
    const { firing, resolved } = alertPair(name, 'appl-1');

    // Act
    const early = await deliverAlert(resolved, deps());
    const late = await deliverAlert(firing, deps());

    // Assess
    expect([...early, ...late]).toEqual([]);
    expect(sentFor(name)).toEqual([]);
  });

  it('keeps trigger and resolve paired when firing and resolved race', async () => {
    // Prepare
    const names = Array.from({ length: 10 }, uniqueName);

    // Act
    await Promise.all(
      names.map(async (name) => {
        const { firing, resolved } = alertPair(name, 'appl-1');
        await Promise.all([deliverAlert(firing, deps()), deliverAlert(resolved, deps())]);
      }),
    );

    // Assess: either nothing (the resolve came first) or a trigger then its resolve
    for (const name of names) {
      const actions = sentFor(name).map((e) => e.event_action);
      expect([[], ['trigger', 'resolve']]).toContainEqual(actions);
    }
  });

  it('frees the group when PagerDuty fails, so the retry pages exactly once', async () => {
    // Prepare
    const name = uniqueName();
    const { firing } = alertPair(name, 'appl-1');
    pagerduty.script({ status: 500, body: 'oops' });

    // Act
    const failed = await deliverAlert(firing, deps()).catch((e: Error & { retryable?: boolean }) => e);
    const retried = await deliverAlert(firing, deps());

    // Assess
    expect(failed).toMatchObject({
      name: 'DeliveryError',
      retryable: true,
      message: 'PagerDuty answered 500: oops',
    });
    expect(retried.map((x) => x.action)).toEqual(['trigger']);
    expect(sentFor(name).map((e) => e.event_action)).toEqual(['trigger', 'trigger']);
  });

  it('reports a refused event as not retryable, with PagerDuty’s answer', async () => {
    // Prepare
    const { firing } = alertPair(uniqueName(), 'appl-1');
    pagerduty.script({ status: 400, body: '{"status":"invalid event","message":"Event object is invalid"}' });

    // Act
    const error = await deliverAlert(firing, deps()).catch((e: Error) => e);

    // Assess
    expect(error).toMatchObject({
      retryable: false,
      status: 400,
      message: expect.stringMatching(/refused the event \(400\)/),
    });
  });
});

describe('snsEmailSender', () => {
  it('publishes subject and body to the topic through the SNS client (SigV4-signed Query API)', async () => {
    // Prepare
    const sns = await startHttpSink({
      status: 200,
      body: '<PublishResponse><PublishResult><MessageId>1</MessageId></PublishResult></PublishResponse>',
    });
    const send = snsEmailSender({
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:aiops-alerts-email',
      client: new SNSClient({
        region: 'eu-west-1',
        endpoint: `${sns.url}/`,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      }),
    });
    const event = alertEvent({ severity: 'info' });

    // Act
    await send({ action: 'trigger', groupKey: 'prometheus/ApplianceServiceDown', event, firingCount: 1 });
    sns.script({
      status: 400,
      body: '<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>',
    });
    const throttled = await send({ action: 'resolve', groupKey: 'g', event, firingCount: 0 }).catch(
      (e: Error) => e,
    );
    await sns.close();

    // Assess
    const form = new URLSearchParams(sns.requests[0]?.body);
    expect(Object.fromEntries(form)).toMatchObject({
      Action: 'Publish',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:aiops-alerts-email',
      Subject: '[FIRING] info: ApplianceServiceDown - Service dns is down on appl-dns-01',
    });
    expect(form.get('Message')).toContain(
      'Runbook:   https://git.example/aiops/blob/main/runbooks/service-down.md',
    );
    expect(sns.requests[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sns\/aws4_request/,
    );
    expect(throttled).toMatchObject({ retryable: true, message: 'SNS Publish failed (400 Throttling)' });
  });
});
