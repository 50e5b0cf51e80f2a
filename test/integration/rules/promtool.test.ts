import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuleFile, RULES_FILE, RULES_FILE_RELATIVE } from '#lib/rules/rule-file';
import { promtoolCases, RULE_TESTS_DIR } from '../../unit/rules/promtool-cases.ts';
import { describeWithPromtool, promtool } from './promtool.ts';

const ROOT = join(import.meta.dirname, '../../..');
const testFiles = () => promtoolCases().files.map((f) => relative(ROOT, join(RULE_TESTS_DIR, f)));

describeWithPromtool('promtool on dashboards/rules/aiops-rules.yml', () => {
  it('checks the rule file: valid PromQL, every rule found', async () => {
    // Prepare
    const rules = loadRuleFile().groups.flatMap((g) => g.rules).length;

    // Act
    const { code, output } = await promtool(['check', 'rules', RULES_FILE_RELATIVE], ROOT);

    // Assess
    expect(output).toContain(`SUCCESS: ${rules} rules found`);
    expect(code).toBe(0);
  });

  it('passes every unit test of dashboards/rules/tests', async () => {
    // Act
    const { code, output } = await promtool(['test', 'rules', ...testFiles()], ROOT);

    // Assess
    expect(output).not.toContain('FAILED');
    expect(code, output).toBe(0);
  });

  describe('with a threshold moved', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'rules-mutant-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('fails the unit tests (they pin behaviour, not only syntax)', async () => {
      // Prepare: ApplianceDiskHigh at 95% instead of 85%, beside a copy of the tests
      const original = await readFile(RULES_FILE, 'utf8');
      const mutant = original.replace(
        '(aiops_appliance_disk_percent > 85)',
        '(aiops_appliance_disk_percent > 95)',
      );
      expect(mutant).not.toBe(original);
      await writeFile(join(dir, 'aiops-rules.yml'), mutant);
      await cp(RULE_TESTS_DIR, join(dir, 'tests'), { recursive: true });

      // Act
      const { code, output } = await promtool(['test', 'rules', join('tests', 'appliances.yml')], dir);

      // Assess
      expect(code).not.toBe(0);
      expect(output).toContain('alertname: ApplianceDiskHigh');
    });
  });
});
