/**
 * Tenants choose label values (models, actions, playbook types, service names): each tenant may
 * bring at most LABEL_VALUES_PER_TENANT distinct values per label, past which its values are
 * counted under `other` and the folding is counted, without touching another tenant's values,
 * and the same way whatever the retries and redeliveries.
 */
import { expect, it } from 'vitest';
import { FaultPlan } from '../../support/faults/fault-plan.ts';
import { injectFoldFaults } from '../../support/faults/faulty-aggregates.ts';
import { useTestApi } from '../../support/local-api.ts';
import { isoSecondsAgo, sampleDecision, sampleHeartbeat } from '../../support/samples.ts';

const BOUND = 3;
const api = useTestApi({ LABEL_VALUES_PER_TENANT: String(BOUND) }, { pipeline: true });

/** The samples of a `/metrics` text whose name is `name` and whose labels include `labels`. */
function samplesOf(text: string, name: string, labels: Record<string, string> = {}): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{.*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) out.set(match[2] ?? '', Number(match[3]));
  }
  return out;
}
const scrape = async () => (await api.request('GET', '/metrics', { key: null })).text;
const folded = (text: string, customer: string, metric: string, label: string) => [
  ...samplesOf(text, 'aiops_label_values_folded_total', { customer_id: customer, metric, label }).values(),
];

it('counts a tenant’s models past the bound under `other`, counts the folding, leaves another tenant’s alone, through redeliveries', async () => {
  // Prepare: the first three folds commit and then fail, so their batches are delivered again
  const faults = new FaultPlan({ seed: 12, forceAfterAt: [1, 2, 3] });
  const restore = injectFoldFaults(api.runtime.aggregates, faults);
  const acme = await api.createKey('acme', ['decisions:write']);
  const globex = await api.createKey('globex', ['decisions:write']);
  const decide = async (key: string, model: string) => {
    const decision = sampleDecision();
    const res = await api.request('POST', '/v1/decisions', {
      key,
      json: { ...decision, llm: { ...decision.llm, model } },
    });
    expect(res.status).toBe(201);
    await api.pipeline?.drained(30_000); // one at a time: the order of admission is the order sent
  };

  // Act: acme brings BOUND + 2 models; globex three, one of them a model acme is past the bound with
  try {
    for (const model of ['m1', 'm2', 'm3', 'm4', 'm5']) await decide(acme.token, model);
    for (const model of ['m5', 'g1', 'g2']) await decide(globex.token, model);
  } finally {
    restore();
  }
  const text = await scrape();

  // Assess
  expect(faults.stats().after).toBe(3);
  const parsed = (model: string) => [
    ...samplesOf(text, 'aiops_llm_parse_duration_seconds_count', { model }).values(),
  ];
  expect(['m1', 'm2', 'm3', 'other', 'm4', 'm5', 'g1', 'g2'].map(parsed)).toEqual([
    [1],
    [1],
    [1],
    [2],
    [],
    [1],
    [1],
    [1],
  ]);
  expect([...samplesOf(text, 'aiops_llm_tokens_total', { model: 'other', type: 'input' }).values()]).toEqual([
    2 * 1843,
  ]);
  expect(folded(text, 'acme', 'aiops_llm_parse_duration_seconds', 'model')).toEqual([2]);
  expect(folded(text, 'acme', 'aiops_llm_tokens_total', 'model')).toEqual([2]);
  expect(samplesOf(text, 'aiops_label_values_folded_total', { customer_id: 'globex' }).size).toBe(0);
});

it('bounds a tenant’s service names the same way on every export, counts each folded heartbeat once, and leaves another tenant’s alone', async () => {
  // Prepare: acme's gw-01 reports five services, two past the bound (one of them down)
  const acme = await api.createKey('acme', ['heartbeats:write']);
  const globex = await api.createKey('globex', ['heartbeats:write']);
  const services = { s1: 'up', s2: 'up', s3: 'up', s4: 'down', s5: 'up' } as const;
  const beat = (key: string, sentAt: string, own: Record<string, 'up' | 'down'> = services) =>
    api.request('POST', '/v1/heartbeats', {
      key,
      json: sampleHeartbeat({ applianceId: 'gw-01', sentAt, services: own }),
    });
  const first = isoSecondsAgo(20);

  // Act: a heartbeat, the same again (a retry), a newer one; globex's gw-01 with acme's folded names
  const answers = [
    await beat(acme.token, first),
    await beat(acme.token, first),
    await beat(acme.token, isoSecondsAgo(10)),
    await beat(globex.token, isoSecondsAgo(10), { s4: 'up', s5: 'down' }),
  ].map((r) => r.status);
  const exports = [await scrape(), await scrape()];

  // Assess
  expect(answers).toEqual([201, 200, 201, 201]);
  const serviceUp = (text: string, customer: string) =>
    Object.fromEntries(
      [
        ...samplesOf(text, 'aiops_appliance_service_up', { customer_id: customer, appliance_id: 'gw-01' }),
      ].map(([labels, value]) => [/service="([^"]*)"/.exec(labels)?.[1], value]),
    );
  for (const text of exports) {
    expect(serviceUp(text, 'acme')).toEqual({ s1: 1, s2: 1, s3: 1, other: 0 });
    expect(serviceUp(text, 'globex')).toEqual({ s4: 1, s5: 0 });
    expect(folded(text, 'acme', 'aiops_appliance_service_up', 'service')).toEqual([2]);
    expect(folded(text, 'globex', 'aiops_appliance_service_up', 'service')).toEqual([]);
  }
});
