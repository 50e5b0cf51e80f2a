import type { DecisionItem } from '../dynamodb/decision-item.ts';
import { recordedDecision } from '../dynamodb/recorded-decision.ts';
import { type HeartbeatRow, toHeartbeatRow } from './heartbeat-row.ts';
import { type ReplicaRow, toReplicaRow } from './replica-row.ts';

/** What one stream record asks of the replica. */
export type ReplicaChange =
  | { readonly kind: 'decision'; readonly row: ReplicaRow }
  | { readonly kind: 'heartbeat'; readonly row: HeartbeatRow }
  | { readonly kind: 'none' };

/**
 * Maps the new image of a decisions- or appliances-table record to the row it becomes in
 * PostgreSQL. A decision without its decision section yet, an appliance's LATEST item, and
 * a deletion (TTL) change nothing: the replica keeps history.
 * @example replicaChange(newImage) // { kind: 'decision', row }
 */
export function replicaChange(newImage: Record<string, unknown> | undefined): ReplicaChange {
  if (!newImage) return { kind: 'none' };
  if (typeof newImage.decisionId === 'string') {
    const row = toReplicaRow(recordedDecision(newImage as DecisionItem));
    return row ? { kind: 'decision', row } : { kind: 'none' };
  }
  if (typeof newImage.sk === 'string') {
    const row = toHeartbeatRow(newImage);
    return row ? { kind: 'heartbeat', row } : { kind: 'none' };
  }
  throw new Error('stream record of an unknown table');
}
