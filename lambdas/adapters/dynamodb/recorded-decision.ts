import type { RecordedDecision, RecordedEvent, RecordedFeedback } from '#domain/recorded-decision';
import {
  type DecisionItem,
  FEEDBACK_EVENT_PREFIX,
  hashAttribute,
  receivedAttribute,
  redactionsAttribute,
  type Section,
} from './decision-item.ts';
import { unpackedItem } from './packed-sections.ts';

/** The attributes of a decisions-table item that hold the decision event's fields, in answer order. */
export const DECISION_FIELDS = [
  'applianceId',
  'occurredAt',
  'agent',
  'query',
  'queryHash',
  'intent',
  'confidence',
  'llm',
  'playbook',
  'traceId',
] as const;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const texts = (v: unknown): readonly string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);

function recorded(item: DecisionItem, section: Section, fields: Record<string, unknown>): RecordedEvent {
  const receivedAt = text(item[receivedAttribute(section)]);
  const redactions = texts(item[redactionsAttribute(section)]);
  return { fields, ...(receivedAt ? { receivedAt } : {}), ...(redactions ? { redactions } : {}) };
}

/**
 * The domain's view of a decisions-table item (an item read, or a stream image): a section is
 * there when its hash attribute is, feedback events are the `fb_…` attributes, packed members
 * are unpacked (items stored before packing read the same). Nothing is
 * checked here: readers of the record name what they miss.
 * @example toDecisionRecord(recordedDecision(res.Item as DecisionItem))
 */
export function recordedDecision(stored: DecisionItem): RecordedDecision {
  const item = unpackedItem(stored);
  const feedback: RecordedFeedback[] = [];
  for (const [attribute, value] of Object.entries(item)) {
    if (!attribute.startsWith(FEEDBACK_EVENT_PREFIX)) continue;
    const { receivedAt, redactions, ...fields } = (value ?? {}) as Record<string, unknown>;
    const list = texts(redactions);
    feedback.push({
      id: attribute.slice(FEEDBACK_EVENT_PREFIX.length),
      fields,
      receivedAt: receivedAt as string,
      ...(list ? { redactions: list } : {}),
    });
  }
  const decisionFields: Record<string, unknown> = {};
  for (const field of DECISION_FIELDS) if (item[field] !== undefined) decisionFields[field] = item[field];
  return {
    customerId: item.customerId,
    decisionId: item.decisionId,
    version: Number(item.version),
    ...(item[hashAttribute('decision')] !== undefined
      ? { decision: recorded(item, 'decision', decisionFields) }
      : {}),
    ...(item[hashAttribute('execution')] !== undefined
      ? { execution: recorded(item, 'execution', (item.execution ?? {}) as Record<string, unknown>) }
      : {}),
    feedback,
  };
}
