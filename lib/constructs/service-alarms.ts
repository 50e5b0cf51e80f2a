import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  type AlarmWithAnnotation,
  type CustomAlarmThreshold,
  DefaultDashboardFactory,
  MonitoringFacade,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { ALARM_SEVERITIES, type AlarmSeverity, alarmDescription } from '#domain/alarm-naming';
import type { MonitoredResources } from './monitored-resources.ts';
import { shortName } from './monitored-resources.ts';
import { METRICS_NAMESPACE } from './powertools-function.ts';

/** Thresholds of the alarms. */
export interface ServiceAlarmThresholds {
  /** API 5xx, percent of requests over 5 minutes (critical). @default 5 */
  readonly api5xxPercent?: number;
  /** API p95 latency over 5 minutes, milliseconds (warning). @default 5000 */
  readonly apiP95LatencyMs?: number;
  /** Errors of one function in 5 minutes above which it warns. @default 0 */
  readonly functionErrors?: number;
  /** Stream iterator age that warns, seconds. @default 60 */
  readonly iteratorAgeWarningSeconds?: number;
  /** Stream iterator age that pages, seconds. @default 3600 */
  readonly iteratorAgeCriticalSeconds?: number;
  /** Consecutive minutes of failed exporter runs that page. @default 5 */
  readonly exporterFailureMinutes?: number;
  /** Age of the oldest message of a work queue that warns, seconds. @default 900 */
  readonly workQueueMaxAgeSeconds?: number;
}

/** Properties of a {@link ServiceAlarms}. */
export interface ServiceAlarmsProps {
  /** First part of every alarm name and the dashboard name. */
  readonly prefix: string;
  /** What to watch (usually `findMonitoredResources(app)`). */
  readonly resources: MonitoredResources;
  /** Thresholds. @default - the defaults of {@link ServiceAlarmThresholds} */
  readonly thresholds?: ServiceAlarmThresholds;
  /**
   * `POWERTOOLS_SERVICE_NAME` of the exporter, the `service` dimension of its EMF metrics.
   * @default - no exporter-failure alarm
   */
  readonly exporterService?: string;
  /** A CloudWatch dashboard of the watched metrics, named by the prefix. @default true */
  readonly dashboard?: boolean;
}

/** Requests in 5 minutes below which the 5xx rate is not evaluated (one failure of two is not an outage). */
export const MIN_REQUESTS_FOR_5XX_RATE = 20;

/**
 * The CloudWatch alarms of the app and a CloudWatch dashboard of the same metrics, built with
 * cdk-monitoring-constructs: API 5xx rate (critical) and p95 latency (warning); per function
 * errors and throttles (warning); per stream consumer iterator age (warning, critical); per
 * table read and write throttles (warning); per dead-letter queue visible messages (critical for
 * stream on-failure queues, whose records leave the stream after 24 hours, warning for others);
 * per work queue the age of its oldest message (warning); and, given `exporterService`, the
 * exporter's `ExportFailures` EMF metric for N consecutive minutes (critical: AMP goes stale).
 * Usable in any stack: a stack built after the observability stack can watch its own resources with
 * `new ServiceAlarms(this, 'Alarms', { prefix, resources: findMonitoredResources(this), dashboard: false })`.
 *
 * Every alarm follows `#domain/alarm-naming`: the name ends with `-<severity>` (the severity
 * is the cdk-monitoring-constructs disambiguator) and the description starts with `[<severity>]` and ends with the
 * deployment marker. No alarm has an action: the alert fan-out routes alarm state changes from the default event bus.
 *
 * @example new ServiceAlarms(this, 'Alarms', { prefix: 'aiops', resources: findMonitoredResources(app) });
 */
export class ServiceAlarms extends Construct {
  public readonly facade: MonitoringFacade;
  /** What the alarms watch. */
  public readonly resources: MonitoredResources;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const t = { ...DEFAULT_THRESHOLDS, ...props.thresholds };
    const { resources } = props;
    this.resources = resources;
    const on = thresholdsOf(props.prefix);
    this.facade = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: props.prefix,
        actionsEnabled: false,
        datapointsToAlarm: 1,
        evaluationPeriods: 1,
      },
      metricFactoryDefaults: { period: Duration.minutes(5) },
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: props.prefix,
        createDashboard: props.dashboard ?? true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
    const f = this.facade;
    for (const { httpApi } of resources.httpApis) {
      f.monitorApiGatewayV2HttpApi({
        api: httpApi,
        apiStage: '$default',
        alarmFriendlyName: 'api',
        humanReadableName: 'HTTP API',
        add5xxRateAlarm: on(
          'critical',
          `more than ${t.api5xxPercent}% of API requests answered 5xx in 5 minutes`,
          {
            maxErrorRate: t.api5xxPercent / 100,
            minSampleCountToEvaluateDatapoint: MIN_REQUESTS_FOR_5XX_RATE,
          },
        ),
        addLatencyP95Alarm: on('warning', `API p95 latency above ${t.apiP95LatencyMs} ms for 5 minutes`, {
          maxLatency: Duration.millis(t.apiP95LatencyMs),
        }),
      });
    }
    const consumers = new Set(resources.streamConsumers);
    for (const fn of resources.functions) {
      const name = shortName(fn);
      f.monitorLambdaFunction({
        lambdaFunction: fn.function,
        alarmFriendlyName: `fn-${name}`,
        humanReadableName: `Function ${name}`,
        addFaultCountAlarm: on('warning', `${name}: more than ${t.functionErrors} errors in 5 minutes`, {
          maxErrorCount: t.functionErrors,
        }),
        addThrottlesCountAlarm: on('warning', `${name}: invocations throttled in 5 minutes`, {
          maxErrorCount: 0,
        }),
        ...(consumers.has(fn)
          ? {
              addMaxIteratorAgeAlarm: {
                ...on('warning', `${name} lags its streams by more than ${t.iteratorAgeWarningSeconds} s`, {
                  maxAgeInMillis: t.iteratorAgeWarningSeconds * 1000,
                  period: Duration.minutes(1),
                }),
                ...on('critical', `${name} lags its streams by more than ${t.iteratorAgeCriticalSeconds} s`, {
                  maxAgeInMillis: t.iteratorAgeCriticalSeconds * 1000,
                  period: Duration.minutes(1),
                }),
              },
            }
          : {}),
      });
    }
    for (const table of resources.tables) {
      const name = shortName(table);
      const throttled = (kind: string) =>
        on('warning', `table ${name}: ${kind} requests throttled in 5 minutes`, {
          maxThrottledEventsThreshold: 0,
        });
      f.monitorDynamoTable({
        table,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        alarmFriendlyName: `table-${name}`,
        humanReadableName: `Table ${name}`,
        addReadThrottledEventsCountAlarm: throttled('read'),
        addWriteThrottledEventsCountAlarm: throttled('write'),
      });
    }
    const onFailure = new Set<sqs.IQueue>(resources.onFailureQueues);
    for (const queue of resources.queues) {
      const name = shortName(queue);
      f.monitorSqsQueue({
        queue,
        alarmFriendlyName: `queue-${name}`,
        humanReadableName: `Queue ${name}`,
        addQueueMaxSizeAlarm: on(
          // Stream on-failure queues page; other dead-letter queues warn.
          onFailure.has(queue) ? 'critical' : 'warning',
          `dead letters in ${name}: work that failed for good waits to be replayed or dropped`,
          {
            maxMessageCount: 0,
            period: Duration.minutes(1),
            treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
          },
        ),
      });
    }
    for (const queue of resources.workQueues) {
      const name = shortName(queue);
      f.monitorSqsQueue({
        queue,
        alarmFriendlyName: `queue-${name}`,
        humanReadableName: `Queue ${name}`,
        addQueueMaxMessageAgeAlarm: on(
          'warning',
          `work queue ${name}: oldest message waits more than ${t.workQueueMaxAgeSeconds} s`,
          { maxAgeInSeconds: t.workQueueMaxAgeSeconds, period: Duration.minutes(1) },
        ),
      });
    }
    if (props.exporterService) this.exporterAlarm(on, props.exporterService, t.exporterFailureMinutes);
  }

  private exporterAlarm(on: ReturnType<typeof thresholdsOf>, service: string, minutes: number): void {
    this.facade.monitorCustom({
      alarmFriendlyName: 'exporter',
      humanReadableName: 'Exporter (remote write to AMP)',
      metricGroups: [
        {
          title: 'Remote write failures',
          metrics: [
            {
              metric: new cloudwatch.Metric({
                namespace: METRICS_NAMESPACE,
                metricName: 'ExportFailures',
                dimensionsMap: { service },
                statistic: cloudwatch.Stats.SUM,
                period: Duration.minutes(1),
              }),
              alarmFriendlyName: 'failures',
              addAlarm: on(
                'critical',
                `remote write to AMP failed ${minutes} minutes in a row: AMP goes stale`,
                {
                  threshold: 0,
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                  evaluationPeriods: minutes,
                  datapointsToAlarm: minutes,
                  treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
                },
              ),
            },
          ],
        },
      ],
    });
  }

  /** Every alarm created. */
  public get alarms(): AlarmWithAnnotation[] {
    return this.facade.createdAlarms();
  }

  /** The alarms of each severity. */
  public alarmsOf(severity: AlarmSeverity): AlarmWithAnnotation[] {
    return this.facade.createdAlarmsWithDisambiguator(severity);
  }
}

const DEFAULT_THRESHOLDS: Required<ServiceAlarmThresholds> = {
  api5xxPercent: 5,
  apiP95LatencyMs: 5000,
  functionErrors: 0,
  iteratorAgeWarningSeconds: 60,
  iteratorAgeCriticalSeconds: 3600,
  exporterFailureMinutes: 5,
  workQueueMaxAgeSeconds: 900,
};

/**
 * Tags thresholds for one deployment: each goes under its severity, which is the disambiguator (so
 * the alarm name ends with `-<severity>`), and the description carries `[<severity>]` and the
 * deployment marker.
 */
function thresholdsOf(prefix: string) {
  return <T extends object>(
    severity: AlarmSeverity,
    description: string,
    threshold: T,
  ): Record<string, T & CustomAlarmThreshold> => {
    if (!ALARM_SEVERITIES.includes(severity)) throw new Error(`unknown severity ${severity}`);
    return {
      [severity]: { ...threshold, alarmDescriptionOverride: alarmDescription(prefix, severity, description) },
    };
  };
}
