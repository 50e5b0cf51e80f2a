import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ALARM_SEVERITIES, type AlarmSeverity } from '#domain/alarm-naming';
import { fromAmpSnsMessage } from '#domain/alerts/normalise-sns';
import { alertManagerDefinition, SNS_TEMPLATE_FILE } from '#lib/constructs/alertmanager-definition';
import { type RunningAlertmanager, startAlertmanagerIn, writeConfigDir } from '../../support/alertmanager.ts';
import { eventually } from '../../support/eventually.ts';
import { amtoolCheckConfig, describeWithAlertmanagerTools } from './alertmanager-process.ts';
import { type Published, type SnsLoopback, startSnsLoopback } from './sns-loopback.ts';

const topicArns = Object.fromEntries(
  ALARM_SEVERITIES.map((s) => [s, `arn:aws:sns:eu-west-1:123456789012:aiops-alerts-${s}`]),
) as Record<AlarmSeverity, string>;
const definition = parse(alertManagerDefinition({ region: 'eu-west-1', topicArns })) as {
  template_files: Record<string, string>;
  alertmanager_config: string;
};

/**
 * The deployed config with what AMP adds and forbids locally: `api_url` (AMP sets SNS's) and
 * SigV4 keys, group timings of one second.
 */
function localConfig(snsUrl: string): string {
  const config = parse(definition.alertmanager_config) as {
    route: Record<string, unknown> & { routes: Record<string, unknown>[] };
    receivers: { sns_configs: Record<string, unknown>[] }[];
  };
  for (const route of [config.route, ...config.route.routes])
    Object.assign(route, { group_wait: '1s', group_interval: '1s' });
  for (const r of config.receivers) {
    for (const sns of r.sns_configs) {
      sns.api_url = snsUrl;
      sns.sigv4 = { ...(sns.sigv4 as object), access_key: 'AKIDLOOPBACK', secret_key: 'loopback-secret' };
    }
  }
  return stringify(config);
}

describeWithAlertmanagerTools("AMP's alert manager definition in a real Alertmanager", () => {
  let sns: SnsLoopback;
  let alertmanager: RunningAlertmanager;
  const tricky = 'rate "5xx" > 10%\nsee C:\\runbooks — déjà vu ✓';
  const notification = (p: Published) =>
    JSON.parse(p.message) as {
      status: string;
      receiver: string;
      alerts: {
        status: string;
        labels: Record<string, string>;
        annotations: Record<string, string>;
        startsAt: string;
        endsAt: string;
      }[];
    };
  const to = (severity: AlarmSeverity) => sns.published.filter((p) => p.topicArn === topicArns[severity]);

  beforeAll(async () => {
    sns = await startSnsLoopback();
    alertmanager = await startAlertmanagerIn(
      await writeConfigDir({ 'alertmanager.yml': localConfig(sns.url), ...definition.template_files }),
    );
  });
  afterAll(async () => {
    await alertmanager?.stop();
    await sns?.close();
  });

  it('is a valid configuration as AMP receives it (amtool check-config)', async () => {
    // Prepare
    const dir = await writeConfigDir({
      'alertmanager.yml': definition.alertmanager_config,
      ...definition.template_files,
    });

    // Act
    const out = await amtoolCheckConfig(join(dir, 'alertmanager.yml'));

    // Assess
    expect(out).toMatch(/SUCCESS[\s\S]*3 receivers[\s\S]*1 templates[\s\S]*SUCCESS/);
    expect(Object.keys(definition.template_files)).toEqual([SNS_TEMPLATE_FILE]);
  });

  it('routes each severity to its topic as JSON, a critical alert the fast burn silencing the slow one and a critical alert its warning twin', async () => {
    // Prepare
    const alert = (
      alertname: string,
      labels: Record<string, string>,
      annotations: Record<string, string> = {},
    ) => ({
      labels: { alertname, ...labels },
      annotations,
      generatorURL: 'http://prometheus/graph?g0.expr=up',
    });

    // Act
    await alertmanager.post([
      alert(
        'HighErrorRate',
        { severity: 'critical', service: 'api' },
        { summary: tricky, runbook_url: 'runbooks/x.md' },
      ),
      alert('DecisionErrorBudgetBurnFast', { severity: 'critical' }),
      alert('DecisionErrorBudgetBurnSlow', { severity: 'warning' }),
      alert('ApplianceServiceDown', { severity: 'critical', appliance_id: 'app-2' }),
      alert('ApplianceServiceDown', { severity: 'warning', appliance_id: 'app-2' }),
      alert('DiskAlmostFull', { severity: 'warning', appliance_id: 'app-1' }),
      alert('ApplianceUpgraded', { severity: 'info' }),
      alert('RuleWithoutSeverity', {}),
    ]);
    await eventually(async () => sns.published.length >= 6 || undefined, 20_000, '6 notifications');
    await new Promise((resolve) => setTimeout(resolve, 2500)); // an inhibited alert would have arrived by now

    // Assess
    const names = (severity: AlarmSeverity) =>
      to(severity)
        .flatMap((p) => notification(p).alerts.map((a) => a.labels.alertname))
        .sort();
    expect(names('critical')).toEqual([
      'ApplianceServiceDown',
      'DecisionErrorBudgetBurnFast',
      'HighErrorRate',
    ]);
    expect(names('warning')).toEqual(['DiskAlmostFull', 'RuleWithoutSeverity']);
    expect(names('info')).toEqual(['ApplianceUpgraded']);
    const high = to('critical').find((p) => p.message.includes('HighErrorRate'));
    if (!high) throw new Error('no HighErrorRate notification');
    const body = notification(high);
    expect(body).toMatchObject({ status: 'firing', receiver: 'aiops-critical' });
    expect(body.alerts[0]?.labels).toEqual({
      alertname: 'HighErrorRate',
      severity: 'critical',
      service: 'api',
    });
    expect(body.alerts[0]?.annotations).toEqual({ summary: tricky, runbook_url: 'runbooks/x.md' });
    expect(body.alerts[0]?.startsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(high.subject).toBe('[critical] HighErrorRate (firing)');
    expect(high.attributes).toEqual({ severity: 'critical' });
    expect(high.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOOPBACK\/\d{8}\/eu-west-1\/sns\//);
    // The alert fan-out reads the message as it arrives
    const [event] = fromAmpSnsMessage({ Message: high.message }, {});
    expect(event).toMatchObject({
      source: 'prometheus',
      name: 'HighErrorRate',
      severity: 'critical',
      state: 'firing',
    });
    expect(event?.summary).toContain('rate "5xx" > 10%');
  });

  it('sends the resolution to the same topic', async () => {
    // Prepare
    const before = to('critical').length;

    // Act
    await alertmanager.post([
      {
        labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'api' },
        annotations: { summary: tricky, runbook_url: 'runbooks/x.md' },
        endsAt: new Date(Date.now() - 1000).toISOString(),
      },
    ]);
    await eventually(
      async () => to('critical').some((p) => notification(p).status === 'resolved') || undefined,
      20_000,
      'the resolution',
    );

    // Assess
    const resolved = to('critical')
      .slice(before)
      .find((p) => notification(p).status === 'resolved');
    expect(resolved?.subject).toBe('[critical] HighErrorRate (resolved)');
    expect(notification(resolved as Published).alerts[0]?.endsAt).not.toMatch(/^0001-/);
  });

  it('notifies each tenant’s alerts apart when two tenants share an appliance id, and resolves them apart', async () => {
    // Prepare: acme's and globex's gw-01 are both offline
    const offline = (customer: string, endsAt?: string) => ({
      labels: {
        alertname: 'ApplianceOffline',
        severity: 'critical',
        appliance_id: 'gw-01',
        customer_id: customer,
      },
      annotations: { summary: `Appliance gw-01 (customer ${customer}) is offline` },
      ...(endsAt ? { endsAt } : {}),
    });
    const gwNotices = () =>
      to('critical')
        .map(notification)
        .filter((n) => n.alerts.some((a) => a.labels.appliance_id === 'gw-01'));
    const customersOf = (n: ReturnType<typeof notification>) =>
      n.alerts.map((a) => a.labels.customer_id).sort();

    // Act
    await alertmanager.post([offline('acme'), offline('globex')]);
    await eventually(async () => gwNotices().length >= 2 || undefined, 20_000, 'one notification per tenant');
    await alertmanager.post([offline('acme', new Date(Date.now() - 1000).toISOString()), offline('globex')]);
    await eventually(
      async () => gwNotices().some((n) => n.status === 'resolved') || undefined,
      20_000,
      "acme's resolution",
    );
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a wrongly grouped notice would have arrived by now

    // Assess
    const firing = gwNotices().filter((n) => n.status === 'firing');
    const resolved = gwNotices().filter((n) => n.status === 'resolved');
    expect(firing.map(customersOf).sort()).toEqual([['acme'], ['globex']]);
    expect(resolved.map(customersOf)).toEqual([['acme']]);
  });
});
