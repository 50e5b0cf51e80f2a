import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAlertGroupStore } from '#adapters/alert-group-store';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { configuredSender } from '#adapters/notify/senders';
import type { AlertSender } from '#domain/alerts/deliver-alert';
import { ALERT_RECEIVERS, type AlertReceiver } from '#domain/alerts/routing';
import { alertEnv } from '#runtime/alert-env';
import { createAlertGroupsTable } from './alert-groups-table.ts';
import { createAlertRouter, type RoutedNotice } from './router.ts';
import { startAlertServer } from './server.ts';

export type { RoutedNotice } from './router.ts';

/** Options of {@link startLocalAlerts}. */
export interface LocalAlertsOptions {
  /** DynamoDB (Local) endpoint holding the alert groups table. */
  readonly dynamodbEndpoint: string;
  /** Table prefix: the table is `<prefix>-alert-groups`. */
  readonly tablePrefix: string;
  /** Port of the receiver; 0 takes a free one. @default 0 */
  readonly port?: number;
  /**
   * Settings, read as the Lambdas read theirs: `ALERT_ROUTES`, `ALERT_GROUP_BY`,
   * `RUNBOOK_BASE_URL`, `GRAFANA_URL`, `TRACE_URL_TEMPLATE`, `PAGERDUTY_EVENTS_URL`,
   * `PAGERDUTY_ROUTING_KEY`, `SLACK_WEBHOOK_URL`, `ALERT_EMAIL_TOPIC_ARN` (+ `AWS_ENDPOINT_URL_SNS`).
   * A receiver without settings prints its notices on stderr.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** The running local alert path. */
export interface LocalAlerts {
  /** Base URL of the receiver. */
  readonly url: string;
  /** What to give Alertmanager's `webhook_configs.url`. */
  readonly alertmanagerWebhookUrl: string;
  /** Every notice sent so far, in order. */
  readonly notices: readonly RoutedNotice[];
  stop(): Promise<void>;
}

/**
 * Starts the local alert path: the alert groups table in DynamoDB Local, the senders of the
 * configured receivers, the router and its HTTP receiver.
 * @example const alerts = await startLocalAlerts({ dynamodbEndpoint, tablePrefix: 'aiops-local' });
 */
export async function startLocalAlerts(options: LocalAlertsOptions): Promise<LocalAlerts> {
  const env = options.env ?? process.env;
  const settings = alertEnv(env);
  const config = {
    endpoint: options.dynamodbEndpoint,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  };
  const admin = new DynamoDBClient(config);
  const tableName = await createAlertGroupsTable(admin, options.tablePrefix).finally(() => admin.destroy());
  const db = createDocumentClient(config);
  const senders: Partial<Record<AlertReceiver, AlertSender>> = {};
  for (const receiver of ALERT_RECEIVERS) {
    const sender = configuredSender(receiver, env);
    if (sender) senders[receiver] = sender;
  }
  const notices: RoutedNotice[] = [];
  const route = createAlertRouter({
    routes: settings.routes,
    groupBy: settings.groupBy,
    store: new DynamoAlertGroupStore(db, tableName),
    senders,
  });
  const server = await startAlertServer({
    router: async (events) => {
      const sent = await route(events);
      notices.push(...sent);
      return sent;
    },
    settings: settings.links,
    port: options.port ?? 0,
  });
  return {
    url: server.url,
    alertmanagerWebhookUrl: `${server.url}/alertmanager`,
    notices,
    stop: async () => {
      await server.close();
      db.destroy();
    },
  };
}
