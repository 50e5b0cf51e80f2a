import { describe, expect, it } from 'vitest';
import { parseProvisioningProperties, provisioningResourceId } from '#domain/grafana/provisioning-properties';

const valid = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
  WorkspaceId: 'g-0123456789',
  GrafanaUrl: 'https://g-0123456789.grafana-workspace.eu-west-1.amazonaws.com',
  Region: 'eu-west-1',
  PrometheusUrl: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/',
  DashboardsUrl: 'https://cdk-assets.s3.eu-west-1.amazonaws.com/abc.json',
  DashboardsHash: 'abc',
};

describe('parseProvisioningProperties', () => {
  it('applies the defaults and takes numbers as CloudFormation passes them, as strings', () => {
    // Act
    const plain = parseProvisioningProperties(valid);
    const custom = parseProvisioningProperties({
      ...valid,
      TokenSeconds: '120',
      DashboardConstants: { a: 'b' },
    });

    // Assess
    expect(plain).toMatchObject({
      ServiceAccountName: 'aiops-provisioner',
      TokenSeconds: 300,
      DashboardConstants: {},
    });
    expect(custom).toMatchObject({ TokenSeconds: 120, DashboardConstants: { a: 'b' } });
    expect(provisioningResourceId(plain.WorkspaceId)).toBe('aiops-grafana-provisioning-g-0123456789');
  });

  it.each([
    [{ WorkspaceId: 'ws-1' }, 'WorkspaceId'],
    [{ GrafanaUrl: 'ftp://x' }, 'GrafanaUrl'],
    [{ TokenSeconds: '86400' }, 'TokenSeconds'],
    [{ DashboardsHash: '' }, 'DashboardsHash'],
  ])('rejects %j naming %s', (override, field) => {
    // Act
    const act = () => parseProvisioningProperties({ ...valid, ...override });

    // Assess
    expect(act).toThrow(new RegExp(`^invalid Grafana provisioning properties: .*${field}`));
  });
});
