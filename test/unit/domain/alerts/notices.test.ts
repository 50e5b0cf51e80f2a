import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlertEvent, alertEventSchema } from '#domain/alerts/alert-event';
import type { AlertNotice } from '#domain/alerts/alert-group';
import { dedupKey, groupKey } from '#domain/alerts/alert-keys';
import { emailMessage } from '#domain/alerts/email-message';
import { pagerDutyEvent, pagerDutyEventSchema } from '#domain/alerts/pagerduty-event';
import { slackMessage, slackMessageSchema } from '#domain/alerts/slack-message';
import { alertEvent } from '../../../support/alert-samples.ts';

const ROUTING_KEY = 'e93facc04764012d7bfb002500d5d1a6';
const notice = (
  action: 'trigger' | 'resolve',
  event: AlertEvent = alertEvent(),
  firingCount = 1,
): AlertNotice => ({
  action,
  groupKey: groupKey(event, ['alertname']),
  event,
  firingCount,
});

/** Any alert event the schema allows, long and odd texts included. */
const anyEvent = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 256 }),
    summary: fc.string({ minLength: 1, maxLength: 1024 }),
    description: fc.string({ maxLength: 4000 }),
    labels: fc.dictionary(fc.stringMatching(/^[a-z_]{1,20}$/), fc.string({ maxLength: 300 }), {
      maxKeys: 30,
    }),
    severity: fc.constantFrom('critical', 'warning', 'info') as fc.Arbitrary<AlertEvent['severity']>,
    state: fc.constantFrom('firing', 'resolved') as fc.Arbitrary<AlertEvent['state']>,
  })
  .map((r) => alertEvent({ ...r, dedupKey: dedupKey('prometheus', r.name, r.labels) }));

describe('receiver payloads', () => {
  it('triggers and resolves PagerDuty with the same dedup key, the summary, links and details', () => {
    // Act
    const trigger = pagerDutyEvent(notice('trigger', alertEvent(), 3), ROUTING_KEY);
    const resolve = pagerDutyEvent(notice('resolve'), ROUTING_KEY);

    // Assess
    expect(pagerDutyEventSchema.parse(trigger)).toEqual(trigger);
    expect(trigger).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'prometheus/ApplianceServiceDown',
      payload: {
        summary: 'Service dns is down on appl-dns-01 (+2 more)',
        source: 'appl-dns-01',
        severity: 'critical',
        component: 'dns',
        class: 'ApplianceServiceDown',
        custom_details: { firing_alerts: 3, labels: { service: 'dns' } },
      },
      links: [
        { href: 'https://git.example/aiops/blob/main/runbooks/service-down.md', text: 'Runbook' },
        { href: 'https://grafana.example/d/aiops-appliance-health', text: 'Dashboard' },
      ],
    });
    expect(resolve).toEqual({
      routing_key: ROUTING_KEY,
      dedup_key: trigger.dedup_key,
      event_action: 'resolve',
    });
    expect(pagerDutyEventSchema.safeParse(resolve).success).toBe(true);
  });

  it('builds a readable Slack message: header, summary and description, fields, labels, links', () => {
    // Act
    const message = slackMessage(
      notice('trigger', alertEvent({ severity: 'warning', description: 'a <!channel> & more' })),
    );

    // Assess
    expect(slackMessageSchema.parse(message)).toEqual(message);
    expect(message.text).toBe(
      ':large_orange_circle: [FIRING] warning: ApplianceServiceDown — Service dns is down on appl-dns-01',
    );
    expect(message.blocks?.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
      'section',
    ]);
    expect(JSON.stringify(message.blocks)).toContain('a &lt;!channel&gt; &amp; more');
    expect(JSON.stringify(message.blocks)).toContain(
      '<https://grafana.example/d/aiops-appliance-health|Dashboard>',
    );
  });

  it('writes an e-mail with a short ASCII subject and the details in the body', () => {
    // Act
    const mail = emailMessage(
      notice('resolve', alertEvent({ summary: 'Disk ≥ 85 % — appl 1', endsAt: '2026-11-21T19:00:00.000Z' })),
    );

    // Assess
    expect(mail.subject).toBe('[RESOLVED] critical: ApplianceServiceDown - Disk 85 % appl 1');
    expect(mail.body).toContain('Resolved:  2026-11-21T19:00:00.000Z');
    expect(mail.body).toContain('Runbook:   https://git.example/aiops/blob/main/runbooks/service-down.md');
  });

  it('stays within PagerDuty, Slack and SNS limits for any event', () => {
    fc.assert(
      fc.property(anyEvent, fc.constantFrom('trigger', 'resolve'), fc.nat(10_000), (event, action, count) => {
        expect(alertEventSchema.safeParse(event).success).toBe(true);
        const n = notice(action as 'trigger' | 'resolve', event, count);
        expect(pagerDutyEventSchema.safeParse(pagerDutyEvent(n, ROUTING_KEY)).error).toBeUndefined();
        expect(slackMessageSchema.safeParse(slackMessage(n)).error).toBeUndefined();
        const { subject } = emailMessage(n);
        expect(subject.length).toBeLessThanOrEqual(100);
        expect(subject).toMatch(/^[\x20-\x7e]+$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('alert keys', () => {
  it('groups by the groupBy labels the alert has, readable and within 255 characters', () => {
    // Prepare
    const event = alertEvent();
    const long = alertEvent({ labels: { ...event.labels, appliance_id: 'a'.repeat(400) } });

    // Act / Assess
    expect(groupKey(event, ['alertname'])).toBe('prometheus/ApplianceServiceDown');
    expect(groupKey(event, ['appliance_id', 'alertname', 'missing'])).toBe(
      'prometheus/ApplianceServiceDown{appliance_id="appl-dns-01"}',
    );
    expect(groupKey(long, ['appliance_id'])).toMatch(/^prometheus\/ApplianceServiceDown\/[0-9a-f]{16}$/);
    expect(dedupKey('cloudwatch', 'x'.repeat(300), {}).length).toBeLessThanOrEqual(255);
  });
});

describe('tenants', () => {
  const acme = alertEvent({
    labels: { ...alertEvent().labels, appliance_id: 'gw-01', customer_id: 'acme' },
    summary: 'Service dns down on appliance gw-01',
  });
  const globex = alertEvent({ ...acme, labels: { ...acme.labels, customer_id: 'globex' } });

  it('puts each tenant in a group of its own, whatever groupBy says', () => {
    // Act
    const keys = [acme, globex].map((e) => groupKey(e, ['alertname']));
    const byAppliance = groupKey(acme, ['alertname', 'appliance_id']);

    // Assess
    expect(keys).toEqual([
      'prometheus/ApplianceServiceDown{customer_id="acme"}',
      'prometheus/ApplianceServiceDown{customer_id="globex"}',
    ]);
    expect(byAppliance).toBe('prometheus/ApplianceServiceDown{appliance_id="gw-01",customer_id="acme"}');
  });

  it('names the tenant in the page, the Slack message and the e-mail', () => {
    // Act
    const page = pagerDutyEvent(notice('trigger', acme), ROUTING_KEY);
    const slack = slackMessage(notice('trigger', acme));
    const mail = emailMessage(notice('trigger', acme));

    // Assess
    expect(page.dedup_key).toBe('prometheus/ApplianceServiceDown{customer_id="acme"}');
    expect(page.payload).toMatchObject({
      summary: 'Service dns down on appliance gw-01 (customer acme)',
      source: 'acme/gw-01',
      group: 'acme',
    });
    expect(slack.text).toContain('Service dns down on appliance gw-01 (customer acme)');
    expect(JSON.stringify(slack.blocks)).toContain('*Customer*\\nacme');
    expect(mail.subject).toBe(
      '[FIRING] critical: ApplianceServiceDown - Service dns down on appliance gw-01 (customer acme)',
    );
    expect(mail.body).toContain('Customer:  acme');
  });

  it('leaves a summary that already names the tenant, and an alert without one, as they are', () => {
    // Prepare
    const named = alertEvent({ ...acme, summary: 'Appliance gw-01 (customer acme) is offline' });
    const platform = alertEvent({ summary: 'API p95 above 5 s' });

    // Act
    const pages = [named, platform].map((e) => pagerDutyEvent(notice('trigger', e), ROUTING_KEY));

    // Assess
    expect(pages.map((p) => p.payload?.summary)).toEqual([
      'Appliance gw-01 (customer acme) is offline',
      'API p95 above 5 s',
    ]);
    expect(pages[1]?.payload?.group).toBeUndefined();
    expect(emailMessage(notice('trigger', platform)).body).not.toContain('Customer:');
  });
});
