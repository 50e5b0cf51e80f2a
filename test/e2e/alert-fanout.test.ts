import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type PagerDutyEvent, pagerDutyEventSchema } from '#domain/alerts/pagerduty-event';
import { slackMessageSchema } from '#domain/alerts/slack-message';
import { type LocalAlerts, startLocalAlerts } from '../../lib/local/alerts/index.ts';
import {
  describeWithAlertmanager,
  type RunningAlertmanager,
  startAlertmanager,
} from '../support/alertmanager.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { describeWithPrometheus, type RunningPrometheus, startPrometheus } from '../support/prometheus.ts';
import { type HttpSink, startHttpSink } from '../support/recording-server.ts';
import {
  sampleDecision,
  sampleFailedExecution,
  sampleHeartbeat,
  samplePlaybook,
} from '../support/samples.ts';

/** The project's rule file, unchanged: ApplianceServiceDown is critical with `for: 1m`. */
const RULES = fileURLToPath(new URL('../../dashboards/rules/aiops-rules.yml', import.meta.url));
const ROUTING_KEY = 'e93facc04764012d7bfb002500d5d1a6';
/** The dev key's tenant: an appliance alert's group (and PagerDuty incident) is its tenant's. */
const SERVICE_DOWN_KEY = 'prometheus/ApplianceServiceDown{customer_id="local"}';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithPrometheus('alert fan-out', () => {
  describeWithAlertmanager(
    'from a breached rule to PagerDuty and Slack, through a real Prometheus and Alertmanager',
    () => {
      let pagerduty: HttpSink;
      let slack: HttpSink;
      let alerts: LocalAlerts;
      let alertmanager: RunningAlertmanager;
      let prometheus: RunningPrometheus;
      let api: TestApi;
      const applianceId = `appl-alerts-${randomBytes(3).toString('hex')}`;
      let dns: 'up' | 'down' = 'down';
      let downSince = 0;
      let beating = true;
      let beats: Promise<void> | undefined;
      const heartbeatFailures: string[] = [];

      beforeAll(async () => {
        pagerduty = await startHttpSink({
          status: 202,
          body: '{"status":"success","message":"Event processed"}',
        });
        slack = await startHttpSink({ status: 200, body: 'ok' });
        alerts = await startLocalAlerts({
          dynamodbEndpoint: inject('dynamodbEndpoint'),
          tablePrefix: `t${randomBytes(4).toString('hex')}`,
          env: {
            PAGERDUTY_EVENTS_URL: `${pagerduty.url}/v2/enqueue`,
            PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
            SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/XXXX`,
            RUNBOOK_BASE_URL: 'https://git.example/aiops/blob/main/',
            GRAFANA_URL: 'https://grafana.example',
          },
        });
        alertmanager = await startAlertmanager({ webhookUrl: alerts.alertmanagerWebhookUrl });
        prometheus = await startPrometheus({
          ruleFiles: [RULES],
          evaluationIntervalSeconds: 1,
          alertmanagers: [alertmanager.host],
        });
        api = await startTestApi(
          { PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl, METRICS_INTERVAL_SECONDS: '1' },
          { pipeline: true },
        );
        // An appliance beating every 2 s, as the fleet does; `dns` says what it reports.
        downSince = Date.now();
        beats = (async () => {
          while (beating) {
            const res = await api
              .request('POST', '/v1/heartbeats', {
                json: sampleHeartbeat({
                  applianceId,
                  sentAt: new Date().toISOString(),
                  services: { dns, samba: 'up' },
                }),
              })
              .catch((e: Error) => ({ status: 0, text: `${e.message}: ${(e.cause as Error)?.message}` }));
            if (res.status !== 201) heartbeatFailures.push(`${res.status} ${res.text}`);
            await sleep(2000);
          }
        })();
      });
      afterAll(async () => {
        beating = false;
        await beats;
        await api?.stop();
        await prometheus?.stop();
        await alertmanager?.stop();
        await alerts?.stop();
        await pagerduty?.close();
        await slack?.close();
      });

      const serviceDownEvents = (): PagerDutyEvent[] =>
        pagerduty.requests
          .map((r) => pagerDutyEventSchema.parse(r.json))
          .filter((e) => e.dedup_key === SERVICE_DOWN_KEY);

      it('pages PagerDuty once when a service stays down, resolves with the same dedup key once it is up, and posts warnings to Slack', async () => {
        // Prepare: a playbook type failing 4 times in a row (a warning), one run every 1.5 s so
        // the remote-written counter rises between samples
        const playbookType = `e2e-${randomBytes(2).toString('hex')}`;
        for (let i = 0; i < 4; i++) {
          const decision = sampleDecision({ applianceId, playbook: samplePlaybook(undefined, playbookType) });
          const id = decision.decisionId as string;
          expect((await api.request('POST', '/v1/decisions', { json: decision })).status).toBe(201);
          expect(
            (await api.request('POST', `/v1/decisions/${id}/execution`, { json: sampleFailedExecution() }))
              .status,
          ).toBe(201);
          await sleep(1500);
        }

        // Act 1: the service has been down for more than the rule's minute
        const [trigger] = await pagerduty.waitFor(
          1,
          150_000,
          (r) => (r.json as PagerDutyEvent).dedup_key === SERVICE_DOWN_KEY,
        );
        const [warning] = await slack.waitFor(1, 30_000, (r) =>
          r.body.includes('PlaybookTypeFailingRepeatedly'),
        );

        // Act 2: the service comes back
        const upAt = Date.now();
        dns = 'up';
        await pagerduty.waitFor(2, 60_000, (r) => (r.json as PagerDutyEvent).dedup_key === SERVICE_DOWN_KEY);
        await sleep(5000); // room for a duplicate to show up, if there were one
        const resolve = pagerduty.requests.filter(
          (r) => (r.json as PagerDutyEvent).dedup_key === SERVICE_DOWN_KEY,
        )[1];
        console.info(
          `ApplianceServiceDown: trigger ${((trigger?.receivedAt ?? 0) - downSince) / 1000} s after the service went down (for: 1m), ` +
            `resolve ${((resolve?.receivedAt ?? 0) - upAt) / 1000} s after it came back`,
        );

        // Assess: the appliance reported all along, every request is a valid Events v2 event / incoming webhook message
        expect(heartbeatFailures).toEqual([]);
        for (const r of pagerduty.requests) {
          expect(r.path).toBe('/v2/enqueue');
          expect(pagerDutyEventSchema.safeParse(r.json).error).toBeUndefined();
          expect((r.json as PagerDutyEvent).routing_key).toBe(ROUTING_KEY);
        }
        for (const r of slack.requests) {
          expect(r.path).toBe('/services/T000/B000/XXXX');
          expect(slackMessageSchema.safeParse(r.json).error).toBeUndefined();
        }
        // exactly one trigger, then exactly one resolve, for the same incident
        expect(serviceDownEvents().map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
        expect(pagerDutyEventSchema.parse(trigger?.json)).toMatchObject({
          event_action: 'trigger',
          payload: {
            summary: `Service dns down on appliance ${applianceId} (customer local)`,
            source: `local/${applianceId}`,
            group: 'local',
            severity: 'critical',
            component: 'dns',
            class: 'ApplianceServiceDown',
            custom_details: {
              labels: {
                appliance_id: applianceId,
                customer_id: 'local',
                service: 'dns',
                severity: 'critical',
              },
            },
          },
          links: expect.arrayContaining([
            {
              href: 'https://git.example/aiops/blob/main/runbooks/appliance-service-down.md',
              text: 'Runbook',
            },
            { href: 'https://grafana.example/d/aiops-appliance-health', text: 'Dashboard' },
          ]),
        });
        // the warning went to Slack (and nowhere else), once per alert group
        const message = slackMessageSchema.parse(warning?.json);
        expect(message.text).toMatch(/\[FIRING\] warning: PlaybookTypeFailingRepeatedly/);
        expect(JSON.stringify(message.blocks)).toContain(`Playbook type ${playbookType} keeps failing`);
        const firingHeaders = slack.requests.map((r) => slackMessageSchema.parse(r.json).blocks?.[0]);
        const headers = firingHeaders.map((b) => (b?.type === 'header' ? b.text.text : ''));
        expect(new Set(headers).size).toBe(headers.length);
        expect(pagerduty.requests.some((r) => r.body.includes('PlaybookTypeFailingRepeatedly'))).toBe(false);
        expect(
          alerts.notices.filter((n) => n.notice.groupKey === SERVICE_DOWN_KEY).map((n) => n.receiver),
        ).toEqual(['pagerduty', 'pagerduty']);
      }, 240_000);
    },
  );
});
