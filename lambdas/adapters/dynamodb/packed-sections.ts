import type { DecisionItem } from './decision-item.ts';
import { packJson, unpackJson } from './packed-json.ts';

/** Attribute holding the decision's members other than {@link PLAIN_DECISION_FIELDS}, packed. */
export const DECISION_PACKED = 'decisionZ';
/** Attribute holding the execution result, packed. */
export const EXECUTION_PACKED = 'executionZ';
/**
 * Decision members stored as plain attributes: the list indexes project them and the list's
 * filter expressions read them.
 */
export const PLAIN_DECISION_FIELDS: readonly string[] = ['occurredAt', 'confidence'];

/**
 * The stored attributes of a decision's members: the plain ones as they are, the rest in one
 * packed attribute (the playbook, the query, the intent and the model's details make most of
 * an item's size, and each later event of the decision is billed by the whole item).
 * @example packedDecision({ occurredAt, confidence, query, playbook }) // { occurredAt, confidence, decisionZ }
 */
export function packedDecision(content: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  const packed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(content))
    if (PLAIN_DECISION_FIELDS.includes(name)) plain[name] = value;
    else packed[name] = value;
  plain[DECISION_PACKED] = packJson(packed);
  return plain;
}

/**
 * The stored attribute of an execution result.
 * @example packedExecution(execution) // { executionZ: Uint8Array }
 */
export const packedExecution = (execution: unknown): Record<string, unknown> => ({
  [EXECUTION_PACKED]: packJson(execution),
});

/**
 * An item (or stream image) with its packed attributes unpacked: the decision's members as
 * top-level attributes, the execution as the `execution` map. Items stored before packing
 * have that layout already and come back as they are.
 * @throws Error when a packed attribute cannot be read
 * @example recordedDecision(unpackedItem(image))
 */
export function unpackedItem(item: DecisionItem): DecisionItem {
  const decision = item[DECISION_PACKED];
  const execution = item[EXECUTION_PACKED];
  if (decision === undefined && execution === undefined) return item;
  const { [DECISION_PACKED]: _d, [EXECUTION_PACKED]: _x, ...rest } = item;
  return {
    ...(rest as DecisionItem),
    ...(decision !== undefined ? (unpackJson(decision) as Record<string, unknown>) : {}),
    ...(execution !== undefined ? { execution: unpackJson(execution) } : {}),
  };
}
