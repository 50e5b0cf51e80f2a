/**
 * The `promtool test rules` files of `dashboards/rules/tests/`: which alerts each case expects to fire
 * or to stay quiet, and which expressions the cases evaluate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The folder of the promtool test files. */
export const RULE_TESTS_DIR = join(import.meta.dirname, '../../../dashboards/rules/tests');

interface PromtoolTestFile {
  readonly rule_files?: string[];
  readonly tests?: {
    readonly name?: string;
    readonly alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
    readonly promql_expr_test?: { expr: string }[];
  }[];
}

/** What the promtool test files cover. */
export interface PromtoolCases {
  /** Test file names (`slo.yml`, …). */
  readonly files: string[];
  /** `rule_files` entries of each file. */
  readonly ruleFiles: Record<string, string[]>;
  /** Per alert name: the cases (`file: test name`) expecting it to fire. */
  readonly firing: Map<string, string[]>;
  /** Per alert name: the cases expecting no firing alert of that name. */
  readonly quiet: Map<string, string[]>;
  /** Every `promql_expr_test` expression. */
  readonly expressions: string[];
}

const push = (map: Map<string, string[]>, key: string, value: string) =>
  map.set(key, [...(map.get(key) ?? []), value]);

/** Reads every `*.yml` of {@link RULE_TESTS_DIR}. */
export function promtoolCases(dir: string = RULE_TESTS_DIR): PromtoolCases {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort();
  const cases: PromtoolCases = { files, ruleFiles: {}, firing: new Map(), quiet: new Map(), expressions: [] };
  for (const file of files) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as PromtoolTestFile;
    cases.ruleFiles[file] = doc.rule_files ?? [];
    for (const test of doc.tests ?? []) {
      const where = `${file}: ${test.name ?? '(unnamed)'}`;
      for (const t of test.alert_rule_test ?? [])
        push((t.exp_alerts ?? []).length > 0 ? cases.firing : cases.quiet, t.alertname, where);
      for (const t of test.promql_expr_test ?? []) cases.expressions.push(t.expr);
    }
  }
  return cases;
}
