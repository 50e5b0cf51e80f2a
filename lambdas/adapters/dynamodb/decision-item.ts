/**
 * The stored shape of a decision in the decisions table. One item per
 * (customerId, decisionId); each event type owns its own attributes, so events merge in
 * any order without reading first, and `version` counts the events merged.
 */
export interface DecisionItem {
  pk: string;
  customerId: string;
  decisionId: string;
  version: number;
  expiresAt: number;
  [attribute: string]: unknown;
}

export const SECTIONS = ['decision', 'execution', 'feedback'] as const;
export type Section = (typeof SECTIONS)[number];

/** Attribute holding the content hash of a section's event (its presence marks the section). */
export const hashAttribute = (section: Section): string => `${section}Hash`;
/** Attribute holding when a section's event was accepted. */
export const receivedAttribute = (section: Section): string => `${section}ReceivedAt`;
/** Attribute holding the names of the redaction rules that matched a section's event. */
export const redactionsAttribute = (section: Section): string => `${section}Redactions`;

/** Prefix of the attributes holding one feedback event each, named by the event's content hash. */
export const FEEDBACK_EVENT_PREFIX = 'fb_';
export const feedbackEventAttribute = (hash: string): string =>
  `${FEEDBACK_EVENT_PREFIX}${hash.slice(0, 32)}`;
/** Counts the feedback events of a decision (bounded by LIMITS.maxFeedbackEvents). */
export const FEEDBACK_COUNT_ATTRIBUTE = 'feedbackCount';

/** Partition key of a decision: the tenant is part of it, so tenants can never collide. */
export const decisionPk = (customerId: string, decisionId: string): string => `${customerId}#${decisionId}`;

/** Sort key shared by the time-ordered indexes: ISO time (UTC) then id, newest first when read backwards. */
export const timeSortKey = (occurredAtIso: string, decisionId: string): string =>
  `${occurredAtIso}#${decisionId}`;

/** Sort key of the confidence index: fixed 4 decimals sort as text the way they sort as numbers. */
export const confidenceSortKey = (confidence: number, occurredAtIso: string, decisionId: string): string =>
  `${confidence.toFixed(4)}#${occurredAtIso}#${decisionId}`;

export const applianceIndexKey = (customerId: string, applianceId: string): string =>
  `${customerId}#${applianceId}`;
export const statusIndexKey = (customerId: string, status: string): string => `${customerId}#${status}`;
