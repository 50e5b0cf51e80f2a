/**
 * The metrics catalog (DESIGN.md §6): the one module dashboards, rules, alarms, the
 * aggregator and the exporter read metric names, types, labels and buckets from. Names are
 * fixed (existing queries use them).
 *
 * Label cardinality, which the contract bounds or not:
 * - enumerated by the contract: `status` (execution statuses, task statuses), `type`
 *   (`input`/`output`), `rating`; `method` and `status_code` are HTTP's own small sets.
 * - chosen by tenants: `action` (pattern-limited, `^[a-z][a-z0-9_.-]{0,63}$`), and the free
 *   short names (up to 128 printable characters) `model`, `playbook_type`, `service`. Nothing
 *   in the contract caps how many distinct values arrive, so each tenant gets a bound of
 *   distinct values per label (`LABEL_VALUES_PER_TENANT`): past it a value is counted under
 *   `other`, and `aiops_label_values_folded_total` counts the folding (see `label-bound.ts`).
 * - `metric` and `label` of that counter: catalog names, a few dozen at most.
 * - fleet-sized: `appliance_id`, `customer_id` (one series per appliance, never more).
 * - `endpoint` must be the route template (`/v1/decisions/{id}/feedback`), never the raw path.
 * Never a label: decision, trace, user, request or task ids.
 */
import { EXECUTION_STATUSES, TASK_STATUSES } from '#contract/execution';
import { RATINGS } from '#contract/feedback';
import { INTENT_VERDICTS } from '../analytics/intent-verdict.ts';
import { DROP_REASONS } from './dropped-series.ts';
import { TENANT_CHOSEN_LABELS } from './labels.ts';

/** The Prometheus metric types the catalog uses. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** What every metric declares. */
export interface MetricDefinition {
  /** The Prometheus metric name (for histograms, the base of `_bucket`, `_sum`, `_count`). */
  readonly name: string;
  readonly type: MetricType;
  /** `# HELP` text. */
  readonly help: string;
  /** Label names, in the order the design lists them. */
  readonly labels: readonly string[];
  /** Upper bounds of the buckets, ascending, without `+Inf` (histograms only). */
  readonly buckets?: readonly number[];
  /** The values a label can take when the contract enumerates them. */
  readonly labelValues?: Readonly<Record<string, readonly string[]>>;
}

/** A histogram: its bucket bounds are required. */
export interface HistogramDefinition extends MetricDefinition {
  readonly type: 'histogram';
  readonly buckets: readonly number[];
}

/** The label names of a metric, as a union type. */
export type LabelName<M extends MetricDefinition> = M['labels'][number];
/** One value per label of a metric. */
export type LabelSet<M extends MetricDefinition> = { readonly [K in LabelName<M>]: string };

/**
 * An appliance gauge: labelled by `appliance_id` and `customer_id` both, since appliance ids
 * are chosen per tenant and two tenants may pick the same one.
 */
const appliance = (suffix: string, help: string) =>
  ({
    name: `aiops_appliance_${suffix}`,
    type: 'gauge',
    help,
    labels: ['appliance_id', 'customer_id'],
  }) as const;

/**
 * Every metric of DESIGN.md §6.
 * `apiResponseTimeSeconds` is not given buckets by the design; it uses 0.05 0.1 0.25 0.5 1
 * 2.5 5 10 seconds, which put the 5 s API p95 alert on a bucket boundary.
 * @example METRICS.requestsTotal.name // 'aiops_requests_total'
 */
export const METRICS = {
  requestsTotal: {
    name: 'aiops_requests_total',
    type: 'counter',
    help: 'Executed agent requests, by intent action and execution status.',
    labels: ['action', 'status'],
    labelValues: { status: EXECUTION_STATUSES },
  },
  llmParseDurationSeconds: {
    name: 'aiops_llm_parse_duration_seconds',
    type: 'histogram',
    help: 'Time the model took to turn a request into an intent, in seconds.',
    labels: ['model'],
    buckets: [0.1, 0.5, 1, 2, 5, 10],
  },
  llmConfidenceScore: {
    name: 'aiops_llm_confidence_score',
    type: 'histogram',
    help: "The model's confidence in the intent it parsed (0..1), by intent action.",
    labels: ['action'],
    buckets: [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1],
  },
  llmTokensTotal: {
    name: 'aiops_llm_tokens_total',
    type: 'counter',
    help: 'Model tokens used, by model and direction.',
    labels: ['model', 'type'],
    labelValues: { type: ['input', 'output'] },
  },
  ansibleExecutionDurationSeconds: {
    name: 'aiops_ansible_execution_duration_seconds',
    type: 'histogram',
    help: 'Duration of Ansible runs, in seconds, by playbook type and execution status.',
    labels: ['playbook_type', 'status'],
    buckets: [1, 5, 10, 30, 60, 120],
    labelValues: { status: EXECUTION_STATUSES },
  },
  ansibleTasksTotal: {
    name: 'aiops_ansible_tasks_total',
    type: 'counter',
    help: 'Ansible tasks run, by playbook type and task status.',
    labels: ['playbook_type', 'status'],
    labelValues: { status: TASK_STATUSES },
  },
  feedbackTotal: {
    name: 'aiops_feedback_total',
    type: 'counter',
    help: 'Feedback ratings given on decisions.',
    labels: ['rating'],
    labelValues: { rating: RATINGS },
  },
  applianceOnline: appliance(
    'online',
    '1 when the appliance sent a heartbeat within the offline threshold, else 0.',
  ),
  applianceLastHeartbeatTimestamp: appliance(
    'last_heartbeat_timestamp',
    "When the appliance's last heartbeat was sent, in Unix seconds.",
  ),
  applianceCpuPercent: appliance('cpu_percent', 'CPU use reported by the last heartbeat, in percent.'),
  applianceMemoryPercent: appliance(
    'memory_percent',
    'Memory use reported by the last heartbeat, in percent.',
  ),
  applianceDiskPercent: appliance('disk_percent', 'Disk use reported by the last heartbeat, in percent.'),
  applianceServiceUp: {
    name: 'aiops_appliance_service_up',
    type: 'gauge',
    help: '1 when the last heartbeat reported the service up, else 0.',
    labels: ['appliance_id', 'customer_id', 'service'],
  },
  apiResponseTimeSeconds: {
    name: 'aiops_api_response_time_seconds',
    type: 'histogram',
    help: 'Time the API took to answer, in seconds, by route template, method and status code.',
    labels: ['endpoint', 'method', 'status_code'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  // Beyond DESIGN.md §6 (added, never renamed): what the System Overview and the AI Decision
  // Quality dashboards and the pipeline alerts need.
  pipelineLagSeconds: {
    name: 'aiops_pipeline_lag_seconds',
    type: 'gauge',
    help: 'Age of the last stream record a pipeline consumer processed when it processed it (its iterator age), in seconds.',
    labels: ['consumer'],
    labelValues: { consumer: ['aggregator', 'replica'] },
  },
  pipelineDeadLetters: {
    name: 'aiops_pipeline_dead_letters',
    type: 'gauge',
    help: 'Messages waiting in a pipeline on-failure (dead-letter) queue.',
    labels: ['queue'],
  },
  intentVerdictsTotal: {
    name: 'aiops_intent_verdicts_total',
    type: 'counter',
    help: 'Feedback verdicts on the parsed intent, by intent action: agreed (the model was right) or corrected.',
    labels: ['action', 'verdict'],
    labelValues: { verdict: INTENT_VERDICTS },
  },
  exporterDroppedSeriesTotal: {
    name: 'aiops_exporter_dropped_series_total',
    type: 'counter',
    help: 'Series the exporter left out of a remote write (invalid, or two values at one timestamp), by reason.',
    labels: ['reason'],
    labelValues: { reason: DROP_REASONS },
  },
  labelValuesFoldedTotal: {
    name: 'aiops_label_values_folded_total',
    type: 'counter',
    help: "Events whose tenant-chosen label value was past the tenant's bound and counted under `other`, by tenant, metric and label.",
    labels: ['customer_id', 'metric', 'label'],
    labelValues: { label: TENANT_CHOSEN_LABELS },
  },
} as const satisfies Record<string, MetricDefinition>;

/** The key of a metric in `METRICS`. */
export type MetricId = keyof typeof METRICS;

/** The metrics the aggregator derives from decision records (counters and histograms). */
export const DECISION_METRICS = [
  METRICS.requestsTotal,
  METRICS.llmParseDurationSeconds,
  METRICS.llmConfidenceScore,
  METRICS.llmTokensTotal,
  METRICS.ansibleExecutionDurationSeconds,
  METRICS.ansibleTasksTotal,
  METRICS.feedbackTotal,
  METRICS.intentVerdictsTotal,
] as const;

const BY_NAME: ReadonlyMap<string, MetricDefinition> = new Map(
  Object.values(METRICS).map((m): [string, MetricDefinition] => [m.name, m]),
);

/**
 * The catalog entry of a metric name, or `undefined` for a name outside the catalog.
 * @example metricByName('aiops_feedback_total')?.labels // ['rating']
 */
export function metricByName(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}

/**
 * The names of the series a metric is stored and exported under: the name itself, or for a
 * histogram its `_bucket`, `_sum` and `_count` series.
 * @example seriesNames(METRICS.llmConfidenceScore)
 * // ['aiops_llm_confidence_score_bucket', 'aiops_llm_confidence_score_sum', 'aiops_llm_confidence_score_count']
 */
export function seriesNames(metric: MetricDefinition): string[] {
  return metric.type === 'histogram'
    ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
    : [metric.name];
}

export { boundLabel, MAX_LABEL_VALUE_LENGTH, UNKNOWN_LABEL_VALUE } from './labels.ts';
export { parseSeriesKey, type SeriesKeyParts, seriesKey } from './series-key.ts';
