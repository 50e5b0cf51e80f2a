/**
 * A middleware for AWS SDK v3 clients that records each call as an X-Ray subsegment (service,
 * operation, request id, retries, resource names, HTTP status, error flags) and passes the
 * trace on in the request's `X-Amzn-Trace-Id` header, as the X-Ray SDK does.
 */
import type { Invocation } from './invocation.ts';
import { causeOf, epochSeconds, type Subsegment, segmentId } from './segment.ts';

/** The parts of a client this needs; every SDK v3 client has them. */
interface TraceableClient {
  readonly config: { readonly serviceId?: string };
  readonly middlewareStack: {
    add(middleware: unknown, options: { step: 'build'; name: string; override: boolean }): void;
  };
}

interface CallMetadata {
  readonly $metadata?: {
    readonly requestId?: string;
    readonly attempts?: number;
    readonly httpStatusCode?: number;
  };
}

/** Input members that name the resource, written as X-Ray names them. */
const RESOURCES: Readonly<Record<string, string>> = {
  TableName: 'table_name',
  QueueUrl: 'queue_url',
  TopicArn: 'topic_arn',
  Bucket: 'bucket_name',
};

function resourcesOf(input: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!input) return out;
  for (const [member, name] of Object.entries(RESOURCES))
    if (typeof input[member] === 'string') out[name] = input[member];
  const items = input.RequestItems ?? input.TransactItems;
  if (items && typeof items === 'object' && !Array.isArray(items)) out.table_names = Object.keys(items);
  return out;
}

function recordOutcome(sub: Subsegment, meta: CallMetadata['$metadata'], status: number | undefined): void {
  if (meta?.requestId) (sub.aws as Record<string, unknown>).request_id = meta.requestId;
  if (meta?.attempts) (sub.aws as Record<string, unknown>).retries = meta.attempts - 1;
  if (status) sub.http = { response: { status } };
}

/** Whether `client` looks like an SDK v3 client. @example isTraceable(new SQSClient({})) // true */
export const isTraceable = (client: unknown): client is TraceableClient =>
  typeof (client as TraceableClient | null)?.middlewareStack?.add === 'function';

/**
 * Adds the subsegment middleware to `client`; calls made while `current()` gives no
 * invocation (initialisation, an unsampled request) go untraced.
 * @example traceSdkClient(new DynamoDBClient({}), () => invocation, 'us-east-1')
 */
export function traceSdkClient(
  client: TraceableClient,
  current: () => Invocation | undefined,
  region: string,
): void {
  const service = client.config.serviceId ?? 'AWS';
  const middleware =
    (
      next: (args: {
        input: Record<string, unknown>;
        request?: unknown;
      }) => Promise<{ output?: CallMetadata; response?: unknown }>,
      context: { commandName?: string },
    ) =>
    async (args: { input: Record<string, unknown>; request?: unknown }) => {
      const invocation = current();
      if (!invocation) return next(args);
      const sub: Subsegment = {
        id: segmentId(),
        name: service,
        start_time: epochSeconds(),
        namespace: 'aws',
        aws: { operation: context.commandName?.replace(/Command$/, ''), region, ...resourcesOf(args.input) },
      };
      const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
      if (headers) headers['X-Amzn-Trace-Id'] = invocation.headerFor(sub.id);
      try {
        const result = await next(args);
        recordOutcome(
          sub,
          result.output?.$metadata,
          (result.response as { statusCode?: number })?.statusCode,
        );
        return result;
      } catch (error) {
        const meta = (error as CallMetadata).$metadata;
        const status = meta?.httpStatusCode;
        recordOutcome(sub, meta, status);
        if (status === 429) sub.throttle = true;
        if (status !== undefined && status < 500) sub.error = true;
        else sub.fault = true;
        sub.cause = causeOf(error, true);
        throw error;
      } finally {
        sub.end_time = epochSeconds();
        invocation.add(sub);
      }
    };
  client.middlewareStack.add(middleware, { step: 'build', name: 'xrayTracing', override: true });
}
