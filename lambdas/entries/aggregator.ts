import { createAggregatorHandler } from '#handlers/aggregator';
import { runtimeFromEnvironment } from '#runtime/from-environment';
import { sqsDeadLettersFromEnvironment } from '#runtime/sqs-dead-letters';

const runtime = await runtimeFromEnvironment();

/** The Lambda entry point: the environment's tables, dead letters to RECORD_DEAD_LETTER_QUEUE_URL. */
export const handler = createAggregatorHandler({
  runtime,
  deadLetters: sqsDeadLettersFromEnvironment(process.env, runtime.observability.tracing),
});
