import type { DecisionFilter } from '#domain/ports';
import { applianceIndexKey, statusIndexKey } from './dynamodb/decision-item.ts';
import { DECISION_INDEX, DECISIONS_TABLE } from './dynamodb-tables.ts';

/** A DynamoDB Query for one filter: the index, its key condition and the remaining filters. */
export interface QueryPlan {
  readonly index: string;
  readonly partitionAttr: string;
  readonly partitionValue: string;
  readonly sortAttr: string;
  readonly keyCondition: string;
  readonly filter?: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
  /**
   * The status the records must have when the index is not `byStatus`: the indexes do not
   * hold the status (the execution sets it after the decision), so it is checked on the
   * records read from the table.
   */
  readonly statusKey?: string;
  /** `false` reads the index backwards (newest first). */
  readonly forward: boolean;
  /** The bounds the key condition puts on the sort key (inclusive), for checking a resume key. */
  readonly sortBounds: { readonly min?: string; readonly max?: string };
}

const MAX_TIME = '~';

/**
 * Picks the most selective index for a filter: appliance, then status, then confidence,
 * else the tenant's time line. Time-ordered indexes answer newest first; the confidence
 * index answers lowest confidence first. Whatever the index key does not cover becomes a
 * filter expression on the attributes the indexes hold (confidence, occurrence time), or,
 * for the status, a check of the records themselves.
 */
export function planDecisionQuery(customerId: string, f: DecisionFilter): QueryPlan {
  const index = f.applianceId
    ? DECISION_INDEX.byAppliance
    : f.executionStatus
      ? DECISION_INDEX.byStatus
      : f.maxConfidence !== undefined
        ? DECISION_INDEX.byConfidence
        : DECISION_INDEX.byTenant;
  const def = DECISIONS_TABLE.indexes.find((i) => i.name === index);
  if (!def) throw new Error(`unknown index ${index}`);
  const partitionValue =
    index === DECISION_INDEX.byAppliance
      ? applianceIndexKey(customerId, f.applianceId as string)
      : index === DECISION_INDEX.byStatus
        ? statusIndexKey(customerId, f.executionStatus as string)
        : customerId;
  const names: Record<string, string> = { '#pk': def.partitionKey };
  const values: Record<string, unknown> = { ':pk': partitionValue };
  const filters: string[] = [];
  let statusKey: string | undefined;
  let keyCondition = '#pk = :pk';
  const useSortKey = index === DECISION_INDEX.byConfidence || f.since !== undefined || f.until !== undefined;
  if (useSortKey) names['#sk'] = def.sortKey;
  let sortBounds: QueryPlan['sortBounds'] = {};

  if (index === DECISION_INDEX.byConfidence) {
    keyCondition += ' AND #sk <= :maxc';
    values[':maxc'] = `${(f.maxConfidence as number).toFixed(4)}#${MAX_TIME}`;
    sortBounds = { max: values[':maxc'] as string };
    if (f.since || f.until) names['#occ'] = 'occurredAt';
    if (f.since) {
      filters.push('#occ >= :since');
      values[':since'] = f.since;
    }
    if (f.until) {
      filters.push('#occ <= :until');
      values[':until'] = f.until;
    }
  } else {
    if (f.since && f.until) {
      keyCondition += ' AND #sk BETWEEN :since AND :until';
    } else if (f.since) keyCondition += ' AND #sk >= :since';
    else if (f.until) keyCondition += ' AND #sk <= :until';
    if (f.since) values[':since'] = f.since;
    if (f.until) values[':until'] = `${f.until}#${MAX_TIME}`;
    sortBounds = {
      ...(f.since ? { min: f.since } : {}),
      ...(f.until ? { max: values[':until'] as string } : {}),
    };
    if (f.maxConfidence !== undefined) {
      names['#conf'] = 'confidence';
      values[':maxc'] = f.maxConfidence;
      filters.push('#conf <= :maxc');
    }
    if (f.executionStatus && index !== DECISION_INDEX.byStatus)
      statusKey = statusIndexKey(customerId, f.executionStatus);
  }
  return {
    index,
    partitionAttr: def.partitionKey,
    partitionValue,
    sortAttr: def.sortKey,
    keyCondition,
    ...(filters.length > 0 ? { filter: filters.join(' AND ') } : {}),
    ...(statusKey ? { statusKey } : {}),
    names,
    values,
    forward: index === DECISION_INDEX.byConfidence,
    sortBounds,
  };
}
