/**
 * Per-decision tables with links to the trace. Decision and trace ids are never Prometheus
 * labels, so these tables read the ingest Lambdas' Powertools JSON logs with CloudWatch Logs
 * Insights, and link each row's `xray_trace_id` (which Powertools adds in Lambda) to the
 * trace in Grafana's X-Ray data source and in the AWS console.
 */
import * as cloudwatch from '@grafana/grafana-foundation-sdk/cloudwatch';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { ConstantVariableBuilder, type DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';
import * as table from '@grafana/grafana-foundation-sdk/table';
import type { ApiFunction } from '#contract/routes';
import { DATASOURCE_TYPES, DATASOURCE_VARIABLES, datasourceRef, REGION_VARIABLE } from './datasources.ts';

/** The field Powertools Logger writes the X-Ray trace id of the Lambda invocation to. */
export const TRACE_FIELD = 'xray_trace_id';
/**
 * The field of the ingest function's `decision recorded` line holding the agent's own trace
 * id in X-Ray form (see `lambdas/observability/recorded-log.ts`): the decision's trace, end to end.
 */
export const DECISION_TRACE_FIELD = 'xrayTraceId';

/** The ingest functions whose log groups the tables read, and their constant variables. */
export const LOG_GROUP_VARIABLES = {
  'ingest-decisions': 'decisions_log_group',
  'ingest-execution': 'execution_log_group',
} as const satisfies Partial<Record<ApiFunction, string>>;

/** An ingest function with a log-group variable. */
export type LoggedFunction = keyof typeof LOG_GROUP_VARIABLES;

/**
 * A hidden constant holding the function's log group (name or ARN). The generated JSON holds
 * a placeholder: whoever provisions the dashboard sets the deployed log group with
 * {@link setConstantVariables}.
 */
export function logGroupVariable(fn: LoggedFunction): ConstantVariableBuilder {
  return new ConstantVariableBuilder(LOG_GROUP_VARIABLES[fn])
    .label(`${fn} log group`)
    .description(`CloudWatch log group of the ${fn} Lambda function (set when provisioned).`)
    .value(`CHANGE-ME-${fn}-log-group`);
}

/** Grafana's data link placeholder for the clicked cell's raw value. */
export const CELL_VALUE = `\${__value.raw}`;

/**
 * A Grafana Explore URL that opens one trace in the X-Ray data source chosen by the `xray`
 * variable. Grafana interpolates `${xray}` and `${__value.raw}` in data link URLs, so those
 * two stay literal while the rest of the pane state is URL-encoded.
 */
export function xrayExploreUrl(): string {
  const ds = `\${${DATASOURCE_VARIABLES.xray}}`;
  const panes = {
    trace: {
      datasource: ds,
      queries: [
        {
          refId: 'A',
          datasource: { type: DATASOURCE_TYPES.xray, uid: ds },
          queryType: 'getTrace',
          query: CELL_VALUE,
        },
      ],
      range: { from: 'now-1h', to: 'now' },
    },
  };
  let encoded = encodeURIComponent(JSON.stringify(panes));
  for (const literal of [ds, CELL_VALUE]) encoded = encoded.replaceAll(encodeURIComponent(literal), literal);
  return `/explore?schemaVersion=1&panes=${encoded}`;
}

const xrayExploreLink = { title: 'Open trace in Grafana (X-Ray)', url: xrayExploreUrl(), targetBlank: false };

/** The same trace in the AWS console (CloudWatch → X-Ray traces). */
const xrayConsoleLink = {
  title: 'Open trace in the AWS console',
  url: `https://\${${REGION_VARIABLE}}.console.aws.amazon.com/cloudwatch/home?region=\${${REGION_VARIABLE}}#xray:traces/${CELL_VALUE}`,
  targetBlank: true,
};

/** Options of {@link traceTablePanel}. */
export interface TraceTableOptions {
  readonly description: string;
  /** The function whose log group is queried. */
  readonly fn: LoggedFunction;
  /** The Logs Insights query (it should return the trace field). */
  readonly expression: string;
  /** The field holding the X-Ray trace id, whose cells link to the trace. @default TRACE_FIELD */
  readonly traceField?: string;
  /** @default 24 */
  readonly span?: number;
  /** @default 9 */
  readonly height?: number;
}

/** A table of Logs Insights rows whose trace id cell links to the trace. */
export function traceTablePanel(title: string, o: TraceTableOptions): table.PanelBuilder {
  const query = new cloudwatch.LogsQueryBuilder()
    .datasource(datasourceRef('cloudwatch'))
    .refId('A')
    .id('')
    .region('default')
    .queryMode(cloudwatch.QueryMode.Logs)
    .queryLanguage(cloudwatch.LogsQueryLanguage.CWLI)
    .expression(o.expression)
    .logGroups([
      new cloudwatch.LogGroupBuilder()
        .arn(`$${LOG_GROUP_VARIABLES[o.fn]}`)
        .name(`$${LOG_GROUP_VARIABLES[o.fn]}`),
    ]);
  const traceColumn: DynamicConfigValue[] = [
    { id: 'displayName', value: 'Trace (X-Ray)' },
    { id: 'links', value: [xrayExploreLink, xrayConsoleLink] },
  ];
  return new table.PanelBuilder()
    .title(title)
    .description(o.description)
    .datasource(datasourceRef('cloudwatch'))
    .span(o.span ?? 24)
    .height(o.height ?? 9)
    .cellHeight(common.TableCellHeight.Sm)
    .withTarget(query)
    .overrideByName(o.traceField ?? TRACE_FIELD, traceColumn);
}

/**
 * Sets the value of constant variables (log groups, region) in generated dashboard JSON,
 * for the provisioner; unknown names are an error. Returns a new object.
 * @example setConstantVariables(json, { decisions_log_group: 'aiops-api-IngestDecisionsLogs…', aws_region: 'eu-west-1' })
 */
export function setConstantVariables<T extends { templating?: { list?: unknown[] } }>(
  dashboard: T,
  values: Readonly<Record<string, string>>,
): T {
  const list = (dashboard.templating?.list ?? []) as { name: string; type: string }[];
  for (const name of Object.keys(values)) {
    if (!list.some((v) => v.name === name && v.type === 'constant'))
      throw new Error(`dashboard has no constant variable '${name}'`);
  }
  const updated = list.map((v) =>
    v.type === 'constant' && values[v.name] !== undefined
      ? { ...v, query: values[v.name], current: { text: values[v.name], value: values[v.name] } }
      : v,
  );
  return { ...dashboard, templating: { ...dashboard.templating, list: updated } };
}
