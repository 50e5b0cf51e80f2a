/**
 * `aiops_pipeline_dead_letters`: the messages waiting in each on-failure (dead-letter)
 * queue of the pipeline, one sample per queue, labelled with a short stable queue name that
 * the CDK stacks and the local stack derive the same way.
 */
import { METRICS } from './catalog.ts';
import type { SnapshotSample } from './snapshot.ts';

/** The queue of the exporter schedule's failed invocations. */
export const EXPORTER_SCHEDULE_QUEUE = 'exporter-schedule';
/** The queue of the access-log metrics function's failed deliveries. */
export const ACCESS_LOG_METRICS_QUEUE = 'access-log-metrics';

const LABEL = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The queue name of a stream consumer's on-failure queue for one source table.
 * @example streamQueueName('replica', 'Appliances') // 'replica-appliances'
 */
export function streamQueueName(consumer: string, source: string): string {
  const name = `${consumer}-${source}`.toLowerCase();
  if (!LABEL.test(name))
    throw new Error(`dead-letter queue name ${JSON.stringify(name)} is not [a-z][a-z0-9-]*`);
  return name;
}

/**
 * The queue of the records a stream consumer set aside (with their bodies), whatever their table.
 * @example recordQueueName('replica') // 'replica-records'
 */
export function recordQueueName(consumer: string): string {
  return streamQueueName(consumer, 'records');
}

/**
 * Reads the `DEAD_LETTER_QUEUES` setting: comma-separated `name=queueUrl` pairs.
 * @throws Error naming the entry when one is malformed, a name is invalid or repeated, or a URL is not http(s).
 * @example parseDeadLetterQueues('aggregator-decisions=https://sqs.eu-west-1.amazonaws.com/123456789012/q')
 * // Map { 'aggregator-decisions' => 'https://sqs.eu-west-1.amazonaws.com/123456789012/q' }
 */
export function parseDeadLetterQueues(text: string | undefined): Map<string, string> {
  const queues = new Map<string, string>();
  for (const entry of (text ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    const url = entry.slice(eq + 1).trim();
    const fail = (why: string): never => {
      throw new Error(`DEAD_LETTER_QUEUES: ${JSON.stringify(entry)}: ${why}`);
    };
    if (eq < 0) fail('expected name=queueUrl');
    if (!LABEL.test(name)) fail('the name must match [a-z][a-z0-9-]*');
    if (!/^https?:\/\/[^/\s]+\/\S+$/.test(url)) fail('the queue URL must be an http(s) URL with a path');
    if (queues.has(name)) fail(`${name} is given twice`);
    queues.set(name, url);
  }
  return queues;
}

/**
 * One gauge sample per queue, in name order.
 * @example deadLetterSamples(new Map([['exporter-schedule', 0]]), Date.now())
 * // [{ name: 'aiops_pipeline_dead_letters', labels: { queue: 'exporter-schedule' }, value: 0, timestampMs }]
 */
export function deadLetterSamples(depths: ReadonlyMap<string, number>, nowMs: number): SnapshotSample[] {
  return [...depths]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([queue, value]) => ({
      name: METRICS.pipelineDeadLetters.name,
      labels: { queue },
      value,
      timestampMs: nowMs,
    }));
}
