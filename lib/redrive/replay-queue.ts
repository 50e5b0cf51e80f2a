/**
 * A dead-letter queue as `aiops-obs redrive` reads it: SQS in AWS, the local stack's table on
 * one machine (see `lib/local/dead-letter-queues.ts`).
 */

/** One message, as received. */
export interface ReceivedMessage {
  /** Unique in its queue. */
  readonly id: string;
  readonly body: string;
}

/** One queue of the pipeline, by its `aiops_pipeline_dead_letters` name. */
export interface ReplayQueue {
  /** `replica-records`, `aggregator-decisions`, … */
  readonly name: string;
  /** Every message waiting now, each once; a received message stays out of view until deleted or released. */
  receive(): AsyncIterable<ReceivedMessage>;
  /** Removes a message for good (after it was replayed). */
  delete(message: ReceivedMessage): Promise<void>;
  /** Puts every received message that was not deleted back in view. */
  releaseAll(): Promise<void>;
}
