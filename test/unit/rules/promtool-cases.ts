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
    readonly input_series?: { series: string; values: string }[];
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
  /**
   * Per alert name: the cases expecting it to fire in which every input series starts absent
   * (its values begin with `_`), as a new series does.
   */
  readonly firingFromAbsent: Map<string, string[]>;
  /** Every `promql_expr_test` expression. */
  readonly expressions: string[];
}

const push = (map: Map<string, string[]>, key: string, value: string) =>
  map.set(key, [...(map.get(key) ?? []), value]);

/**
 * Whether a promtool `values` text starts with absent samples (`_`, `_x5`, …).
 * @example startsAbsent('_x10 0 8x20') // true
 */
export const startsAbsent = (values: string): boolean => /^\s*_/.test(String(values));

/** Reads every `*.yml` of {@link RULE_TESTS_DIR}. */
export function promtoolCases(dir: string = RULE_TESTS_DIR): PromtoolCases {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort();
  const cases: PromtoolCases = {
    files,
    ruleFiles: {},
    firing: new Map(),
    quiet: new Map(),
    firingFromAbsent: new Map(),
    expressions: [],
  };
  for (const file of files) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as PromtoolTestFile;
    cases.ruleFiles[file] = doc.rule_files ?? [];
    for (const test of doc.tests ?? []) {
      const where = `${file}: ${test.name ?? '(unnamed)'}`;
      const inputs = test.input_series ?? [];
      const fromAbsent = inputs.length > 0 && inputs.every((i) => startsAbsent(i.values));
      for (const t of test.alert_rule_test ?? []) {
        const fires = (t.exp_alerts ?? []).length > 0;
        push(fires ? cases.firing : cases.quiet, t.alertname, where);
        if (fires && fromAbsent) push(cases.firingFromAbsent, t.alertname, where);
      }
      for (const t of test.promql_expr_test ?? []) cases.expressions.push(t.expr);
    }
  }
  return cases;
}
