/**
 * A loopback stand-in for the Timestream Write API (awsJson1_0: `POST /` with
 * `X-Amz-Target: Timestream_20181101.<Operation>`) that records every request the real
 * SDK sends and keeps the points it accepts, with Timestream's rules: at most 100 records
 * a request, `CommonAttributes` merged into each record, a point identified by its
 * dimensions, time and measure name; writing it again with identical values is accepted,
 * with different values it needs a higher `Version` or it is rejected with the stored
 * `ExistingVersion`; records older than the memory store's retention are rejected.
 * Rejections answer 419 RejectedRecordsException after storing the other records.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';

/** One request as the server received it. */
export interface RecordedTimestreamCall {
  /** `WriteRecords`, `DescribeEndpoints`, ... */
  readonly operation: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: WireRequest;
}

/** The body of a request (WriteRecords fields; others are kept as they came). */
export interface WireRequest {
  readonly DatabaseName?: string;
  readonly TableName?: string;
  readonly CommonAttributes?: WireRecord;
  readonly Records?: WireRecord[];
  readonly [field: string]: unknown;
}

/** A stored point. */
export interface StoredPoint {
  readonly version: number;
  readonly values: string;
}

/** A running loopback. */
export interface TimestreamLoopback {
  readonly endpoint: string;
  readonly calls: RecordedTimestreamCall[];
  /** Stored points by `database/table|dimensions|measure|time`. */
  readonly points: Map<string, StoredPoint>;
  /** Answers the next `count` calls with this error type and HTTP status. */
  failNext(type: string, status: number, count?: number): void;
  /** An SDK client pointed at the loopback (dummy credentials). */
  sdkClient(maxAttempts?: number): TimestreamWriteClient;
  close(): Promise<void>;
}

const ERROR_NAMESPACE = 'com.amazonaws.timestream.v20181101#';

/** A record as the SDK sends it. */
export interface WireRecord {
  Dimensions?: { Name: string; Value: string }[];
  MeasureName?: string;
  MeasureValueType?: string;
  MeasureValues?: { Name: string; Value: string; Type: string }[];
  MeasureValue?: string;
  Time?: string;
  TimeUnit?: string;
  Version?: number;
}

/**
 * Starts the loopback on a free port.
 * @example const ts = await startTimestreamLoopback(); await writeHeartbeatsToTimestream(rows, { config, client: ts.sdkClient() });
 */
export async function startTimestreamLoopback(
  options: { readonly memoryStoreRetentionMs?: number } = {},
): Promise<TimestreamLoopback> {
  const retention = options.memoryStoreRetentionMs ?? 24 * 3600_000;
  const calls: RecordedTimestreamCall[] = [];
  const points = new Map<string, StoredPoint>();
  const failures: { type: string; status: number }[] = [];

  const writeRecords = (body: WireRequest): [number, unknown] => {
    const records: WireRecord[] = body.Records ?? [];
    if (records.length < 1 || records.length > 100) {
      return [
        400,
        {
          __type: `${ERROR_NAMESPACE}ValidationException`,
          Message: `${records.length} records: 1 to 100 allowed`,
        },
      ];
    }
    const common: WireRecord = body.CommonAttributes ?? {};
    const rejected: { RecordIndex: number; Reason: string; ExistingVersion?: number }[] = [];
    records.forEach((own, RecordIndex) => {
      const r: WireRecord = {
        ...common,
        ...own,
        Dimensions: [...(common.Dimensions ?? []), ...(own.Dimensions ?? [])],
      };
      const time = Number(r.Time);
      if ((r.TimeUnit ?? 'MILLISECONDS') !== 'MILLISECONDS' || time < Date.now() - retention) {
        rejected.push({
          RecordIndex,
          Reason: 'The record timestamp is outside the time range of the data ingestion window.',
        });
        return;
      }
      const dims = [...(r.Dimensions ?? [])].sort((a, b) => a.Name.localeCompare(b.Name));
      const key = `${body.DatabaseName}/${body.TableName}|${JSON.stringify(dims)}|${r.MeasureName}|${time}`;
      const values = JSON.stringify(r.MeasureValues ?? r.MeasureValue);
      const version = r.Version ?? 1;
      const stored = points.get(key);
      if (stored && stored.values !== values && version <= stored.version) {
        rejected.push({
          RecordIndex,
          Reason:
            'A record with the same time, dimensions and measure name but a different measure value already exists with an equal or higher version.',
          ExistingVersion: stored.version,
        });
        return;
      }
      if (!stored || version >= stored.version) points.set(key, { version, values });
    });
    if (rejected.length > 0) {
      return [
        419,
        {
          __type: `${ERROR_NAMESPACE}RejectedRecordsException`,
          Message: 'One or more records have been rejected.',
          RejectedRecords: rejected,
        },
      ];
    }
    return [
      200,
      { RecordsIngested: { Total: records.length, MemoryStore: records.length, MagneticStore: 0 } },
    ];
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as WireRequest;
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^Timestream_20181101\./, '');
      calls.push({ operation, headers: req.headers, body });
      const failure = failures.shift();
      const [status, answer] = failure
        ? [
            failure.status,
            { __type: `${ERROR_NAMESPACE}${failure.type}`, Message: `${failure.type} (injected)` },
          ]
        : operation === 'WriteRecords'
          ? writeRecords(body)
          : operation === 'DescribeEndpoints'
            ? [200, { Endpoints: [{ Address: req.headers.host, CachePeriodInMinutes: 1 }] }]
            : [400, { __type: `${ERROR_NAMESPACE}UnknownOperationException`, Message: operation }];
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    calls,
    points,
    failNext: (type, status, count = 1) => {
      for (let i = 0; i < count; i += 1) failures.push({ type, status });
    },
    sdkClient: (maxAttempts = 3) =>
      new TimestreamWriteClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback' },
        maxAttempts,
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
