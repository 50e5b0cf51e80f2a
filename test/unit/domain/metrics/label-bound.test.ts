import { describe, expect, it } from 'vitest';
import { METRICS, seriesKey } from '#domain/metrics/catalog';
import type { MetricDelta } from '#domain/metrics/deltas';
import { chosenValues, foldedKey, foldUnadmitted } from '#domain/metrics/label-bound';
import { heartbeatFoldIncrements, serviceValues } from '#domain/metrics/service-labels';
import { snapshot } from '#domain/metrics/snapshot';
import type { ApplianceState } from '#domain/ports';

const tokens = (model: string, type: 'input' | 'output', value: number): MetricDelta => ({
  kind: 'counter',
  key: seriesKey(METRICS.llmTokensTotal, { model, type }),
  value,
});
const parse = (model: string): MetricDelta => ({
  kind: 'histogram',
  key: seriesKey(METRICS.llmParseDurationSeconds, { model }),
  observation: 1.2,
});
const tasks = (playbookType: string): MetricDelta => ({
  kind: 'counter',
  key: seriesKey(METRICS.ansibleTasksTotal, { playbook_type: playbookType, status: 'ok' }),
  value: 3,
});

describe('per-tenant label bounds', () => {
  it('asks about each tenant-chosen value once, in order of use, never about the values the metrics write themselves', () => {
    // Act
    const asked = chosenValues([
      parse('m2'),
      tokens('m2', 'input', 5),
      tokens('m1', 'output', 1),
      tasks('none'),
    ]);

    // Assess
    expect(Object.fromEntries(asked)).toEqual({ model: ['m2', 'm1'] });
  });

  it('folds refused values into other and counts once per metric and label, leaving admitted ones as they are', () => {
    // Prepare: m1 admitted, m9 and the playbook type refused
    const deltas = [
      parse('m9'),
      tokens('m9', 'input', 5),
      tokens('m9', 'output', 2),
      parse('m1'),
      tasks('dns'),
    ];

    // Act
    const out = foldUnadmitted(deltas, 'acme', (_label, value) => value === 'm1');

    // Assess
    expect(out.map((d) => d.key)).toEqual([
      'aiops_llm_parse_duration_seconds{model="other"}',
      'aiops_llm_tokens_total{model="other",type="input"}',
      'aiops_llm_tokens_total{model="other",type="output"}',
      'aiops_llm_parse_duration_seconds{model="m1"}',
      'aiops_ansible_tasks_total{playbook_type="other",status="ok"}',
      foldedKey('acme', 'aiops_llm_parse_duration_seconds', 'model'),
      foldedKey('acme', 'aiops_llm_tokens_total', 'model'),
      foldedKey('acme', 'aiops_ansible_tasks_total', 'playbook_type'),
    ]);
    expect(out.slice(-3).map((d) => (d.kind === 'counter' ? d.value : undefined))).toEqual([1, 1, 1]);
    expect(foldedKey('acme', 'aiops_llm_tokens_total', 'model')).toBe(
      'aiops_label_values_folded_total{customer_id="acme",label="model",metric="aiops_llm_tokens_total"}',
    );
  });

  it('counts a heartbeat whose services pass the bound once, and one within it not at all', () => {
    // Act
    const past = heartbeatFoldIncrements('acme', ['named', 'x1', 'x2'], new Set(['named']));
    const within = heartbeatFoldIncrements('acme', ['named'], new Set(['named']));

    // Assess
    expect([...past]).toEqual([[foldedKey('acme', 'aiops_appliance_service_up', 'service'), 1]]);
    expect(within.size).toBe(0);
    expect(serviceValues(['smbd', 'named', 'smbd', 'unknown'])).toEqual(['named', 'smbd']);
  });

  it('exports the folded services of an appliance as one `other` series that is down when any of them is', () => {
    // Prepare
    const appliance: ApplianceState = {
      customerId: 'acme',
      applianceId: 'gw-01',
      lastHeartbeatAt: new Date(1_000_000).toISOString(),
      cpuPercent: 1,
      memoryPercent: 2,
      diskPercent: 3,
      services: { named: 'up', x1: 'up', x2: 'down', x3: 'up' },
      agentVersion: '1',
    };
    const labels = (_customer: string, service: string) => (service === 'named' ? service : 'other');

    // Act
    const services = snapshot(new Map(), [appliance], 1_000_000, 300, labels)
      .filter((s) => s.name === METRICS.applianceServiceUp.name)
      .map((s) => [s.labels.service, s.value]);

    // Assess
    expect(services).toEqual([
      ['named', 1],
      ['other', 0],
    ]);
  });
});
