import { createSqsClient } from '#adapters/sqs/client';
import { deadLetterSinkFromEnv } from '#adapters/sqs/dead-letter-sink';
import type { Tracing } from '#observability/tracing';
import type { DeadLetterSink } from '#streams/record-dead-letters';
import type { EnvironmentSource } from './settings.ts';

/**
 * The dead letters of a stream consumer in Lambda: the SQS queue of `RECORD_DEAD_LETTER_QUEUE_URL`,
 * through one traced SQS client made on the first letter.
 * @example createAggregatorHandler({ runtime, deadLetters: sqsDeadLettersFromEnvironment(process.env, runtime.observability.tracing) })
 */
export function sqsDeadLettersFromEnvironment(env: EnvironmentSource, tracing: Tracing): DeadLetterSink {
  let sqs: ReturnType<typeof createSqsClient> | undefined;
  return deadLetterSinkFromEnv(env, () => {
    sqs ??= createSqsClient(env, tracing.traceClient);
    return sqs;
  });
}
