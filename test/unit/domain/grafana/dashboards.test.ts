import { describe, expect, it } from 'vitest';
import { dashboardImport, parseDashboardBundle, withConstants } from '#domain/grafana/dashboards';

const dashboard = (uid: string, variables: { name: string; type: string; query?: string }[] = []) => ({
  uid,
  title: `Dashboard ${uid}`,
  id: 42,
  panels: [{ type: 'timeseries' }],
  templating: { list: variables },
});

describe('parseDashboardBundle', () => {
  it('keeps every dashboard as it is', () => {
    // Prepare
    const models = [dashboard('aiops-slo'), dashboard('aiops-system-overview')];

    // Act
    const parsed = parseDashboardBundle({ dashboards: models });

    // Assess
    expect(parsed).toEqual(models);
  });

  it.each([
    [{ dashboards: [] }, /dashboards/],
    [{ dashboards: [{ title: 'no uid' }] }, /dashboards\.0\.uid/],
    [{ dashboards: [{ uid: 'has space', title: 't' }] }, /Grafana uid/],
    [{ dashboards: [dashboard('a'), dashboard('a')] }, /uid a appears twice/],
    [{ dashboards: [dashboard('a')], extra: 1 }, /extra|Unrecognized/],
  ])('rejects %j', (bundle, message) => {
    // Act
    const act = () => parseDashboardBundle(bundle);

    // Assess
    expect(act).toThrow(message);
  });
});

describe('withConstants', () => {
  it('sets the constant variables the dashboard declares and ignores the others', () => {
    // Prepare
    const d = parseDashboardBundle({
      dashboards: [
        dashboard('aiops-decision-quality', [
          { name: 'datasource', type: 'datasource', query: 'prometheus' },
          { name: 'aws_region', type: 'constant', query: 'us-east-1' },
          { name: 'decisions_log_group', type: 'constant', query: 'CHANGE-ME' },
        ]),
      ],
    })[0];
    if (!d) throw new Error('no dashboard');

    // Act
    const set = withConstants(d, {
      aws_region: 'eu-west-1',
      decisions_log_group: '/aws/lambda/x',
      other: 'y',
    });

    // Assess
    expect(set.templating?.list).toEqual([
      { name: 'datasource', type: 'datasource', query: 'prometheus' },
      {
        name: 'aws_region',
        type: 'constant',
        query: 'eu-west-1',
        current: { text: 'eu-west-1', value: 'eu-west-1' },
        options: [{ text: 'eu-west-1', value: 'eu-west-1', selected: true }],
      },
      expect.objectContaining({ name: 'decisions_log_group', query: '/aws/lambda/x' }),
    ]);
    expect(d.templating?.list[1]).toMatchObject({ query: 'us-east-1' });
  });
});

describe('dashboardImport', () => {
  it('upserts by uid: id cleared, overwrite on, into the folder', () => {
    // Act
    const body = dashboardImport(dashboard('aiops-slo'), 'aiops', 'deploy abc');

    // Assess
    expect(body).toMatchObject({ folderUid: 'aiops', overwrite: true, message: 'deploy abc' });
    expect(body.dashboard).toMatchObject({ uid: 'aiops-slo', id: null, panels: [{ type: 'timeseries' }] });
  });
});
