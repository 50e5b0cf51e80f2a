import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { playbookSchema } from '#contract/decision';
import { intentSchema } from '#contract/intent';
import { DEFAULT_REDACTION_RULES, redact } from '#domain/redaction';
import { ROLE_SERVICES } from '../../../lib/demo/fleet.ts';
import { PLAYBOOK_TYPES } from '../../../lib/demo/playbook.ts';
import { createRng, seededRandom } from '../../../lib/demo/random.ts';
import {
  drawRequest,
  type Role,
  SCENARIOS,
  type ScenarioTarget,
  scenariosFor,
} from '../../../lib/demo/scenarios.ts';

const targetFor = (role: Role): ScenarioTarget => ({
  applianceId: `appl-${role}-01`,
  role,
  services: ROLE_SERVICES[role],
});

/** Every scenario drawn `times` times on every role it supports. */
function drawAll(seed: number, times: number) {
  const rng = createRng(seededRandom(seed));
  return SCENARIOS.flatMap((scenario) =>
    scenario.roles.flatMap((role) =>
      Array.from({ length: times }, () => drawRequest(rng, targetFor(role), scenario)),
    ),
  );
}

describe('the scenario catalogue', () => {
  const requests = drawAll(4, 40);

  it('has at least 15 templates covering DNS, Samba, Mail, PKI and services, with unique ids', () => {
    // Act
    const ids = SCENARIOS.map((s) => s.id);
    const types = new Set(SCENARIOS.map((s) => s.type));

    // Assess
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...types].sort()).toEqual([...PLAYBOOK_TYPES].sort());
    for (const role of ['dns', 'samba', 'mail', 'pki'] as const)
      expect(scenariosFor(role).length).toBeGreaterThan(2);
  });

  it('draws intents and playbooks that validate against the contract', () => {
    for (const r of requests) {
      expect(intentSchema.safeParse(r.intent).success, r.scenario.id).toBe(true);
      expect(playbookSchema.safeParse(r.playbook).success, r.scenario.id).toBe(true);
      expect(r.query.trim().length).toBeGreaterThan(5);
    }
  });

  it('gives each playbook the SHA-256 of its YAML and the number of its tasks', () => {
    for (const { playbook, play } of requests) {
      const sha = createHash('sha256').update(playbook.yaml, 'utf8').digest('hex');
      const taskLines = playbook.yaml.split('\n').filter((l) => /^ {4}- name: /.test(l));
      expect(playbook.sha256).toBe(sha);
      expect(playbook.tasksCount).toBe(play.tasks.length);
      expect(taskLines).toHaveLength(playbook.tasksCount);
    }
  });

  it('writes playbooks against the target appliance, without fact gathering, with fully qualified modules', () => {
    for (const r of requests) {
      expect(r.playbook.yaml.startsWith('---\n- name: ')).toBe(true);
      expect(r.playbook.yaml).toContain(`\n  hosts: ${r.play.hosts}\n`);
      expect(r.playbook.yaml).toContain('\n  gather_facts: false\n');
      for (const t of r.play.tasks) expect(t.module).toMatch(/^[a-z_]+\.[a-z_]+\.[a-z0-9_]+$/);
    }
  });

  it('uses the playbook type of the scenario and only services the appliance runs', () => {
    for (const r of requests) {
      expect(r.playbook.type).toBe(r.scenario.type);
      const service = r.intent.parameters?.service;
      const role = r.play.hosts.split('-')[1] as Role;
      if (typeof service === 'string') expect(ROLE_SERVICES[role]).toContain(service);
    }
  });

  it('includes requests with a pasted secret, which the default redaction rules catch in the query', () => {
    // Prepare
    const secret = requests.filter((r) => r.secret);

    // Act
    const redacted = secret.map((r) => redact(r.query, DEFAULT_REDACTION_RULES));

    // Assess
    expect(new Set(secret.map((r) => r.scenario.id)).size).toBeGreaterThanOrEqual(3);
    for (const r of redacted) expect(r.matched.length).toBeGreaterThan(0);
    expect(
      redacted.every((r) => !/Hunter2!|Summer2026!|Welcome#123|s3cret|P@ssw0rd-42|Tr0ub4dor&3/.test(r.text)),
    ).toBe(true);
  });

  it('randomises parameters: the same template gives different requests', () => {
    for (const scenario of SCENARIOS) {
      const queries = new Set(requests.filter((r) => r.scenario.id === scenario.id).map((r) => r.query));
      expect(queries.size, scenario.id).toBeGreaterThan(1);
    }
  });
});
