/**
 * Replica rows and stream events for `replica-throughput`, built by the same domain code the
 * pipeline runs: a decision and its execution planned and merged (`planDecision`,
 * `planExecution`, `applySectionWrite`) into the stored item, then `toReplicaRow`.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import { applySectionWrite, planExecution } from '#adapters/dynamodb/section-write';
import { type ReplicaRow, toReplicaRow } from '#adapters/postgres/replica-row';
import { executionSchema } from '#contract/execution';
import { sampleExecution } from '../../test/support/samples.ts';
import { benchIngestContext } from './api-event.ts';
import { decisionFixture } from './decisions.ts';

/** One decision with its execution: the stored item and the replica row it maps to. */
export interface ReplicaFixture {
  readonly item: DecisionItem;
  readonly row: ReplicaRow;
}

/**
 * `count` fresh decisions (new ids), each merged with a successful execution.
 * @example const batch = replicaFixtures(100); await upsertDecisions(sql, batch.map((f) => f.row));
 */
export function replicaFixtures(count: number): ReplicaFixture[] {
  return Array.from({ length: count }, () => {
    const decision = decisionFixture();
    const id = decision.input.decisionId as string;
    const execution = planExecution(id, executionSchema.parse(sampleExecution()), benchIngestContext());
    const item = applySectionWrite(decision.item, execution).item;
    const row = toReplicaRow(recordedDecision(item));
    if (!row) throw new Error(`decision ${id}: toReplicaRow gave no row for a stored decision`);
    return { item, row };
  });
}

/**
 * The DynamoDB stream event Lambda would deliver for these items (MODIFY records carrying
 * the new image), as the replica handler receives it.
 * @example await handler(streamEventOf(batch.map((f) => f.item)), lambdaContext('replica'))
 */
export function streamEventOf(items: readonly DecisionItem[]): DynamoDBStreamEvent {
  const records = items.map((item, i): DynamoDBRecord => {
    const image = marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
    const seq = (10n ** 20n + BigInt(i)).toString();
    return {
      eventID: `bench-${seq}`,
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/aiops-bench-decisions/stream/bench',
      dynamodb: {
        Keys: { pk: image.pk as never },
        NewImage: image as never,
        SequenceNumber: seq,
        SizeBytes: 1,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  });
  return { Records: records };
}
