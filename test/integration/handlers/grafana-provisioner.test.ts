import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readDashboards } from '#lib/constructs/grafana-provisioning';
import { DEFAULT_DASHBOARDS_DIR } from '#lib/stacks/observability-stack';
import { type CapturedLogs, captureLogs } from '../../support/capture-logs.ts';
import { type GrafanaLoopback, startGrafanaLoopback } from './grafana-loopback.ts';

const context = { functionName: 'grafana-provisioner', awsRequestId: 'req-1' } as Context;
const dashboards = readDashboards(DEFAULT_DASHBOARDS_DIR);

describe('grafana-provisioner handler against loopback control plane, Grafana API and S3', () => {
  let loop: GrafanaLoopback;
  let handler: (event: CloudFormationCustomResourceEvent, context: Context) => Promise<unknown>;
  const saved = { ...process.env };
  let captured: CapturedLogs;
  let logs: readonly string[] = [];

  beforeAll(async () => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACK';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    ({ handler } = await import('#entries/grafana-provisioner'));
  });
  beforeEach(async () => {
    loop = await startGrafanaLoopback({ dashboards });
    process.env.AWS_ENDPOINT_URL_GRAFANA = loop.controlPlaneUrl;
    captured = captureLogs();
    logs = captured.chunks;
  });
  afterEach(async () => {
    captured.restore();
    logs = [];
    await loop.close();
  });
  afterAll(() => {
    process.env = saved;
  });

  const event = (RequestType: 'Create' | 'Update' | 'Delete', extra: Record<string, unknown> = {}) =>
    ({
      RequestType,
      PhysicalResourceId: `aiops-grafana-provisioning-${loop.workspaceId}`,
      ResourceProperties: {
        ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
        WorkspaceId: loop.workspaceId,
        GrafanaUrl: loop.grafanaUrl,
        Region: 'eu-west-1',
        PrometheusUrl: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234/',
        DashboardsUrl: loop.bundleUrl,
        DashboardsHash: '0123456789abcdef0123',
        DashboardConstants: {
          decisions_log_group: '/aws/lambda/decisions',
          execution_log_group: '/aws/lambda/exec',
        },
        ...extra,
      },
    }) as unknown as CloudFormationCustomResourceEvent;
  const secrets = () => [...loop.tokens.values()].map((t) => t.key);
  const bearers = () => new Set(loop.grafanaRequests.map((r) => r.headers.authorization));

  it('creates the service account and a short-lived token, pushes data sources and dashboards with it, then deletes it', async () => {
    // Act
    const result = await handler(event('Create'), context);

    // Assess: one admin service account, one token of 300 s, deleted at the end
    expect([...loop.serviceAccounts.values()]).toEqual([{ name: 'aiops-provisioner', grafanaRole: 'ADMIN' }]);
    const tokens = [...loop.tokens.values()];
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ secondsToLive: 300, live: false });
    expect(loop.controlPlaneRequests.at(-1)?.method).toBe('DELETE');
    expect(
      loop.controlPlaneRequests.every((r) => String(r.headers.authorization).startsWith('AWS4-HMAC-SHA256')),
    ).toBe(true);
    // Every Grafana call carried that token as a bearer
    expect(bearers()).toEqual(new Set([`Bearer ${tokens[0]?.key}`]));
    // The data sources, by uid, signed with the workspace role
    expect([...loop.dataSources.keys()].sort()).toEqual(['aiops-amp', 'aiops-cloudwatch', 'aiops-xray']);
    expect(loop.dataSources.get('aiops-amp')).toMatchObject({
      type: 'prometheus',
      url: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234',
      jsonData: { sigV4Auth: true, sigV4AuthType: 'ec2_iam_role', sigV4Region: 'eu-west-1' },
    });
    // Every dashboard of the bundle in the folder, with the deployment's constants
    expect([...loop.dashboards.keys()].sort()).toEqual(dashboards.map((d) => d.uid).sort());
    expect(
      [...loop.dashboards.values()].every((d) => d.folderUid === 'aiops' && d.dashboard.id === null),
    ).toBe(true);
    const quality = JSON.stringify(loop.dashboards.get('aiops-decision-quality'));
    expect(quality).toContain('"query":"/aws/lambda/decisions"');
    expect(quality).toContain('"query":"eu-west-1"');
    expect(quality).not.toContain('CHANGE-ME');
    // The bundle was read with a SigV4 signature for S3
    expect(String(loop.s3Requests[0]?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOOPBACK\/\d{8}\/eu-west-1\/s3\//,
    );
    expect(result).toEqual({
      PhysicalResourceId: `aiops-grafana-provisioning-${loop.workspaceId}`,
      Data: { ServiceAccountId: '1', DataSources: 3, Dashboards: dashboards.length },
    });
    expect(logs.join('')).toContain('Grafana provisioned');
    for (const secret of secrets()) expect(logs.join('')).not.toContain(secret);
  });

  it('reuses the service account on update and updates the data sources in place', async () => {
    // Prepare
    await handler(event('Create'), context);
    loop.grafanaRequests.length = 0;

    // Act
    await handler(event('Update', { DashboardsHash: 'fedcba9876543210' }), context);

    // Assess
    expect(loop.serviceAccounts.size).toBe(1);
    expect([...loop.tokens.values()].map((t) => t.live)).toEqual([false, false]);
    const writes = loop.grafanaRequests.filter(
      (r) => r.path.startsWith('/api/datasources') && r.method !== 'GET',
    );
    expect(writes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'PUT /api/datasources/uid/aiops-amp',
      'PUT /api/datasources/uid/aiops-cloudwatch',
      'PUT /api/datasources/uid/aiops-xray',
    ]);
    expect(loop.grafanaRequests.filter((r) => r.path === '/api/folders')).toEqual([]);
    const body = loop.grafanaRequests.find((r) => r.path === '/api/dashboards/db')?.body as {
      message: string;
    };
    expect(body.message).toContain('fedcba987654');
  });

  it('deletes the token even when a dashboard push fails, and fails the deployment naming the dashboard', async () => {
    // Prepare
    loop.refuseDashboards.add('aiops-slo');

    // Act
    const act = handler(event('Create'), context);

    // Assess
    await expect(act).rejects.toThrow(/aiops-slo.*400.*Dashboard aiops-slo invalid/);
    expect([...loop.tokens.values()].map((t) => t.live)).toEqual([false]);
    expect(loop.controlPlaneRequests.at(-1)?.path).toMatch(/\/tokens\/\d+$/);
    for (const secret of secrets()) expect(logs.join('')).not.toContain(secret);
  });

  it('removes the service account on delete and leaves data sources and dashboards', async () => {
    // Prepare
    await handler(event('Create'), context);
    loop.grafanaRequests.length = 0;

    // Act
    const deleted = await handler(event('Delete'), context);
    const again = await handler(event('Delete'), context);
    const goneWorkspace = await handler(event('Delete', { WorkspaceId: 'g-9999999999' }), context);

    // Assess
    expect(loop.serviceAccounts.size).toBe(0);
    expect(loop.grafanaRequests).toEqual([]);
    expect(loop.dataSources.size).toBe(3);
    expect(loop.dashboards.size).toBe(dashboards.length);
    for (const result of [deleted, again, goneWorkspace]) {
      expect(result).toEqual({ PhysicalResourceId: `aiops-grafana-provisioning-${loop.workspaceId}` });
    }
  });
});
