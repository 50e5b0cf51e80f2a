/**
 * Which alerts read how counters grow (`rate`, `irate`, `increase`), directly or through the
 * recording rules they use. Such an alert sees a series' first events only when the series
 * starts at 0 (the exporter's zero sample), so each must be tested from an absent series.
 */
import { functionsCalled, metricNames } from './promql-metric-names.ts';
import { alertingRules, type RuleFile, recordingRules } from './rule-file.ts';

/** The PromQL functions that read a counter's growth. */
export const COUNTER_RATE_FUNCTIONS: readonly string[] = ['rate', 'irate', 'increase'];

/**
 * The names of the alerts whose expression, with the recording rules it reads expanded (to
 * any depth), calls one of {@link COUNTER_RATE_FUNCTIONS}; in file order.
 * @example alertsOnCounterRates(loadRuleFile()) // ['DecisionErrorBudgetBurnFast', …]
 */
export function alertsOnCounterRates(file: RuleFile): string[] {
  const recorded = new Map(recordingRules(file).map((r) => [r.record, r.expr]));
  const readsRates = (expr: string, seen: ReadonlySet<string>): boolean =>
    functionsCalled(expr).some((f) => COUNTER_RATE_FUNCTIONS.includes(f)) ||
    metricNames(expr).some((name) => {
      const inner = recorded.get(name);
      return inner !== undefined && !seen.has(name) && readsRates(inner, new Set([...seen, name]));
    });
  return alertingRules(file)
    .filter((a) => readsRates(a.expr, new Set()))
    .map((a) => a.alert);
}
