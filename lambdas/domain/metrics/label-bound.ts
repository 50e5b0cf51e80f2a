/**
 * Per-tenant bounds on the label values tenants choose (DESIGN §6): a tenant may bring up to
 * a bound of distinct values per label of {@link TENANT_CHOSEN_LABELS}; past it, its new
 * values are counted under `other`, and `aiops_label_values_folded_total` counts each event
 * folded so. Which values a tenant may use is decided once and for good by a durable
 * registry (a port): an admitted value is never taken back, and a value refused because the
 * bound was full stays refused, so every Lambda instance, retry and redelivery maps a value
 * the same way.
 */
import { METRICS } from './catalog.ts';
import type { CounterDelta, MetricDelta } from './deltas.ts';
import {
  boundLabel,
  OTHER_LABEL_VALUE,
  TENANT_CHOSEN_LABELS,
  type TenantChosenLabel,
  UNKNOWN_LABEL_VALUE,
} from './labels.ts';
import { parseSeriesKey, seriesKey } from './series-key.ts';

/** Port: the values each tenant may use in each tenant-chosen label, admitted durably. */
export interface LabelValueRegistry {
  /**
   * Which of `values` the tenant may use in `label`: those admitted before, and new ones,
   * in the order given, while the tenant holds fewer than the bound. Admission is durable
   * and never taken back.
   */
  admit(
    customerId: string,
    label: TenantChosenLabel,
    values: readonly string[],
  ): Promise<ReadonlySet<string>>;
  /** Which of `values` the tenant was admitted to use so far; admits nothing. */
  admitted(
    customerId: string,
    label: TenantChosenLabel,
    values: readonly string[],
  ): Promise<ReadonlySet<string>>;
}

/** Whether a value may be used: what {@link LabelValueRegistry.admit} answered, per label. */
export type Admitted = (label: TenantChosenLabel, value: string) => boolean;

/**
 * Values the metrics write themselves (no value, no playbook, the fold): they are never a
 * tenant's choice, so they pass unbounded and take no room under the bound.
 */
export const RESERVED_LABEL_VALUES: ReadonlySet<string> = new Set([
  UNKNOWN_LABEL_VALUE,
  'none',
  OTHER_LABEL_VALUE,
]);

const isChosen = (label: string): label is TenantChosenLabel =>
  (TENANT_CHOSEN_LABELS as readonly string[]).includes(label);

/**
 * The series key counting one tenant's folding of one label on one metric.
 * @example foldedKey('acme', 'aiops_llm_tokens_total', 'model')
 * // 'aiops_label_values_folded_total{customer_id="acme",label="model",metric="aiops_llm_tokens_total"}'
 */
export function foldedKey(customerId: string, metric: string, label: TenantChosenLabel): string {
  return seriesKey(METRICS.labelValuesFoldedTotal, { customer_id: boundLabel(customerId), metric, label });
}

/**
 * The tenant-chosen values the deltas use, per label, in order of first use (reserved values
 * left out): what to ask the registry.
 * @example chosenValues(deltas).get('model') // ['claude-sonnet-4-5']
 */
export function chosenValues(deltas: readonly MetricDelta[]): Map<TenantChosenLabel, string[]> {
  const out = new Map<TenantChosenLabel, string[]>();
  for (const { key } of deltas) {
    for (const [label, value] of Object.entries(parseSeriesKey(key).labels)) {
      if (!isChosen(label) || RESERVED_LABEL_VALUES.has(value)) continue;
      const values = out.get(label) ?? [];
      if (!values.includes(value)) values.push(value);
      out.set(label, values);
    }
  }
  return out;
}

/**
 * The deltas with each tenant-chosen value the tenant may not use replaced by `other`, plus
 * one `aiops_label_values_folded_total` increment per metric and label folded (one event
 * folding `model` on the token counter counts once, not once per token direction).
 * @example foldUnadmitted(deltas, 'acme', () => false) // every model, action, playbook type under `other`
 */
export function foldUnadmitted(
  deltas: readonly MetricDelta[],
  customerId: string,
  admitted: Admitted,
): MetricDelta[] {
  const folded = new Set<string>();
  const out = deltas.map((delta): MetricDelta => {
    const { name, labels } = parseSeriesKey(delta.key);
    let changed = false;
    const own: Record<string, string> = { ...labels };
    for (const [label, value] of Object.entries(labels)) {
      if (!isChosen(label) || RESERVED_LABEL_VALUES.has(value) || admitted(label, value)) continue;
      own[label] = OTHER_LABEL_VALUE;
      folded.add(foldedKey(customerId, name, label));
      changed = true;
    }
    return changed ? { ...delta, key: seriesKey(name, own) } : delta;
  });
  const counts = [...folded].map((key): CounterDelta => ({ kind: 'counter', key, value: 1 }));
  return [...out, ...counts];
}

/**
 * Asks the registry about every tenant-chosen value of one event's deltas (label by label, in
 * order of first use), then folds the refused ones: see {@link foldUnadmitted}.
 * @example await boundTenantLabels(deriveDecisionDeltas(before, after), 'acme', registry)
 */
export async function boundTenantLabels(
  deltas: readonly MetricDelta[],
  customerId: string,
  registry: LabelValueRegistry,
): Promise<MetricDelta[]> {
  const answers = new Map<TenantChosenLabel, ReadonlySet<string>>();
  for (const [label, values] of chosenValues(deltas))
    answers.set(label, await registry.admit(customerId, label, values));
  return foldUnadmitted(deltas, customerId, (label, value) => answers.get(label)?.has(value) ?? false);
}
