/**
 * Decision items as the API stores them (contract samples → planned section writes → the
 * merged item), for tests that write straight into DynamoDB: past the API's validation, to
 * put a record in the stream that a consumer cannot write or derive.
 */
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { unpackedItem } from '#adapters/dynamodb/packed-sections';
import { applySectionWrite, planDecision, planExecution } from '#adapters/dynamodb/section-write';
import { decisionSchema } from '#contract/decision';
import { executionSchema } from '#contract/execution';
import type { IngestContext } from '#domain/decision-lifecycle';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';
import type { DeadLetterSink, RecordDeadLetter } from '#streams/record-dead-letters';
import { type DecisionInput, type ExecutionInput, sampleDecision, sampleExecution } from './samples.ts';

const context = (customerId: string): IngestContext => ({
  customerId,
  receivedAt: new Date(),
  retentionDays: 30,
  rules: DEFAULT_REDACTION_RULES,
});

/** What {@link storedDecision} builds. */
export interface StoredDecisionOptions {
  readonly decision?: Partial<DecisionInput>;
  /** The execution merged into the item; `false` stores the decision alone. @default a successful run */
  readonly execution?: Partial<ExecutionInput> | false;
  /**
   * Changes the stored item after the merge (what the API would have refused). The item it
   * gets, and then stored, has the unpacked layout (the decision's members and the execution
   * as plain attributes, as items were stored before packing, which readers still accept).
   */
  readonly tamper?: (item: DecisionItem) => void;
}

/**
 * The DynamoDB item of one decision of `customerId`, with its execution, as the API stores it.
 * @example storedDecision('acme', { tamper: (item) => { (item.llm as { inputTokens: number }).inputTokens = 2 ** 31; } })
 */
export function storedDecision(customerId: string, options: StoredDecisionOptions = {}): DecisionItem {
  const decision = decisionSchema.parse(sampleDecision(options.decision));
  let item = applySectionWrite(undefined, planDecision(decision, context(customerId))).item;
  if (options.execution !== false) {
    const execution = executionSchema.parse(sampleExecution(options.execution || {}));
    item = applySectionWrite(item, planExecution(decision.decisionId, execution, context(customerId))).item;
  }
  if (!options.tamper) return structuredClone(item);
  const stored = structuredClone(unpackedItem(item));
  options.tamper(stored);
  return stored;
}

/**
 * Writes items in order, 25 per BatchWriteItem, so their stream records follow each other
 * closely (one batch of the event source mapping).
 * @example await putDecisionItems(client, tables.decisions, items);
 */
export async function putDecisionItems(
  client: DynamoDBClient,
  table: string,
  items: readonly DecisionItem[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const chunk = items.slice(i, i + 25);
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: chunk.map((item) => ({
            PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) },
          })),
        },
      }),
    );
  }
}

/**
 * The INSERT records Lambda would deliver for these items, sequence numbers counting up from
 * `firstSequence`, as a stream consumer receives them.
 * @example await handler({ Records: insertRecords(items) }, lambdaContext('replica'));
 */
export function insertRecords(
  items: readonly Record<string, unknown>[],
  firstSequence = 100_000_000_000_000_000_000n,
  streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/aiops-test-decisions/stream/2026-01-01T00:00:00.000',
): DynamoDBRecord[] {
  return items.map((item, i) => {
    const image = marshall(item, { removeUndefinedValues: true });
    const keys = item.sk === undefined ? { pk: image.pk } : { pk: image.pk, sk: image.sk };
    const sequenceNumber = (firstSequence + BigInt(i)).toString();
    return {
      eventID: `event-${sequenceNumber}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: streamArn,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: keys as never,
        NewImage: image as never,
        SequenceNumber: sequenceNumber,
        SizeBytes: Buffer.byteLength(JSON.stringify(image)),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  });
}

/** A dead-letter sink that keeps what it is sent (what a test reads back). */
export function collectingSink(): { readonly sink: DeadLetterSink; readonly letters: RecordDeadLetter[] } {
  const letters: RecordDeadLetter[] = [];
  return {
    letters,
    sink: {
      send: async (sent) => {
        letters.push(...structuredClone(sent));
      },
    },
  };
}

/**
 * Scanned decision items as text a person could read: unmarshalled and their packed members
 * unpacked, so a test that looks for a string in what is stored sees every member (a packed
 * member is compressed, and a string searched in its bytes is never found).
 * @example expect(storedText(await api.scan('decisions'))).not.toContain('Winter2026!');
 */
export function storedText(items: readonly Record<string, unknown>[]): string {
  return JSON.stringify(
    items.map((i) => unpackedItem(unmarshall(i as Record<string, AttributeValue>) as DecisionItem)),
  );
}
