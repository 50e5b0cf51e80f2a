import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '#lib/app';
import { functionEnvironment, loadConfig, parseConfig } from '#lib/config';

describe('parseConfig', () => {
  it('applies every default to an empty input', () => {
    // Act
    const config = parseConfig({});

    // Assess
    expect(config).toEqual({
      prefix: 'aiops',
      retentionDays: 90,
      heartbeatRetentionDays: 7,
      applianceOfflineAfterSeconds: 300,
      authCacheTtlSeconds: 300,
      authMemoryCacheTtlSeconds: 60,
      labelValuesPerTenant: 100,
      throttle: { rateLimit: 100, burstLimit: 200 },
      logRetentionDays: 30,
      logLevel: 'INFO',
      redactionReplaceDefaults: false,
      removalPolicy: 'retain',
      tracing: true,
      streamRetryAttempts: 5,
      iteratorAgeAlarmSeconds: 60,
      replicaMinCapacity: 0,
      replicaMaxCapacity: 4,
      replicaBackupRetentionDays: 7,
      grafana: { enabled: true, version: '10.4' },
      alarms: {
        api5xxPercent: 5,
        apiP95LatencyMs: 5000,
        functionErrors: 0,
        iteratorAgeCriticalSeconds: 3600,
        exporterFailureMinutes: 5,
      },
      alerting: {
        routes: { critical: ['pagerduty'], warning: ['slack'], info: ['email'] },
        groupBy: ['alertname'],
        pagerDutyEventsUrl: 'https://events.pagerduty.com/v2/enqueue',
        deliveryConcurrency: 2,
      },
    });
  });

  it.each([
    [{ retentionDays: 0 }, 'retentionDays'],
    [{ heartbeatRetentionDays: 'x' }, 'heartbeatRetentionDays'],
    [{ prefix: 'Bad_Prefix' }, 'prefix'],
    [{ throttle: { rateLimit: -1 } }, 'throttle.rateLimit'],
    [{ logRetentionDays: 42 }, 'logRetentionDays'],
    [{ removalPolicy: 'snapshot' }, 'removalPolicy'],
    [{ tracing: 'yes' }, 'tracing'],
    [{ redactionRules: '{"not":"an array"}' }, 'redactionRules'],
    [{ redactionRules: '[{"name":"bad","pattern":"("}]' }, 'redactionRules'],
    [{ retentionDay: 30 }, 'retentionDay'],
    [{ streamRetryAttempts: -1 }, 'streamRetryAttempts'],
    [{ iteratorAgeAlarmSeconds: 0 }, 'iteratorAgeAlarmSeconds'],
    [{ replicaMinCapacity: 0.3 }, 'replicaMinCapacity'],
    [{ replicaMaxCapacity: 0.5 }, 'replicaMaxCapacity'],
    [{ replicaMinCapacity: 8, replicaMaxCapacity: 4 }, 'replicaMaxCapacity'],
    [{ replicaBackupRetentionDays: 36 }, 'replicaBackupRetentionDays'],
    [{ grafana: { enabled: 'maybe' } }, 'grafana.enabled'],
    [{ alerting: { routes: { critical: ['sms'] } } }, 'alerting.routes.critical.0'],
    [{ alerting: { groupBy: ['bad-label'] } }, 'alerting.groupBy.0'],
    [{ alerting: { email: 'not an address' } }, 'alerting.email'],
    [{ grafana: '{"version":"latest"}' }, 'grafana.version'],
    [{ alarms: { api5xxPercent: 0 } }, 'alarms.api5xxPercent'],
    [{ alarms: { apiP95LatencyMs: 60_000 } }, 'alarms.apiP95LatencyMs'],
    [{ alarms: { exporterFailureMinutes: 0 } }, 'alarms.exporterFailureMinutes'],
    [{ alarms: { iteratorAgeCriticalSeconds: 60 } }, 'alarms.iteratorAgeCriticalSeconds'],
    [{ alarms: { pageMe: true } }, 'alarms'],
    [{ labelValuesPerTenant: 0 }, 'labelValuesPerTenant'],
    [{ labelValuesPerTenant: 10_001 }, 'labelValuesPerTenant'],
    [{ labelValuesPerTenant: 2.5 }, 'labelValuesPerTenant'],
  ])('rejects %j naming the field %s', (input, field) => {
    // Act
    const act = () => parseConfig(input);

    // Assess
    expect(act).toThrow(/^invalid config: /);
    expect(act).toThrow(field);
  });

  it('accepts the strings individual -c context keys give', () => {
    // Act
    const config = parseConfig({
      retentionDays: '30',
      tracing: 'false',
      throttle: '{"rateLimit":5,"burstLimit":10}',
    });

    // Assess
    expect(config.retentionDays).toBe(30);
    expect(config.tracing).toBe(false);
    expect(config.throttle).toEqual({ rateLimit: 5, burstLimit: 10 });
  });

  it('accepts redaction rules given as an array and passes them on as JSON', () => {
    // Prepare
    const rules = [{ name: 'ticket', pattern: 'TICKET-\\d+' }];

    // Act
    const config = parseConfig({ redactionRules: rules });

    // Assess
    expect(JSON.parse(config.redactionRules ?? '')).toEqual(rules);
  });

  it('fills the monitoring settings a partial JSON object leaves out', () => {
    // Act
    const config = parseConfig({ grafana: '{"enabled":"false"}', alarms: { api5xxPercent: 2.5 } });

    // Assess
    expect(config.grafana).toEqual({ enabled: false, version: '10.4' });
    expect(config.alarms).toMatchObject({
      api5xxPercent: 2.5,
      apiP95LatencyMs: 5000,
      exporterFailureMinutes: 5,
    });
  });
});

describe('loadConfig', () => {
  it('reads the config file, then lets individual context keys win', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'aiops-config-')), 'prod.json');
    writeFileSync(file, JSON.stringify({ prefix: 'prod', retentionDays: 365, removalPolicy: 'retain' }));
    const app = new App({ context: { config: file, retentionDays: '180' } });

    // Act
    const config = loadConfig(app.node);

    // Assess
    expect(config.prefix).toBe('prod');
    expect(config.retentionDays).toBe(180);
  });

  it('names the config key when the file cannot be read', () => {
    // Prepare
    const app = new App({ context: { config: '/nonexistent/aiops.json' } });

    // Act
    const act = () => loadConfig(app.node);

    // Assess
    expect(act).toThrow(/invalid config: config: cannot read/);
  });
});

describe('redactionRules', () => {
  it.each([
    ['a lookahead', 'password(?=:)', 'unsupported Perl syntax'],
    ['a backreference', '(\\w)\\1', 'invalid escape sequence'],
    ['a pattern that matches the empty text', '(\\w+\\s?)*$', 'matches the empty text'],
  ])('fails the synth of an app whose rule uses %s, naming the field and the rule', (_what, pattern, why) => {
    // Prepare
    const context = { 'aws:cdk:bundling-stacks': [], redactionRules: [{ name: 'card', pattern }] };

    // Act
    const synth = () => buildApp({ context, cloudFormationValidation: false }).app.synth();

    // Assess
    expect(synth).toThrow('invalid config: redactionRules: REDACTION_RULES[0] (card): ');
    expect(synth).toThrow(why);
  });

  it('accepts a catastrophic backtracking pattern, which RE2 runs in linear time', () => {
    // Act
    const config = parseConfig({ redactionRules: [{ name: 'nested', pattern: '(a+)+$' }] });

    // Assess
    expect(JSON.parse(config.redactionRules ?? '')).toEqual([{ name: 'nested', pattern: '(a+)+$' }]);
  });
});

describe('functionEnvironment', () => {
  it('maps the settings to the names #runtime/settings parses, redaction only when set', () => {
    // Act
    const plain = functionEnvironment(parseConfig({}));
    const redacting = functionEnvironment(
      parseConfig({ redactionRules: '[]', redactionReplaceDefaults: true }),
    );

    // Assess
    expect(plain).toEqual({
      TABLE_PREFIX: 'aiops',
      RETENTION_DAYS: '90',
      HEARTBEAT_RETENTION_DAYS: '7',
      APPLIANCE_OFFLINE_AFTER_SECONDS: '300',
      AUTH_CACHE_TTL_SECONDS: '60',
      LABEL_VALUES_PER_TENANT: '100',
    });
    expect(functionEnvironment(parseConfig({ labelValuesPerTenant: '250' })).LABEL_VALUES_PER_TENANT).toBe(
      '250',
    );
    expect(redacting).toMatchObject({ REDACTION_RULES: '[]', REDACTION_REPLACE_DEFAULTS: 'true' });
  });
});
