import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertingRules, loadRuleFile, parseRuleFile, RULES_FILE, recordingRules } from '#lib/rules/rule-file';

const VALID = `
groups:
  - name: g1
    rules:
      - record: job:up:sum
        expr: sum(up)
      - alert: Down
        expr: up == 0
        for: 1m30s
        labels: { severity: critical }
        annotations: { summary: "{{ $labels.instance }} down" }
  - name: g2
    interval: 30s
    rules:
      - alert: Other
        expr: vector(1)
`;

describe('parseRuleFile', () => {
  it('reads groups, recording and alerting rules in file order', () => {
    // Act
    const file = parseRuleFile(VALID);

    // Assess
    expect(file.groups.map((g) => g.name)).toEqual(['g1', 'g2']);
    expect(recordingRules(file)).toEqual([{ record: 'job:up:sum', expr: 'sum(up)' }]);
    expect(alertingRules(file).map((r) => [r.alert, r.for, r.labels?.severity])).toEqual([
      ['Down', '1m30s', 'critical'],
      ['Other', undefined, undefined],
    ]);
  });

  it.each([
    ['an unknown rule key', VALID.replace('annotations:', 'annotation:'), /annotation/],
    ['a repeated group name', VALID.replace('name: g2', 'name: g1'), /group g1 is repeated/],
    ['a bad duration', VALID.replace('for: 1m30s', 'for: 90 seconds'), /Prometheus duration/],
    ['an empty expression', VALID.replace('expr: vector(1)', 'expr: ""'), /expression/],
    ['no groups', 'groups: []', /groups/],
    ['a repeated YAML key', VALID.replace('for: 1m30s', 'for: 1m\n        for: 2m'), /not YAML/],
    ['not YAML', 'groups: [', /not YAML/],
  ])('refuses %s, naming the source', (_, text, reason) => {
    // Act
    const parse = () => parseRuleFile(text, 'rules.yml');

    // Assess
    expect(parse).toThrow(reason);
    expect(parse).toThrow(/^rules\.yml/);
  });
});

describe('loadRuleFile', () => {
  it('reads a file and names it in errors', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const good = join(dir, 'good.yml');
    const bad = join(dir, 'bad.yml');
    writeFileSync(good, VALID);
    writeFileSync(bad, 'groups: 1');

    // Act
    const file = loadRuleFile(good);

    // Assess
    expect(file.groups).toHaveLength(2);
    expect(() => loadRuleFile(bad)).toThrow(bad);
  });

  it('loads the project rule file by default', () => {
    // Act
    const file = loadRuleFile();

    // Assess
    expect(RULES_FILE.endsWith('/dashboards/rules/aiops-rules.yml')).toBe(true);
    expect(alertingRules(file).length).toBeGreaterThan(10);
  });
});
