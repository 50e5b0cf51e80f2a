/**
 * A stream record a consumer set aside because of its own failure, with the record itself (its
 * keys, images and sequence number, exactly as Lambda delivered it), so that it can be read,
 * fixed for and replayed through the same consumer later. Lambda's own on-failure record for
 * a stream holds only the shard and sequence range, which the stream forgets after 24 hours.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBRecord } from 'aws-lambda';
import type { RecordFailure } from './record-failure.ts';

/** The variable naming a stream consumer's record dead-letter queue (the CDK sets it). */
export const RECORD_DEAD_LETTER_QUEUE_URL = 'RECORD_DEAD_LETTER_QUEUE_URL';

/** SQS's largest message body; the record queues are created with this maximum. */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/** The stream consumers that set records aside. */
export type RecordConsumer = 'replica' | 'aggregator';

/** Tells a record dead letter from Lambda's on-failure records in a queue. */
export const RECORD_DEAD_LETTER_TYPE = 'aiops.stream-record-dead-letter';

/** One record set aside. */
export interface RecordDeadLetter {
  readonly type: typeof RECORD_DEAD_LETTER_TYPE;
  readonly version: 1;
  readonly consumer: RecordConsumer;
  /** ISO time it was set aside. */
  readonly failedAt: string;
  readonly failure: RecordFailure;
  /** The record as the consumer received it (`eventSourceARN` names the table's stream). */
  readonly record: DynamoDBRecord;
}

/** Where a consumer sends the records it sets aside: resolves once every one is stored durably. */
export interface DeadLetterSink {
  send(letters: readonly RecordDeadLetter[]): Promise<void>;
}

/**
 * A dead letter for `record`.
 * @example recordDeadLetter('replica', record, { kind: 'data', code: '22003', message }, new Date())
 */
export function recordDeadLetter(
  consumer: RecordConsumer,
  record: DynamoDBRecord,
  failure: RecordFailure,
  now: Date = new Date(),
): RecordDeadLetter {
  return {
    type: RECORD_DEAD_LETTER_TYPE,
    version: 1,
    consumer,
    failedAt: now.toISOString(),
    failure,
    record,
  };
}

/** A dead letter whose record is gzipped (base64) to fit its queue. */
interface CompressedDeadLetter extends Omit<RecordDeadLetter, 'record'> {
  readonly recordGzip: string;
}

/**
 * The dead letter as one message body of at most `maxBytes` (UTF-8): JSON, with the record
 * gzipped when the plain form is larger (a decision item with a long playbook and output,
 * in both images).
 * @throws Error when even the compressed form is larger than `maxBytes`
 * @example encodeDeadLetter(letter, 1_048_576)
 */
export function encodeDeadLetter(letter: RecordDeadLetter, maxBytes: number): string {
  const plain = JSON.stringify(letter, binaryAsBase64);
  if (Buffer.byteLength(plain) <= maxBytes) return plain;
  const { record, ...rest } = letter;
  const compressed: CompressedDeadLetter = {
    ...rest,
    recordGzip: gzipSync(JSON.stringify(record, binaryAsBase64)).toString('base64'),
  };
  const body = JSON.stringify(compressed);
  const size = Buffer.byteLength(body);
  if (size > maxBytes)
    throw new Error(`a dead letter of ${size} bytes (compressed) does not fit the queue's ${maxBytes}`);
  return body;
}

/**
 * Binary attribute values (`B`) as base64 text, the form a Lambda event carries them in: a
 * record handed over by an SDK or the local stack holds bytes, which JSON would otherwise
 * write as an object of indexes that no reader takes back.
 */
function binaryAsBase64(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
}

/**
 * The record dead letter a message body holds, or `undefined` when the body is something
 * else (Lambda's on-failure record of a batch, or not JSON).
 * @example decodeDeadLetter(message.Body)?.record.dynamodb?.NewImage
 */
export function decodeDeadLetter(body: string): RecordDeadLetter | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const letter = parsed as Partial<RecordDeadLetter & CompressedDeadLetter> | null;
  if (letter?.type !== RECORD_DEAD_LETTER_TYPE) return undefined;
  if (letter.consumer !== 'replica' && letter.consumer !== 'aggregator') return undefined;
  const { recordGzip, ...rest } = letter;
  const record =
    recordGzip === undefined
      ? letter.record
      : (JSON.parse(gunzipSync(Buffer.from(recordGzip, 'base64')).toString('utf8')) as DynamoDBRecord);
  if (record?.dynamodb?.SequenceNumber === undefined) return undefined;
  return { ...(rest as RecordDeadLetter), record };
}
