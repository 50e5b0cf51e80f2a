import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionItem } from '#adapters/dynamodb/decision-item';
import { recordedDecision } from '#adapters/dynamodb/recorded-decision';
import {
  applySectionWrite,
  planDecision,
  planExecution,
  planFeedback,
  type SectionWrite,
} from '#adapters/dynamodb/section-write';
import type { DecisionEvent } from '#contract/decision';
import type { ExecutionEvent } from '#contract/execution';
import type { FeedbackEvent } from '#contract/feedback';
import type { IngestContext } from '#domain/decision-lifecycle';
import { toDecisionRecord } from '#domain/decision-record';
import { DEFAULT_REDACTION_RULES } from '#domain/redaction';

const ctx = (receivedAt = new Date('2026-11-21T10:00:00Z')): IngestContext => ({
  customerId: 'acme',
  receivedAt,
  retentionDays: 30,
  rules: DEFAULT_REDACTION_RULES,
});

const decision = (id: string): DecisionEvent => ({
  schemaVersion: 1,
  decisionId: id,
  occurredAt: '2026-11-21T09:59:58+01:00',
  applianceId: 'appl-dns-01',
  agent: { name: 'aiops-agent', version: '1.4.2' },
  query: 'add an A record for printer3 to 10.0.4.23, admin password=hunter2',
  intent: {
    action: 'dns.add_record',
    parameters: { name: 'printer3', value: '10.0.4.23', password: 'hunter2' },
  },
  confidence: 0.42,
  llm: { provider: 'anthropic', model: 'claude-x', inputTokens: 812, outputTokens: 264, durationMs: 1830 },
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
});
const execution: ExecutionEvent = {
  schemaVersion: 1,
  status: 'failed',
  startedAt: '2026-11-21T09:00:05Z',
  durationSeconds: 12.5,
  changed: false,
  taskCounts: { ok: 2, changed: 0, failed: 1, skipped: 0, unreachable: 0 },
  errors: ['nsupdate: REFUSED (token: abcdefgh12345678)'],
};
const feedback: FeedbackEvent = {
  schemaVersion: 1,
  rating: 'thumbs_down',
  correctIntent: { action: 'dns.add_record', parameters: { name: 'printer3', value: '10.0.4.32' } },
};

const plans = (id: string): SectionWrite[] => [
  planDecision(decision(id), ctx()),
  planExecution(id, execution, ctx(new Date('2026-11-21T10:01:00Z'))),
  planFeedback(id, feedback, ctx(new Date('2026-11-21T10:05:00Z'))),
];

function applyAll(writes: SectionWrite[]): { item: DecisionItem; outcomes: string[] } {
  let item: DecisionItem | undefined;
  const outcomes: string[] = [];
  for (const w of writes) {
    const r = applySectionWrite(item, w);
    item = r.item;
    outcomes.push(r.outcome);
  }
  return { item: item as DecisionItem, outcomes };
}

describe('decision merge', () => {
  it('converges to the same record for every order and any repetition of the events', () => {
    // Prepare
    const id = randomUUID();
    const writes = plans(id);
    const reference = applyAll(writes).item;
    const deliveries = fc
      .array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 12 })
      .filter((xs) => new Set(xs).size === 3);
    // Act + Assess
    fc.assert(
      fc.property(deliveries, (order) => {
        const { item, outcomes } = applyAll(order.map((i) => writes[i] as SectionWrite));
        expect(item).toEqual(reference);
        expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(3);
        expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(order.length - 3);
        expect(item.version).toBe(3);
      }),
    );
  });

  it('reports different content under a written section as a conflict and keeps the first', () => {
    // Prepare
    const id = randomUUID();
    const first = planDecision(decision(id), ctx());
    const other = planDecision({ ...decision(id), confidence: 0.9 }, ctx());
    // Act
    const a = applySectionWrite(undefined, first);
    const b = applySectionWrite(a.item, other);
    // Assess
    expect(b.outcome).toBe('conflict');
    expect(b.item).toBe(a.item);
    expect(b.item.confidence).toBe(0.42);
  });

  it('redacts before storing and before hashing', () => {
    // Act
    const record = toDecisionRecord(recordedDecision(applyAll(plans(randomUUID())).item));
    // Assess
    const stored = JSON.stringify(record);
    expect(stored).not.toContain('hunter2');
    expect(stored).not.toContain('abcdefgh12345678');
    expect(record.redactions).toEqual(['password', 'sensitive_key']);
    expect(record.query).toContain('password=[REDACTED:password]');
    expect(record.intent?.parameters.password).toBe('[REDACTED:sensitive_key]');
  });

  it('normalises occurredAt to UTC and keys every index', () => {
    // Act
    const w = planDecision(decision('0b7c6d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e'), ctx());
    // Assess
    expect(w.attributes.occurredAt).toBe('2026-11-21T08:59:58.000Z');
    expect(w.attributes.tsk).toBe('2026-11-21T08:59:58.000Z#0b7c6d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e');
    expect(w.attributes.confidenceKey).toMatch(/^0\.4200#2026-11-21T08:59:58\.000Z#/);
    expect(w.attributes.applianceKey).toBe('acme#appl-dns-01');
    expect(w.pk).toBe('acme#0b7c6d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e');
    expect(w.expiresAt).toBe(Date.parse('2026-11-21T10:00:00Z') / 1000 + 30 * 86_400);
  });

  it('merges several feedback events field by field in submittedAt order, whatever the arrival order', () => {
    // Prepare: the operator's thumbs, then a reviewer's verdict, then the operator changes their mind
    const id = randomUUID();
    const events: FeedbackEvent[] = [
      { schemaVersion: 1, rating: 'thumbs_up', comment: 'ok', submittedAt: '2026-11-21T10:00:00Z' },
      { schemaVersion: 1, humanVerified: true, isTrainingData: true, submittedAt: '2026-11-21T11:00:00Z' },
      { schemaVersion: 1, rating: 'thumbs_down', submittedAt: '2026-11-21T12:00:00Z' },
    ];
    const writes = events.map((e, i) =>
      planFeedback(id, e, ctx(new Date(Date.parse('2026-11-21T13:00:00Z') + i))),
    );
    // Act + Assess
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
      [2, 0, 1, 0, 2],
    ]) {
      const record = toDecisionRecord(
        recordedDecision(applyAll(order.map((i) => writes[i] as SectionWrite)).item),
      );
      expect(record.feedback).toEqual({
        rating: 'thumbs_down',
        comment: 'ok',
        humanVerified: true,
        isTrainingData: true,
        submittedAt: '2026-11-21T12:00:00.000Z',
      });
      expect(record.version).toBe(3);
    }
  });

  it('bounds the feedback events of a decision', () => {
    const id = randomUUID();
    const writes = Array.from({ length: 6 }, (_, i) =>
      planFeedback(id, { schemaVersion: 1, comment: `note ${i}` }, ctx()),
    );
    const { outcomes } = applyAll(writes);
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'limit']);
  });

  it('keeps tenants apart even under the same decision id', () => {
    const id = randomUUID();
    const a = planDecision(decision(id), ctx());
    const b = planDecision(decision(id), { ...ctx(), customerId: 'globex' });
    expect(a.pk).not.toBe(b.pk);
  });
});
