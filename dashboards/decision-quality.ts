/**
 * AI Decision Quality (DESIGN.md §7): queries per minute, success rate, confidence
 * distribution, low-confidence decisions (with trace links), feedback split, top actions,
 * intent agreement by action, and the model's parse time and token use.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { METRICS } from '#domain/metrics/catalog';
import { aiopsDashboard, buildDashboard, withRows } from './dashboard-base.ts';
import { datasourceVariable, regionVariable } from './datasources.ts';
import {
  barGaugePanel,
  percentileQueries,
  piePanel,
  promQuery,
  statPanel,
  timeseriesPanel,
} from './panels.ts';
import { bucket, by, count, eq, increase, rate, series, total } from './promql.ts';
import { DECISION_TRACE_FIELD, logGroupVariable, traceTablePanel } from './trace-links.ts';

/** Fixed uid (other dashboards, alerts and runbooks link to it). */
export const DECISION_QUALITY_UID = 'aiops-decision-quality';

/** Below this confidence a decision counts as low-confidence (as in the alert). */
export const LOW_CONFIDENCE = 0.5;

const CONFIDENCE = METRICS.llmConfidenceScore;
const REQUESTS = METRICS.requestsTotal;
const VERDICTS = METRICS.intentVerdictsTotal;

const decisionsPerMinute = `sum(${rate(count(CONFIDENCE))}) * 60`;
const executedPerMinute = `sum(${rate(series(REQUESTS))}) * 60`;
const successRatio = (window: (s: string) => string) =>
  `sum(${window(series(REQUESTS, { status: eq('success') }))}) / sum(${window(series(REQUESTS))})`;
/** agreed / (agreed + corrected); `group` is a ` by (...)` clause or empty. */
const agreement = (group: string) => {
  const sum = (s: string) => (group ? `sum${group} (${s})` : `sum(${s})`);
  return `${sum(increase(series(VERDICTS, { verdict: eq('agreed') })))} / ${sum(increase(series(VERDICTS)))}`;
};

/** Logs Insights: recent decisions the model was unsure of, with their traces. */
export const LOW_CONFIDENCE_LOGS_QUERY = [
  `fields @timestamp, decisionId, applianceId, customerId, action, confidence, model, ${DECISION_TRACE_FIELD}`,
  `| filter message = "decision recorded" and confidence < ${LOW_CONFIDENCE}`,
  '| sort @timestamp desc',
  '| limit 50',
].join('\n');

/** The AI Decision Quality dashboard. */
export function decisionQualityDashboard(): Dashboard {
  const volume = [
    statPanel(
      'Decisions per minute',
      {
        description: 'Decisions reported by agents per minute (every decision observes a confidence).',
        sparkline: true,
      },
      [promQuery(decisionsPerMinute)],
    ),
    statPanel(
      'Success rate',
      {
        description: 'Executed decisions whose playbook succeeded, over the selected range.',
        unit: 'percentunit',
        decimals: 1,
        thresholds: [
          [null, 'red'],
          [0.9, 'orange'],
          [0.99, 'green'],
        ],
      },
      [
        promQuery(
          successRatio((s) => increase(s)),
          { instant: true },
        ),
      ],
    ),
    statPanel(
      `Decisions with confidence ≤ ${LOW_CONFIDENCE}`,
      {
        description: `Decisions whose confidence fell in the lowest bucket (≤ ${LOW_CONFIDENCE}), over the selected range.`,
        thresholds: [
          [null, 'green'],
          [10, 'orange'],
        ],
      },
      [promQuery(`sum(${increase(bucket(CONFIDENCE, {}, LOW_CONFIDENCE))})`, { instant: true })],
    ),
    statPanel(
      'Intent agreement',
      {
        description: 'Of the decisions an operator judged, the share whose parsed intent they agreed with.',
        unit: 'percentunit',
        decimals: 1,
        thresholds: [
          [null, 'red'],
          [0.8, 'orange'],
          [0.95, 'green'],
        ],
      },
      [promQuery(agreement(''), { instant: true })],
    ),
    timeseriesPanel(
      'Queries per minute',
      { description: 'Decisions reported, and decisions executed (with a playbook run), per minute.' },
      [
        promQuery(decisionsPerMinute, { legend: 'decisions' }),
        promQuery(executedPerMinute, { legend: 'executed' }),
      ],
    ),
    timeseriesPanel(
      'Success rate',
      {
        description: 'Share of executed decisions that succeeded.',
        unit: 'percentunit',
        min: 0,
        max: 1,
        thresholds: [
          [null, 'red'],
          [0.99, 'green'],
        ],
        thresholdLines: true,
      },
      [
        promQuery(
          successRatio((s) => rate(s)),
          { legend: 'success rate' },
        ),
      ],
    ),
  ];
  const confidence = [
    barGaugePanel(
      'Confidence distribution',
      { description: 'Decisions per confidence bucket (upper bound), over the selected range.', span: 8 },
      [
        promQuery(`sum by (le) (${increase(bucket(CONFIDENCE))})`, {
          instant: true,
          format: 'heatmap',
          legend: '≤ {{le}}',
        }),
      ],
    ),
    timeseriesPanel(
      'Low-confidence share',
      {
        description: `Share of decisions with confidence ≤ ${LOW_CONFIDENCE}.`,
        unit: 'percentunit',
        min: 0,
        span: 8,
      },
      [
        promQuery(`sum(${rate(bucket(CONFIDENCE, {}, LOW_CONFIDENCE))}) / sum(${rate(count(CONFIDENCE))})`, {
          legend: 'low confidence',
        }),
      ],
    ),
    barGaugePanel(
      'Mean confidence by action',
      {
        description: 'Average confidence of the decisions of each intent action, over the selected range.',
        unit: 'percentunit',
        min: 0,
        max: 1,
        span: 8,
        thresholds: [
          [null, 'red'],
          [0.7, 'orange'],
          [0.85, 'green'],
        ],
      },
      [
        promQuery(
          `sum${by(CONFIDENCE, 'action')} (${increase(total(CONFIDENCE))}) / sum${by(CONFIDENCE, 'action')} (${increase(count(CONFIDENCE))})`,
          { instant: true, legend: '{{action}}' },
        ),
      ],
    ),
    traceTablePanel(`Low-confidence decisions (< ${LOW_CONFIDENCE}), latest 50`, {
      description:
        "From the decisions ingest logs (CloudWatch Logs Insights, one `decision recorded` line per decision). The trace id is the agent's own trace of the decision, linked to X-Ray.",
      fn: 'ingest-decisions',
      traceField: DECISION_TRACE_FIELD,
      expression: LOW_CONFIDENCE_LOGS_QUERY,
    }),
  ];
  const feedback = [
    piePanel('Feedback split', { description: 'Operator ratings over the selected range.', span: 8 }, [
      promQuery(`sum${by(METRICS.feedbackTotal, 'rating')} (${increase(series(METRICS.feedbackTotal))})`, {
        instant: true,
        legend: '{{rating}}',
      }),
    ]),
    barGaugePanel(
      'Top actions',
      { description: 'The ten intent actions with the most decisions over the selected range.', span: 8 },
      [
        promQuery(`topk(10, sum${by(CONFIDENCE, 'action')} (${increase(count(CONFIDENCE))}))`, {
          instant: true,
          legend: '{{action}}',
        }),
      ],
    ),
    barGaugePanel(
      'Intent agreement by action',
      {
        description:
          'Per intent action: agreed / (agreed + corrected) of the verdicts operators gave, over the selected range.',
        unit: 'percentunit',
        min: 0,
        max: 1,
        span: 8,
        thresholds: [
          [null, 'red'],
          [0.8, 'orange'],
          [0.95, 'green'],
        ],
      },
      [promQuery(agreement(by(VERDICTS, 'action')), { instant: true, legend: '{{action}}' })],
    ),
  ];
  const model = [
    timeseriesPanel(
      'Model parse time p50 / p95 / p99',
      { description: 'Time the model took to turn a request into an intent.', unit: 's' },
      percentileQueries(METRICS.llmParseDurationSeconds),
    ),
    timeseriesPanel(
      'Tokens per minute',
      { description: 'Model tokens used per minute, by model and direction.', stack: true },
      [
        promQuery(
          `sum${by(METRICS.llmTokensTotal, 'model', 'type')} (${rate(series(METRICS.llmTokensTotal))}) * 60`,
          {
            legend: '{{model}} {{type}}',
          },
        ),
      ],
    ),
  ];
  const builder = aiopsDashboard(
    DECISION_QUALITY_UID,
    'AIOps: AI Decision Quality',
    'How well the agent decides: volume, success, confidence, operator feedback and intent agreement.',
  )
    .withVariable(datasourceVariable('cloudwatch'))
    .withVariable(datasourceVariable('xray'))
    .withVariable(logGroupVariable('ingest-decisions'))
    .withVariable(regionVariable());
  withRows(builder, [
    ['Volume and success', volume],
    ['Confidence', confidence],
    ['Feedback and actions', feedback],
    ['Model', model],
  ]);
  return buildDashboard(builder);
}
