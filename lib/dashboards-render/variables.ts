/**
 * The dashboard's own variables, resolved against a Prometheus as Grafana would on load:
 * `label_values(selector, label)` query variables in order (each may use the ones before),
 * "All" as every value found, constants and custom values as they are.
 */
import type { DashboardJson, VariableJson } from './dashboard-json.ts';
import { interpolate, type VariableValue } from './interpolate.ts';
import type { PrometheusApi } from './prometheus-api.ts';

/** A `label_values` query taken apart. */
export interface LabelValuesQuery {
  readonly label: string;
  /** The series selector; every series when the query names none. */
  readonly selector: string;
}

/**
 * Reads Grafana's `label_values(selector, label)` or `label_values(label)`.
 * @returns `undefined` for any other query
 * @example labelValuesQuery('label_values(up{job="x"}, instance)') // { label: 'instance', selector: 'up{job="x"}' }
 */
export function labelValuesQuery(query: unknown): LabelValuesQuery | undefined {
  const text = typeof query === 'string' ? query : (query as { query?: unknown } | undefined)?.query;
  if (typeof text !== 'string') return undefined;
  const match = /^\s*label_values\(\s*(?:(.*\S)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s.exec(text);
  if (!match) return undefined;
  return { label: match[2] as string, selector: match[1] ?? '{__name__=~".+"}' };
}

const ALL = '$__all';

/** The selection of a variable among `found` values: everything for All, else its current value. */
export function selection(v: VariableJson, found: readonly string[]): VariableValue {
  const current = v.current?.value;
  const picked = current === undefined ? [] : Array.isArray(current) ? current : [current];
  if (picked.includes(ALL) || (picked.length === 0 && v.includeAll)) return found;
  if (picked.length === 0) return v.multi ? found.slice(0, 1) : (found[0] ?? '');
  return v.multi ? picked : (picked[0] as string);
}

/**
 * Every variable's value for queries, starting from Grafana's built-ins (`$__range`…).
 * @throws Error when a query variable's query fails
 */
export async function resolveVariables(
  dashboard: DashboardJson,
  api: PrometheusApi,
  range: {
    readonly startMs: number;
    readonly endMs: number;
    readonly builtins: Readonly<Record<string, string>>;
  },
): Promise<Record<string, VariableValue>> {
  const values: Record<string, VariableValue> = { ...range.builtins };
  for (const v of dashboard.templating.list ?? []) {
    if (v.type === 'query') {
      const q = labelValuesQuery(v.query);
      if (!q) continue;
      const found = await api.labelValues(
        q.label,
        interpolate(q.selector, values),
        range.startMs,
        range.endMs,
      );
      values[v.name] = selection(v, [...found].sort());
    } else if (v.type === 'constant' || v.type === 'custom' || v.type === 'textbox') {
      const current = v.current?.value ?? (typeof v.query === 'string' ? v.query : undefined);
      if (current !== undefined) values[v.name] = current;
    }
  }
  return values;
}
