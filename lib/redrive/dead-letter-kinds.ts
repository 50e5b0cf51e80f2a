/**
 * What a message of a pipeline dead-letter queue holds: a record a consumer set aside (with
 * its body), or Lambda's on-failure record of a batch (its range in the stream only).
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeDeadLetter, type RecordConsumer, type RecordDeadLetter } from '#streams/record-dead-letters';
import type { StreamBatchRange } from './stream-range.ts';

/** A message, read. */
export type DeadLetterContent =
  | { readonly kind: 'record'; readonly consumer: RecordConsumer; readonly letter: RecordDeadLetter }
  | {
      readonly kind: 'batch';
      readonly consumer: RecordConsumer;
      readonly range: StreamBatchRange;
      /** Why Lambda gave up (`RetryAttemptsExhausted`, `RecordAgeExceeded`, …). */
      readonly condition: string;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * The consumer whose on-failure queue this is (`replica-decisions` → `replica`), or `undefined`
 * for a queue of another part (the exporter's schedule, the access log metrics).
 * @example streamConsumerOf('aggregator-decisions') // 'aggregator'
 */
export function streamConsumerOf(queue: string): RecordConsumer | undefined {
  const consumer = /^(replica|aggregator)-[a-z0-9-]+$/.exec(queue)?.[1];
  return consumer as RecordConsumer | undefined;
}

/**
 * Reads one message of `queue`.
 * @example readDeadLetter('replica-decisions', body) // { kind: 'batch', consumer: 'replica', range, condition }
 */
export function readDeadLetter(queue: string, body: string): DeadLetterContent {
  const letter = decodeDeadLetter(body);
  if (letter) return { kind: 'record', consumer: letter.consumer, letter };
  const consumer = streamConsumerOf(queue);
  let parsed: {
    DDBStreamBatchInfo?: Partial<StreamBatchRange>;
    requestContext?: { condition?: unknown };
  };
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'unknown', reason: 'not JSON' };
  }
  const info = parsed?.DDBStreamBatchInfo;
  const complete =
    typeof info?.streamArn === 'string' &&
    typeof info.shardId === 'string' &&
    typeof info.startSequenceNumber === 'string' &&
    typeof info.endSequenceNumber === 'string' &&
    Number.isInteger(info.batchSize);
  if (!complete) return { kind: 'unknown', reason: 'neither a record set aside nor a stream batch given up' };
  if (!consumer) return { kind: 'unknown', reason: `${queue} is not the queue of a stream consumer` };
  return {
    kind: 'batch',
    consumer,
    range: info as StreamBatchRange,
    condition: String(parsed.requestContext?.condition ?? 'unknown'),
  };
}

/** `decisions` from a stream ARN `…:table/aiops-decisions/stream/…`. */
const tableOf = (streamArn: string | undefined): string =>
  /:table\/([^/]+)\//.exec(streamArn ?? '')?.[1] ?? '?';

/**
 * One line about a message, for people: which record or range, and why it is there.
 * @example describeDeadLetter(content) // 'replica: INSERT pk=acme#0b7c… in aiops-decisions (sequence 4200…), set aside for data 22003: value … out of range'
 */
export function describeDeadLetter(content: DeadLetterContent): string {
  if (content.kind === 'unknown') return `not replayable: ${content.reason}`;
  if (content.kind === 'batch') {
    const r = content.range;
    return (
      `${content.consumer}: ${r.batchSize} record(s) of ${tableOf(r.streamArn)}, ${r.shardId} ` +
      `${r.startSequenceNumber}–${r.endSequenceNumber}, given up: ${content.condition}`
    );
  }
  const { record, failure } = content.letter;
  const keys = Object.entries(unmarshall((record.dynamodb?.Keys ?? {}) as never))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const code = failure.code ? ` ${failure.code}` : '';
  return (
    `${content.consumer}: ${record.eventName ?? '?'} ${keys} in ${tableOf(record.eventSourceARN)} ` +
    `(sequence ${record.dynamodb?.SequenceNumber}), set aside for ${failure.kind}${code}: ${failure.message}`
  );
}
