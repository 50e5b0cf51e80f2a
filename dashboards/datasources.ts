/**
 * The data sources the dashboards use, each through a dashboard variable whose default is
 * the uid the Managed Grafana stack provisions, and the `tenant` and `appliance` variables.
 */
import type * as common from '@grafana/grafana-foundation-sdk/common';
import {
  ConstantVariableBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DATA_SOURCE_UIDS } from '#domain/grafana/data-sources';
import { METRICS } from '#domain/metrics/catalog';
import { re, series } from './promql.ts';

/** Data source uids the Managed Grafana stack provisions (the variables' defaults): the provisioner's. */
export const DATASOURCE_UIDS = DATA_SOURCE_UIDS;

/** Grafana plugin ids of those data sources. */
export const DATASOURCE_TYPES = {
  prometheus: 'prometheus',
  cloudwatch: 'cloudwatch',
  xray: 'grafana-x-ray-datasource',
} as const;

/** Names of the data source variables. */
export const DATASOURCE_VARIABLES = {
  prometheus: 'datasource',
  cloudwatch: 'cloudwatch',
  xray: 'xray',
} as const;

type Kind = keyof typeof DATASOURCE_UIDS;

/** The reference a panel or query uses: the kind's type and its variable. */
export const datasourceRef = (kind: Kind): common.DataSourceRef => ({
  type: DATASOURCE_TYPES[kind],
  uid: `\${${DATASOURCE_VARIABLES[kind]}}`,
});

const LABELS: Record<Kind, string> = { prometheus: 'Prometheus', cloudwatch: 'CloudWatch', xray: 'X-Ray' };

/** The data source variable of a kind, defaulting to the provisioned uid. */
export function datasourceVariable(kind: Kind): DatasourceVariableBuilder {
  const uid = DATASOURCE_UIDS[kind];
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLES[kind])
    .label(LABELS[kind])
    .type(DATASOURCE_TYPES[kind])
    .current({ text: uid, value: uid });
}

/** Name of the AWS region variable (links into the AWS console use it). */
export const REGION_VARIABLE = 'aws_region';

/**
 * The AWS region of the deployment, a hidden constant the provisioner overwrites.
 * @param region @default 'us-east-1'
 */
export function regionVariable(region = 'us-east-1'): ConstantVariableBuilder {
  return new ConstantVariableBuilder(REGION_VARIABLE)
    .label('AWS region')
    .description('Region of the deployment, for links into the AWS console (set when provisioned).')
    .value(region);
}

/**
 * A Prometheus query variable listing the values of `label` on the series of `selector`,
 * refreshed with the time range, sorted, multi-value and All by default.
 */
function labelValuesVariable(
  name: string,
  text: { readonly label: string; readonly description?: string },
  selector: string,
  label: string,
): QueryVariableBuilder {
  const query = `label_values(${selector}, ${label})`;
  const variable = new QueryVariableBuilder(name).label(text.label);
  if (text.description !== undefined) variable.description(text.description);
  return variable
    .datasource(datasourceRef('prometheus'))
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .current({ text: 'All', value: '$__all' });
}

/** `tenant`: the customer ids that have appliances (multi, All by default). */
export function tenantVariable(): QueryVariableBuilder {
  return labelValuesVariable(
    'tenant',
    { label: 'Tenant', description: 'Customer id (the API key tenant) of the appliances shown.' },
    series(METRICS.applianceOnline),
    'customer_id',
  );
}

/**
 * `appliance`: the appliance ids of the selected tenants (multi, All by default). No custom
 * "All" value, so All expands to the tenants' appliance ids. An id names an appliance only
 * with its tenant: queries filter on `customer_id=~"$tenant"` beside it.
 */
export function applianceVariable(): QueryVariableBuilder {
  return labelValuesVariable(
    'appliance',
    { label: 'Appliance' },
    series(METRICS.applianceOnline, { customer_id: re('$tenant') }),
    'appliance_id',
  );
}
