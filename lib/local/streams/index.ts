/**
 * The local event source mapping for DynamoDB Streams: Lambda's batching, retries, bisect,
 * partial batch failures, on-failure destination and checkpoints, over DynamoDB Local.
 */
export {
  BatchItemFailuresError,
  type BatchOutcome,
  batchOutcome,
  InvalidBatchResponseError,
} from './batch-outcome.ts';
export { type BufferStep, nextBufferStep } from './batch-window.ts';
export { CHECKPOINT_FILE, fileCheckpointStore, memoryCheckpointStore } from './checkpoint-store.ts';
export {
  DEAD_LETTER_FILE,
  type DeadLetterDestination,
  fileDeadLetters,
  memoryDeadLetters,
} from './dead-letters.ts';
export { type EventSourceMapping, startEventSourceMapping } from './event-source-mapping.ts';
export { failedBatch } from './failed-batch.ts';
export {
  bisectRecords,
  type FailurePlan,
  type PlannedBatch,
  planAfterOutcome,
  retryDelayMs,
} from './failure-plan.ts';
export { streamEvent, toLambdaAttributeValue, toLambdaImage, toLambdaRecord } from './lambda-event.ts';
export { type EventSourceMappingOptions, resolveMappingOptions } from './options.ts';
export { compareSequenceNumbers } from './sequence-numbers.ts';
export { readyShards, type ShardInfo } from './shard-lineage.ts';
export type {
  CheckpointKey,
  CheckpointStore,
  FailedBatch,
  MappingStats,
  OnFailure,
  ShardCheckpoint,
  StreamHandler,
} from './types.ts';
