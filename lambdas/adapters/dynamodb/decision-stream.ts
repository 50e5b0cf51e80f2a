import type { DynamoDBRecord } from 'aws-lambda';
import type { DecisionChange } from '#domain/recorded-decision';
import { streamImages } from '#streams/stream-images';
import type { DecisionItem } from './decision-item.ts';
import { recordedDecision } from './recorded-decision.ts';

/**
 * The change a decisions-table stream record (NEW_AND_OLD_IMAGES) stands for, in domain
 * terms: the recorded decision before and after.
 * @throws Error when the record has no sequence number or an unknown event name
 * @example deriveChange(decisionChange(record)).deltas
 */
export function decisionChange(record: DynamoDBRecord): DecisionChange {
  const { sequenceNumber, oldImage, newImage } = streamImages<DecisionItem>(record);
  return {
    sequenceNumber,
    ...(oldImage ? { before: recordedDecision(oldImage) } : {}),
    ...(newImage ? { after: recordedDecision(newImage) } : {}),
  };
}
