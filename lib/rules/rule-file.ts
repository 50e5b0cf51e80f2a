/**
 * The Prometheus rule file of the project (`dashboards/rules/aiops-rules.yml`): its typed shape and a
 * loader that validates it. The same file is a Prometheus rule file (`promtool`, a local
 * Prometheus) and an AMP rule-groups namespace (CDK); the alert router and the tests read it
 * through {@link loadRuleFile}.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import * as z from 'zod';

/** The rule file, relative to the repository root. */
export const RULES_FILE_RELATIVE = 'dashboards/rules/aiops-rules.yml';

/** The rule file's absolute path. */
export const RULES_FILE: string = fileURLToPath(new URL(`../../${RULES_FILE_RELATIVE}`, import.meta.url));

/** A recording rule: `record` holds the result of `expr`. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  /** @default no labels added */
  readonly labels?: Readonly<Record<string, string>>;
}

/** An alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long `expr` must hold before the alert fires (a Prometheus duration). @default fires at once */
  readonly for?: string;
  /** @default no labels added */
  readonly labels?: Readonly<Record<string, string>>;
  /** Templated annotations (`summary`, `description`, `runbook_url`, `dashboard`). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One rule group, evaluated in order at one interval. */
export interface RuleGroup {
  readonly name: string;
  /** A Prometheus duration. @default the evaluator's global interval (AMP: 1 minute) */
  readonly interval?: string;
  /** @default no limit */
  readonly limit?: number;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** A whole rule file. */
export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

const DURATION = /^(?!$)(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;
const duration = z.string().regex(DURATION, 'a Prometheus duration such as 30s, 5m or 1h30m');
const labelMap = z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name'), z.string());
const expr = z.string().trim().min(1, 'an expression');

const recordingRule = z.strictObject({
  record: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a metric name'),
  expr,
  labels: labelMap.optional(),
});
const alertingRule = z.strictObject({
  alert: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'an alert name'),
  expr,
  for: duration.optional(),
  labels: labelMap.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const ruleGroup = z.strictObject({
  name: z.string().min(1),
  interval: duration.optional(),
  limit: z.number().int().nonnegative().optional(),
  rules: z.array(z.union([recordingRule, alertingRule])).min(1),
});
const ruleFileSchema = z.strictObject({ groups: z.array(ruleGroup).min(1) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.groups.forEach((g, i) => {
    if (seen.has(g.name))
      ctx.addIssue({ code: 'custom', path: ['groups', i, 'name'], message: `group ${g.name} is repeated` });
    seen.add(g.name);
  });
}) satisfies z.ZodType<RuleFile>;

/**
 * Parses and validates the text of a rule file: YAML without repeated keys, `groups` each
 * with a unique name and rules that are either recording (`record`) or alerting (`alert`)
 * rules with no unknown keys. PromQL itself is left to `promtool check rules`.
 * @throws Error naming `source` and every problem with its path.
 * @example parseRuleFile('groups: [{name: g, rules: [{record: a:b, expr: up}]}]').groups[0]?.name // 'g'
 */
export function parseRuleFile(text: string, source = 'rule file'): RuleFile {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true });
  } catch (e) {
    throw new Error(`${source}: not YAML: ${(e as Error).message}`);
  }
  const result = ruleFileSchema.safeParse(doc);
  if (!result.success) throw new Error(`${source} is not a rule file:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/**
 * Reads and validates a rule file.
 * @param path the file @default RULES_FILE
 * @throws Error naming the file when it cannot be read or is not a rule file.
 * @example const alerts = alertingRules(loadRuleFile());
 */
export function loadRuleFile(path: string = RULES_FILE): RuleFile {
  return parseRuleFile(readFileSync(path, 'utf8'), path);
}

/** Whether a rule is an alerting rule. */
export const isAlertingRule = (rule: RecordingRule | AlertingRule): rule is AlertingRule => 'alert' in rule;

/** Every alerting rule of a file, in file order. */
export const alertingRules = (file: RuleFile): AlertingRule[] =>
  file.groups.flatMap((g) => g.rules.filter(isAlertingRule));

/** Every recording rule of a file, in file order. */
export const recordingRules = (file: RuleFile): RecordingRule[] =>
  file.groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => !isAlertingRule(r)));
