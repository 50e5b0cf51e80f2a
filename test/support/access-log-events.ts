/**
 * Access log deliveries for tests: lines as API Gateway writes them and the gzipped, base64
 * `awslogs.data` event a CloudWatch Logs subscription invokes Lambda with.
 */
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import type { LogEvent } from '#domain/metrics/access-log-batch';
import { type AccessLogRecord, formatAccessLogRecord } from '#domain/metrics/access-log-format';

/** One log event with a CloudWatch-like 56-digit id (`n` makes it unique). */
export function logEvent(n: number, record: AccessLogRecord): LogEvent {
  return {
    id: `3195310660696698337880902507980421114328961542429${String(n).padStart(7, '0')}`,
    timestamp: 1_763_700_000_000 + n,
    message: formatAccessLogRecord(record),
  };
}

/** A request to `route` that took `ms` and answered `status`. */
export function request(route: string, status: number, ms: number): AccessLogRecord {
  const [method, path] = route.split(' ') as [string, string];
  return { routeKey: route, httpMethod: method, path, status: String(status), latency: String(ms) };
}

/** The subscription event carrying `events`. */
export function subscriptionEvent(
  events: readonly LogEvent[],
  messageType: CloudWatchLogsDecodedData['messageType'] = 'DATA_MESSAGE',
): CloudWatchLogsEvent {
  const decoded: CloudWatchLogsDecodedData = {
    messageType,
    owner: '123456789012',
    logGroup: '/aws/apigateway/aiops',
    logStream: 'stage-default',
    subscriptionFilters: ['aiops-access-log-metrics'],
    logEvents: [...events],
  };
  return { awslogs: { data: gzipSync(JSON.stringify(decoded)).toString('base64') } };
}
