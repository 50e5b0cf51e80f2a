import type { Logger } from '@aws-lambda-powertools/logger';
import {
  RejectedRecordsException,
  type TimestreamWriteClient,
  WriteRecordsCommand,
} from '@aws-sdk/client-timestream-write';
import type { HeartbeatRow } from '#adapters/postgres/heartbeat-row';
import { DEFAULT_MAX_ATTEMPTS, timestreamWriteClient } from './client.ts';
import { type TimestreamConfig, timestreamConfig } from './config.ts';
import { toTimestreamRecord } from './records.ts';
import { classifyRejections, type RejectedHeartbeat } from './rejections.ts';
import { toWriteRequests } from './write-requests.ts';

/** Options of {@link writeHeartbeatsToTimestream}. */
export interface TimestreamWriteOptions {
  /** Where to write; `undefined` switches the sink off. @default timestreamConfig(process.env) */
  readonly config?: TimestreamConfig | undefined;
  /** The SDK client. @default the shared client of timestreamWriteClient(config, maxAttempts) */
  readonly client?: TimestreamWriteClient;
  /** SDK attempts per request (throttling, 5xx and network errors back off and retry). @default 5 */
  readonly maxAttempts?: number;
  /** Records per request, at most Timestream's limit. @default 100 */
  readonly maxRecordsPerRequest?: number;
  /** Where rejections other than replays are logged. @default not logged (they are in the report) */
  readonly logger?: Pick<Logger, 'warn'>;
}

/** What a call did. */
export interface TimestreamWriteReport {
  /** `false` when the sink is not configured: nothing was sent. */
  readonly configured: boolean;
  /** WriteRecords requests sent (retries by the SDK not counted). */
  readonly requests: number;
  /** Records Timestream accepted. */
  readonly written: number;
  /** Rejected because the point is stored with the same or a newer version: replays, not errors. */
  readonly replays: RejectedHeartbeat[];
  /** Rejected for any other reason; logged. `index` is the position in `rows`. */
  readonly failures: RejectedHeartbeat[];
}

/**
 * Writes heartbeat rows to Timestream for LiveAnalytics when the sink is configured
 * (`TIMESTREAM_DATABASE`, `TIMESTREAM_TABLE`), and does nothing otherwise. Requests carry
 * at most 100 records with shared fields in `CommonAttributes`. Records Timestream rejects
 * do not fail the call (the others of the request are stored; sending them again would
 * be rejected again): replays are reported, other rejections are reported and logged.
 * Any other error, after the SDK's retries, is thrown so the stream batch is retried; the
 * writes are idempotent (see `./records.ts`).
 * @throws the SDK's error when a request fails for a reason other than rejected records
 * @example const report = await writeHeartbeatsToTimestream(heartbeats); // { configured: false, ... } by default
 */
export async function writeHeartbeatsToTimestream(
  rows: readonly HeartbeatRow[],
  options: TimestreamWriteOptions = {},
): Promise<TimestreamWriteReport> {
  const config = 'config' in options ? options.config : timestreamConfig();
  if (!config) return { configured: false, requests: 0, written: 0, replays: [], failures: [] };
  const client = options.client ?? timestreamWriteClient(config, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const requests = toWriteRequests(rows.map(toTimestreamRecord), {
    database: config.database,
    table: config.table,
    ...(options.maxRecordsPerRequest ? { maxRecords: options.maxRecordsPerRequest } : {}),
  });
  let written = 0;
  const replays: RejectedHeartbeat[] = [];
  const failures: RejectedHeartbeat[] = [];
  for (const { sourceIndexes, ...input } of requests) {
    try {
      await client.send(new WriteRecordsCommand(input));
      written += input.Records.length;
    } catch (error) {
      if (!(error instanceof RejectedRecordsException)) throw error;
      const rejected = error.RejectedRecords ?? [];
      const classified = classifyRejections(
        rejected,
        sourceIndexes,
        input.Records.map((r) => r.Version),
      );
      written += input.Records.length - rejected.length;
      replays.push(...classified.replays);
      failures.push(...classified.failures);
    }
  }
  if (failures.length > 0) {
    options.logger?.warn('Timestream rejected heartbeat records', {
      failed: failures.length,
      rejections: failures.slice(0, 20).map((f) => ({
        ...f,
        applianceId: rows[f.index]?.appliance_id,
        sentAt: rows[f.index]?.sent_at,
      })),
    });
  }
  return { configured: true, requests: requests.length, written, replays, failures };
}
