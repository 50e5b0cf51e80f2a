import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportByName } from '#domain/analytics/reports';
import { type ReportRow, requireReportsSchema, runReport } from '../../../lib/analytics/run-report.ts';
import { analyticsRow, seedAnalytics } from '../../support/analytics-rows.ts';
import { openTarget, replicaTargets, type TargetDatabase } from '../adapters/postgres/targets.ts';

const H0 = '2026-11-20T10';
const H1 = '2026-11-20T11';
const dns = (parameters: Record<string, unknown> = { name: 'printer3', type: 'A' }) => ({
  action: 'dns.add_record',
  parameters,
});
const samba = { action: 'samba.add_user', parameters: { name: 'bob', group: 'staff' } };
const deleteRecord = { action: 'dns.delete_record', parameters: { name: 'old' } };

/**
 * Seven decisions over two hours, three appliances, two tenants; the expected figures of
 * every report below are worked out by hand from these.
 */
const ROWS = [
  analyticsRow({
    timestamp: `${H0}:05:00Z`,
    appliance_id: 'A',
    confidence: 0.95,
    execution_duration_seconds: 10,
    llm_duration_ms: 1000,
    user_feedback: 'thumbs_up',
  }),
  analyticsRow({
    timestamp: `${H0}:10:00Z`,
    appliance_id: 'A',
    confidence: 0.4,
    execution_status: 'failed',
    execution_duration_seconds: 20,
    llm_duration_ms: 2000,
    tasks_failed: 1,
    execution_errors: ['nsupdate: REFUSED', 'zone locked'],
    user_feedback: 'thumbs_down',
    correct_intent: dns({ name: 'printer3', type: 'AAAA' }),
  }),
  analyticsRow({
    timestamp: `${H0}:20:00Z`,
    appliance_id: 'B',
    parsed_intent: samba,
    confidence: 0.3,
    execution_status: 'timeout',
    execution_duration_seconds: 120,
    llm_duration_ms: 3000,
  }),
  analyticsRow({
    timestamp: `${H1}:05:00Z`,
    appliance_id: 'B',
    parsed_intent: samba,
    confidence: 0.85,
    execution_duration_seconds: 30,
    llm_duration_ms: 1500,
    user_feedback: 'thumbs_up',
    correct_intent: { parameters: { group: 'staff', name: 'bob' }, action: 'samba.add_user' },
    human_verified: true,
    is_training_data: true,
  }),
  analyticsRow({
    timestamp: `${H1}:15:00Z`,
    appliance_id: 'A',
    confidence: 0.55,
    execution_status: null,
    llm_duration_ms: 500,
    user_feedback: 'thumbs_down',
    correct_intent: deleteRecord,
  }),
  analyticsRow({
    timestamp: `${H1}:30:00Z`,
    appliance_id: 'C',
    customer_id: 'beta',
    parsed_intent: { action: 'mail.add_alias', parameters: {} },
    confidence: 0.99,
    execution_duration_seconds: 5,
    llm_duration_ms: 800,
  }),
  analyticsRow({
    timestamp: `${H1}:40:00Z`,
    appliance_id: 'A',
    confidence: 0.45,
    execution_status: null,
    llm_duration_ms: 1200,
    correct_intent: deleteRecord,
  }),
];
const id = (i: number) => ROWS[i - 1]?.id;

describe.each(replicaTargets())('reports on %s', (target) => {
  let db: TargetDatabase;
  const run = (name: string, args: Record<string, string | number> = {}) =>
    runReport(db.client, reportByName(name), { since: 'all', ...args });
  const pick = (rows: ReportRow[], ...columns: string[]) =>
    rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));

  beforeAll(async () => {
    db = await openTarget(target);
    await seedAnalytics(db.client, ROWS);
  });
  afterAll(() => db?.close());

  it('hourly: success rate, average confidence and durations per UTC hour, newest first', async () => {
    // Act
    const rows = await run('hourly');
    const fromH1 = await run('hourly', { since: `${H1}:00:00Z` });
    // Assess
    expect(rows).toEqual([
      {
        hour: `${H1}:00:00Z`,
        decisions: 4,
        executed: 2,
        succeeded: 2,
        failed: 0,
        timed_out: 0,
        success_rate: 1,
        avg_confidence: 0.71,
        avg_llm_duration_ms: 1000,
        avg_execution_seconds: 17.5,
      },
      {
        hour: `${H0}:00:00Z`,
        decisions: 3,
        executed: 3,
        succeeded: 1,
        failed: 1,
        timed_out: 1,
        success_rate: 0.3333,
        avg_confidence: 0.55,
        avg_llm_duration_ms: 2000,
        avg_execution_seconds: 50,
      },
    ]);
    expect(fromH1.map((r) => r.hour)).toEqual([`${H1}:00:00Z`]);
  });

  it('low-confidence: below the threshold, least confident first', async () => {
    // Act
    const below05 = await run('low-confidence');
    const below06 = await run('low-confidence', { threshold: 0.6, limit: 3 });
    // Assess
    expect(pick(below05, 'id', 'confidence', 'action', 'verdict')).toEqual([
      { id: id(3), confidence: 0.3, action: 'samba.add_user', verdict: null },
      { id: id(2), confidence: 0.4, action: 'dns.add_record', verdict: 'corrected' },
      { id: id(7), confidence: 0.45, action: 'dns.add_record', verdict: 'corrected' },
    ]);
    expect(below06.map((r) => r.id)).toEqual([id(3), id(2), id(7)]);
  });

  it('failures: failed and timed-out runs, newest first, with their errors', async () => {
    // Act
    const rows = await run('failures');
    const one = await run('failures', { limit: 1 });
    // Assess
    expect(pick(rows, 'id', 'status', 'duration_seconds', 'tasks_failed', 'errors')).toEqual([
      { id: id(3), status: 'timeout', duration_seconds: 120, tasks_failed: 0, errors: '' },
      {
        id: id(2),
        status: 'failed',
        duration_seconds: 20,
        tasks_failed: 1,
        errors: 'nsupdate: REFUSED | zone locked',
      },
    ]);
    expect(rows[0]?.timestamp).toBe(`${H0}:20:00Z`);
    expect(one.map((r) => r.id)).toEqual([id(3)]);
  });

  it('training-candidates: corrected or thumbs up on a success, human-verified first, the correction winning', async () => {
    // Act
    const rows = await run('training-candidates');
    // Assess
    expect(pick(rows, 'id', 'action', 'verdict', 'human_verified', 'is_training_data')).toEqual([
      {
        id: id(4),
        action: 'samba.add_user',
        verdict: 'agreed',
        human_verified: true,
        is_training_data: true,
      },
      {
        id: id(7),
        action: 'dns.delete_record',
        verdict: 'corrected',
        human_verified: false,
        is_training_data: false,
      },
      {
        id: id(5),
        action: 'dns.delete_record',
        verdict: 'corrected',
        human_verified: false,
        is_training_data: false,
      },
      {
        id: id(2),
        action: 'dns.add_record',
        verdict: 'corrected',
        human_verified: false,
        is_training_data: false,
      },
      {
        id: id(1),
        action: 'dns.add_record',
        verdict: 'agreed',
        human_verified: false,
        is_training_data: false,
      },
    ]);
  });

  it('appliances: per tenant and appliance, busiest first', async () => {
    // Act
    const rows = await run('appliances');
    const h0 = await run('appliances', { until: `${H1}:00:00Z` });
    // Assess
    expect(rows).toEqual([
      {
        customer_id: 'acme',
        appliance_id: 'A',
        decisions: 4,
        executed: 2,
        success_rate: 0.5,
        failed: 1,
        timed_out: 0,
        avg_confidence: 0.5875,
        avg_execution_seconds: 15,
        thumbs_up: 1,
        thumbs_down: 2,
        last_decision_at: `${H1}:40:00Z`,
      },
      {
        customer_id: 'acme',
        appliance_id: 'B',
        decisions: 2,
        executed: 2,
        success_rate: 0.5,
        failed: 0,
        timed_out: 1,
        avg_confidence: 0.575,
        avg_execution_seconds: 75,
        thumbs_up: 1,
        thumbs_down: 0,
        last_decision_at: `${H1}:05:00Z`,
      },
      {
        customer_id: 'beta',
        appliance_id: 'C',
        decisions: 1,
        executed: 1,
        success_rate: 1,
        failed: 0,
        timed_out: 0,
        avg_confidence: 0.99,
        avg_execution_seconds: 5,
        thumbs_up: 0,
        thumbs_down: 0,
        last_decision_at: `${H1}:30:00Z`,
      },
    ]);
    expect(pick(h0, 'appliance_id', 'decisions')).toEqual([
      { appliance_id: 'A', decisions: 2 },
      { appliance_id: 'B', decisions: 1 },
    ]);
  });

  it('actions: per parsed action, busiest first', async () => {
    // Act
    const rows = await run('actions');
    // Assess
    expect(rows).toEqual([
      {
        action: 'dns.add_record',
        decisions: 4,
        executed: 2,
        success_rate: 0.5,
        failed: 1,
        timed_out: 0,
        avg_confidence: 0.5875,
        avg_execution_seconds: 15,
        thumbs_up: 1,
        thumbs_down: 2,
        low_confidence: 2,
        avg_llm_duration_ms: 1175,
      },
      {
        action: 'samba.add_user',
        decisions: 2,
        executed: 2,
        success_rate: 0.5,
        failed: 0,
        timed_out: 1,
        avg_confidence: 0.575,
        avg_execution_seconds: 75,
        thumbs_up: 1,
        thumbs_down: 0,
        low_confidence: 1,
        avg_llm_duration_ms: 2250,
      },
      {
        action: 'mail.add_alias',
        decisions: 1,
        executed: 1,
        success_rate: 1,
        failed: 0,
        timed_out: 0,
        avg_confidence: 0.99,
        avg_execution_seconds: 5,
        thumbs_up: 0,
        thumbs_down: 0,
        low_confidence: 0,
        avg_llm_duration_ms: 800,
      },
    ]);
  });

  it('intent-agreement: verdicts per parsed action, the most common correction', async () => {
    // Act
    const rows = await run('intent-agreement');
    // Assess
    expect(rows).toEqual([
      {
        action: 'dns.add_record',
        verdicts: 4,
        agreed: 1,
        corrected: 3,
        agreement_rate: 0.25,
        top_correction: 'dns.delete_record',
      },
      {
        action: 'samba.add_user',
        verdicts: 1,
        agreed: 1,
        corrected: 0,
        agreement_rate: 1,
        top_correction: null,
      },
    ]);
  });

  it('refuses a database whose schema predates the reports', async () => {
    // Prepare
    await db.client.query('UPDATE schema_migrations SET version = -3 WHERE version = 3');
    // Act
    const behind = await requireReportsSchema(db.client).catch((e: Error) => e.message);
    await db.client.query('UPDATE schema_migrations SET version = 3 WHERE version = -3');
    // Assess
    expect(behind).toMatch(/schema is at version 2; reports need 3/);
    await expect(requireReportsSchema(db.client)).resolves.toBeUndefined();
  });
});
