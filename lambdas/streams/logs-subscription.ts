import { gunzipSync } from 'node:zlib';
import * as z from '#contract/zod';

const LogsDeliverySchema = z.object({
  messageType: z.enum(['DATA_MESSAGE', 'CONTROL_MESSAGE']),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(
    z.object({ id: z.string().check(z.minLength(1)), timestamp: z.number(), message: z.string() }),
  ),
});

/** One delivery of a CloudWatch Logs subscription, decoded. */
export type LogsDelivery = z.infer<typeof LogsDeliverySchema>;

/**
 * Decodes the event a CloudWatch Logs subscription invokes Lambda with: `awslogs.data` is the
 * delivery as gzipped JSON in base64. Written here rather than taken from Powertools'
 * `CloudWatchLogsSchema`, which imports the whole of zod (about 450 KB more in the bundle).
 * @throws Error saying what is wrong when the event is not such a delivery.
 * @example const { logEvents } = decodeLogsSubscription(event);
 */
export function decodeLogsSubscription(event: unknown): LogsDelivery {
  const data = (event as { awslogs?: { data?: unknown } } | null)?.awslogs?.data;
  if (typeof data !== 'string') throw new Error('not a CloudWatch Logs subscription event: no awslogs.data');
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'));
  } catch {
    throw new Error('not a CloudWatch Logs subscription event: awslogs.data is not gzipped JSON');
  }
  const parsed = LogsDeliverySchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `not a CloudWatch Logs subscription event: ${z.prettifyError(parsed.error).replaceAll('\n', '; ')}`,
    );
  return parsed.data;
}
