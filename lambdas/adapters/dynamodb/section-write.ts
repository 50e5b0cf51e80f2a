import type { DecisionEvent } from '#contract/decision';
import type { ExecutionEvent } from '#contract/execution';
import type { FeedbackEvent } from '#contract/feedback';
import { LIMITS } from '#contract/limits';
import type { DecisionLifecycleEvent, IngestContext, WriteOutcome } from '#domain/decision-lifecycle';
import { contentHash, queryHash } from '#domain/hashing';
import { createRedactor, type Redactor } from '#domain/redact-json';
import {
  applianceIndexKey,
  confidenceSortKey,
  type DecisionItem,
  decisionPk,
  FEEDBACK_COUNT_ATTRIBUTE,
  feedbackEventAttribute,
  hashAttribute,
  receivedAttribute,
  redactionsAttribute,
  type Section,
  statusIndexKey,
  timeSortKey,
} from './decision-item.ts';
import { packedDecision, packedExecution } from './packed-sections.ts';

/**
 * One event turned into the attributes it owns. Writing it is idempotent: it happens only
 * while the `guard` attribute is absent. For the decision and the execution the guard holds
 * the content hash, so the same hash again is a retry and another one a conflict; a feedback
 * event's guard is named by its hash, so finding it means a retry.
 */
export interface SectionWrite {
  readonly section: Section;
  readonly guard: string;
  /** `true` when the guard's value is a hash to compare (decision, execution). */
  readonly guardHoldsHash: boolean;
  /** A counter that must stay below `max` (feedback events). */
  readonly limit?: { readonly counter: string; readonly max: number };
  readonly pk: string;
  readonly customerId: string;
  readonly decisionId: string;
  readonly hash: string;
  /**
   * Expiry (epoch seconds). The decision's own expiry wins: it overwrites, while execution
   * and feedback only set it when absent, so the record converges whatever the order.
   */
  readonly expiresAt: number;
  /** Attributes to set, including the hash, received-at and redaction attributes. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * The write that records one lifecycle event.
 * @example await writeSection(db, table, planSection({ section: 'decision', event }, ctx));
 */
export function planSection(e: DecisionLifecycleEvent, ctx: IngestContext): SectionWrite {
  if (e.section === 'decision') return planDecision(e.event, ctx);
  if (e.section === 'execution') return planExecution(e.decisionId, e.event, ctx);
  return planFeedback(e.decisionId, e.event, ctx);
}

/** What a decision event stores and hashes: its fields redacted and normalised. */
type DecisionContent = {
  applianceId: string;
  occurredAt: string;
  agent: DecisionEvent['agent'];
  query: string;
  queryHash: string;
  intent: { action: string; parameters: DecisionEvent['intent']['parameters'] };
  confidence: number;
  llm: DecisionEvent['llm'];
  playbook?: NonNullable<DecisionEvent['playbook']>;
  traceId?: string;
};

/** Builds the write for a decision event (redaction first, then hashing). */
export function planDecision(event: DecisionEvent, ctx: IngestContext): SectionWrite {
  const r = createRedactor(ctx.rules);
  const query = r.text(event.query);
  const parameters = r.json(event.intent.parameters);
  const playbook = event.playbook ? { ...event.playbook, yaml: r.text(event.playbook.yaml) } : undefined;
  const occurredAt = new Date(event.occurredAt).toISOString();
  const tsk = timeSortKey(occurredAt, event.decisionId);
  // Optional members are set after the literal rather than spread into it (V8's slow path for
  // a literal spreading objects); the keys keep the same order.
  const content: DecisionContent = {
    applianceId: event.applianceId,
    occurredAt,
    agent: event.agent,
    query,
    queryHash: queryHash(query),
    intent: { action: event.intent.action, parameters },
    confidence: event.confidence,
    llm: event.llm,
  };
  if (playbook) content.playbook = playbook;
  if (event.traceId) content.traceId = event.traceId;
  return sectionWrite(
    'decision',
    event.decisionId,
    ctx,
    content,
    r,
    Object.assign(packedDecision(content), {
      tenantKey: ctx.customerId,
      applianceKey: applianceIndexKey(ctx.customerId, event.applianceId),
      tsk,
      confidenceKey: confidenceSortKey(event.confidence, occurredAt, event.decisionId),
    }),
  );
}

/** Builds the write for an execution result. */
export function planExecution(decisionId: string, event: ExecutionEvent, ctx: IngestContext): SectionWrite {
  const r = createRedactor(ctx.rules);
  const { schemaVersion: _v, ...rest } = event;
  const execution = {
    ...rest,
    startedAt: new Date(event.startedAt).toISOString(),
    ...(event.output !== undefined ? { output: r.text(event.output) } : {}),
    ...(event.errors ? { errors: event.errors.map(r.text) } : {}),
    ...(event.tasks ? { tasks: event.tasks.map((t) => ({ ...t, name: r.text(t.name) })) } : {}),
  };
  return sectionWrite('execution', decisionId, ctx, execution, r, {
    ...packedExecution(execution),
    statusKey: statusIndexKey(ctx.customerId, event.status),
  });
}

/** Builds the write for one feedback event: stored under its own hash, merged when read. */
export function planFeedback(decisionId: string, event: FeedbackEvent, ctx: IngestContext): SectionWrite {
  const r = createRedactor(ctx.rules);
  const { schemaVersion: _v, ...rest } = event;
  const content = {
    ...rest,
    ...(event.submittedAt ? { submittedAt: new Date(event.submittedAt).toISOString() } : {}),
    ...(event.comment !== undefined ? { comment: r.text(event.comment) } : {}),
    ...(event.correctIntent ? { correctIntent: r.json(event.correctIntent) } : {}),
  };
  const hash = contentHash(content);
  const matched = r.matched();
  const stored = {
    ...content,
    receivedAt: ctx.receivedAt.toISOString(),
    ...(matched.length > 0 ? { redactions: matched } : {}),
  };
  return {
    section: 'feedback',
    guard: feedbackEventAttribute(hash),
    guardHoldsHash: false,
    limit: { counter: FEEDBACK_COUNT_ATTRIBUTE, max: LIMITS.maxFeedbackEvents },
    pk: decisionPk(ctx.customerId, decisionId),
    customerId: ctx.customerId,
    decisionId,
    hash,
    expiresAt: expiry(ctx),
    attributes: { [feedbackEventAttribute(hash)]: stored },
  };
}

const expiry = (ctx: IngestContext): number =>
  Math.floor(ctx.receivedAt.getTime() / 1000) + ctx.retentionDays * 86_400;

function sectionWrite(
  section: Section,
  decisionId: string,
  ctx: IngestContext,
  content: unknown,
  redactor: Redactor,
  attributes: Record<string, unknown>,
): SectionWrite {
  const hash = contentHash(content);
  const matched = redactor.matched();
  const all: Record<string, unknown> = Object.assign({}, attributes);
  all[hashAttribute(section)] = hash;
  all[receivedAttribute(section)] = ctx.receivedAt.toISOString();
  if (matched.length > 0) all[redactionsAttribute(section)] = matched;
  return {
    section,
    guard: hashAttribute(section),
    guardHoldsHash: true,
    pk: decisionPk(ctx.customerId, decisionId),
    customerId: ctx.customerId,
    decisionId,
    hash,
    expiresAt: expiry(ctx),
    attributes: all,
  };
}

/**
 * The merge rule, as a pure function: the reference the DynamoDB adapter's conditional
 * update implements in one request. A guarded write happens once; the same content again
 * is a duplicate and changes nothing; different content under a hash guard is a conflict.
 */
export function applySectionWrite(
  item: DecisionItem | undefined,
  write: SectionWrite,
): { outcome: WriteOutcome; item: DecisionItem } {
  const existing = item?.[write.guard];
  if (item && existing !== undefined) {
    const same = !write.guardHoldsHash || existing === write.hash;
    return { outcome: same ? 'duplicate' : 'conflict', item };
  }
  if (item && write.limit && Number(item[write.limit.counter] ?? 0) >= write.limit.max) {
    return { outcome: 'limit', item };
  }
  const base: DecisionItem = item ?? {
    pk: write.pk,
    customerId: write.customerId,
    decisionId: write.decisionId,
    version: 0,
    expiresAt: write.expiresAt,
  };
  // Object.assign rather than `{ ...base, ...write.attributes }`: the same item, with the keys in
  // the same order, without the slow path V8 takes for a literal that spreads two objects.
  const merged: DecisionItem = Object.assign({}, base, write.attributes);
  if (write.limit) merged[write.limit.counter] = Number(base[write.limit.counter] ?? 0) + 1;
  merged.expiresAt = write.section === 'decision' ? write.expiresAt : base.expiresAt;
  merged.version = base.version + 1;
  return { outcome: 'accepted', item: merged };
}
