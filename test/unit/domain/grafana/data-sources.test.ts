import { describe, expect, it } from 'vitest';
import { aiopsDataSources, DATA_SOURCE_UIDS } from '#domain/grafana/data-sources';
import { DATASOURCE_TYPES, DATASOURCE_UIDS } from '../../../../dashboards/datasources.ts';

describe('aiopsDataSources', () => {
  const sources = aiopsDataSources({
    region: 'eu-west-1',
    prometheusUrl: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234/',
  });

  it('provisions the uids and types the dashboards refer to', () => {
    // Assess
    expect(DATA_SOURCE_UIDS).toEqual(DATASOURCE_UIDS);
    expect(Object.fromEntries(sources.map((s) => [s.uid, s.type]))).toEqual({
      [DATASOURCE_UIDS.prometheus]: DATASOURCE_TYPES.prometheus,
      [DATASOURCE_UIDS.cloudwatch]: DATASOURCE_TYPES.cloudwatch,
      [DATASOURCE_UIDS.xray]: DATASOURCE_TYPES.xray,
    });
  });

  it('signs AMP queries with the workspace role and makes it the default', () => {
    // Act
    const amp = sources.find((s) => s.uid === 'aiops-amp');

    // Assess
    expect(amp).toMatchObject({
      url: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234',
      access: 'proxy',
      isDefault: true,
      jsonData: {
        sigV4Auth: true,
        sigV4AuthType: 'ec2_iam_role',
        sigV4Region: 'eu-west-1',
        httpMethod: 'POST',
      },
    });
    expect(sources.filter((s) => s.isDefault)).toHaveLength(1);
    for (const s of sources.filter((x) => x.uid !== 'aiops-amp')) {
      expect(s.jsonData).toEqual({ authType: 'ec2_iam_role', defaultRegion: 'eu-west-1' });
    }
  });
});
