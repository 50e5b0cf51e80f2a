/** Uids of the data sources the provisioner keeps in the workspace (the dashboards refer to them). */
export const DATA_SOURCE_UIDS = {
  prometheus: 'aiops-amp',
  cloudwatch: 'aiops-cloudwatch',
  xray: 'aiops-xray',
} as const;

/** A data source as the Grafana HTTP API takes it (`POST /api/datasources`, `PUT /api/datasources/uid/:uid`). */
export interface GrafanaDataSource {
  readonly uid: string;
  readonly name: string;
  /** Plugin id: `prometheus`, `cloudwatch`, `grafana-x-ray-datasource`. */
  readonly type: string;
  readonly access: 'proxy';
  readonly url?: string;
  readonly isDefault: boolean;
  readonly editable: boolean;
  readonly jsonData: Readonly<Record<string, unknown>>;
}

/** Where the data sources point. */
export interface DataSourceTargets {
  /** The deployment's region. */
  readonly region: string;
  /** The AMP workspace's Prometheus endpoint, `https://aps-workspaces.<region>.amazonaws.com/workspaces/ws-…/`. */
  readonly prometheusUrl: string;
}

/**
 * Managed Grafana's "workspace IAM role" authentication: the workspace's own role, no keys
 * (the data source plugins call it `ec2_iam_role`).
 */
export const WORKSPACE_ROLE_AUTH = 'ec2_iam_role';

/**
 * The three data sources of the aiops dashboards, all signed with the workspace role:
 * AMP (Prometheus with SigV4, the default), CloudWatch (metrics and Logs Insights) and X-Ray.
 * Not editable in the UI: the next deployment would overwrite a change.
 * @example aiopsDataSources({ region: 'eu-west-1', prometheusUrl })[0].uid // 'aiops-amp'
 */
export function aiopsDataSources(targets: DataSourceTargets): GrafanaDataSource[] {
  const common = { access: 'proxy', editable: false } as const;
  return [
    {
      ...common,
      uid: DATA_SOURCE_UIDS.prometheus,
      name: 'Amazon Managed Prometheus (aiops)',
      type: 'prometheus',
      url: targets.prometheusUrl.replace(/\/+$/, ''),
      isDefault: true,
      jsonData: {
        httpMethod: 'POST',
        sigV4Auth: true,
        sigV4AuthType: WORKSPACE_ROLE_AUTH,
        sigV4Region: targets.region,
        // The exporter writes every minute: a smaller step only repeats points.
        timeInterval: '60s',
      },
    },
    {
      ...common,
      uid: DATA_SOURCE_UIDS.cloudwatch,
      name: 'CloudWatch (aiops)',
      type: 'cloudwatch',
      isDefault: false,
      jsonData: { authType: WORKSPACE_ROLE_AUTH, defaultRegion: targets.region },
    },
    {
      ...common,
      uid: DATA_SOURCE_UIDS.xray,
      name: 'X-Ray (aiops)',
      type: 'grafana-x-ray-datasource',
      isDefault: false,
      jsonData: { authType: WORKSPACE_ROLE_AUTH, defaultRegion: targets.region },
    },
  ];
}
