/**
 * Ansible Execution (DESIGN.md §7): runs, duration p50/p95/p99, success vs failed, tasks by
 * status, errors (failed runs and tasks by playbook type, recent failed executions with
 * trace links) and the slowest playbook types.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { EXECUTION_STATUSES } from '#contract/execution';
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
import { by, count, eq, increase, quantile, RANGE, rate, re, series } from './promql.ts';
import { logGroupVariable, TRACE_FIELD, traceTablePanel } from './trace-links.ts';

/** Fixed uid (other dashboards, alerts and runbooks link to it). */
export const ANSIBLE_EXECUTION_UID = 'aiops-ansible-execution';

const RUNS = METRICS.ansibleExecutionDurationSeconds;
const TASKS = METRICS.ansibleTasksTotal;
const FAILED_STATUSES = EXECUTION_STATUSES.filter((s) => s !== 'success');
const failed = re(FAILED_STATUSES.join('|'));

/** Logs Insights: recent executions that failed or timed out, with their traces. */
export const FAILED_EXECUTIONS_LOGS_QUERY = [
  `fields @timestamp, decisionId, customerId, executionStatus, durationSeconds, errorCount, ${TRACE_FIELD}`,
  `| filter message = "execution recorded" and executionStatus in [${FAILED_STATUSES.map((s) => `"${s}"`).join(', ')}]`,
  '| sort @timestamp desc',
  '| limit 50',
].join('\n');

/** The Ansible Execution dashboard. */
export function ansibleExecutionDashboard(): Dashboard {
  const runs = [
    statPanel('Runs', { description: 'Playbook runs reported over the selected range.' }, [
      promQuery(`sum(${increase(count(RUNS))})`, { instant: true }),
    ]),
    statPanel(
      'Failure rate',
      {
        description: `Share of runs that ${FAILED_STATUSES.join(' or ')}, over the selected range.`,
        unit: 'percentunit',
        decimals: 1,
        thresholds: [
          [null, 'green'],
          [0.05, 'orange'],
          [0.1, 'red'],
        ],
      },
      [
        promQuery(
          `(sum(${increase(count(RUNS, { status: failed }))}) or vector(0)) / sum(${increase(count(RUNS))})`,
          {
            instant: true,
          },
        ),
      ],
    ),
    statPanel(
      'Duration p95',
      {
        description: '95th percentile of run duration over the selected range.',
        unit: 's',
        thresholds: [
          [null, 'green'],
          [60, 'red'],
        ],
      },
      [promQuery(quantile(0.95, RUNS, { window: RANGE }), { instant: true })],
    ),
    statPanel(
      'Failed tasks',
      {
        description: 'Tasks that failed or were unreachable, over the selected range.',
        thresholds: [
          [null, 'green'],
          [1, 'orange'],
        ],
      },
      [promQuery(`sum(${increase(series(TASKS, { status: re('failed|unreachable') }))})`, { instant: true })],
    ),
    timeseriesPanel(
      'Runs per minute by status',
      { description: 'Playbook runs per minute, by outcome.', stack: true },
      [promQuery(`sum${by(RUNS, 'status')} (${rate(count(RUNS))}) * 60`, { legend: '{{status}}' })],
    ),
    timeseriesPanel(
      'Duration p50 / p95 / p99',
      {
        description: 'Run duration percentiles (from the histogram buckets 1 5 10 30 60 120 s).',
        unit: 's',
        thresholds: [
          [null, 'green'],
          [60, 'red'],
        ],
        thresholdLines: true,
      },
      percentileQueries(RUNS),
    ),
  ];
  const outcomes = [
    piePanel('Success vs failed', { description: 'Runs by outcome over the selected range.', span: 8 }, [
      promQuery(`sum${by(RUNS, 'status')} (${increase(count(RUNS))})`, {
        instant: true,
        legend: '{{status}}',
      }),
    ]),
    timeseriesPanel(
      'Tasks by status',
      { description: 'Ansible tasks per minute, by task status.', stack: true, span: 16 },
      [promQuery(`sum${by(TASKS, 'status')} (${rate(series(TASKS))}) * 60`, { legend: '{{status}}' })],
    ),
    timeseriesPanel(
      'Errors: failed runs per minute by playbook type',
      { description: `Runs that ${FAILED_STATUSES.join(' or ')}, per minute, by playbook type.` },
      [
        promQuery(`sum${by(RUNS, 'playbook_type')} (${rate(count(RUNS, { status: failed }))}) * 60`, {
          legend: '{{playbook_type}}',
        }),
      ],
    ),
    barGaugePanel(
      'Errors: failed tasks by playbook type',
      {
        description: 'Failed and unreachable tasks over the selected range, by playbook type.',
        thresholds: [[null, 'orange']],
      },
      [
        promQuery(
          `sum${by(TASKS, 'playbook_type')} (${increase(series(TASKS, { status: re('failed|unreachable') }))})`,
          { instant: true, legend: '{{playbook_type}}' },
        ),
      ],
    ),
    barGaugePanel(
      'Slowest playbook types (p95)',
      {
        description:
          'The ten playbook types with the highest 95th-percentile duration over the selected range.',
        unit: 's',
        thresholds: [
          [null, 'green'],
          [30, 'orange'],
          [60, 'red'],
        ],
      },
      [
        promQuery(`topk(10, ${quantile(0.95, RUNS, { by: ['playbook_type'], window: RANGE })})`, {
          instant: true,
          legend: '{{playbook_type}}',
        }),
      ],
    ),
    barGaugePanel(
      'Success rate by playbook type',
      {
        description: 'Share of successful runs per playbook type over the selected range.',
        unit: 'percentunit',
        min: 0,
        max: 1,
        thresholds: [
          [null, 'red'],
          [0.9, 'orange'],
          [0.99, 'green'],
        ],
      },
      [
        promQuery(
          `(sum${by(RUNS, 'playbook_type')} (${increase(count(RUNS, { status: eq('success') }))}) or sum${by(RUNS, 'playbook_type')} (${increase(count(RUNS))}) * 0) / sum${by(RUNS, 'playbook_type')} (${increase(count(RUNS))})`,
          { instant: true, legend: '{{playbook_type}}' },
        ),
      ],
    ),
    traceTablePanel('Failed executions, latest 50', {
      description:
        'From the execution ingest logs (CloudWatch Logs Insights, one `execution recorded` line per result). The trace id links to the X-Ray trace of the request that reported it.',
      fn: 'ingest-execution',
      expression: FAILED_EXECUTIONS_LOGS_QUERY,
    }),
  ];
  const builder = aiopsDashboard(
    ANSIBLE_EXECUTION_UID,
    'AIOps: Ansible Execution',
    'How the generated playbooks run: volume, duration, outcomes, tasks and errors.',
  )
    .withVariable(datasourceVariable('cloudwatch'))
    .withVariable(datasourceVariable('xray'))
    .withVariable(logGroupVariable('ingest-execution'))
    .withVariable(regionVariable());
  withRows(builder, [
    ['Runs', runs],
    ['Outcomes and errors', outcomes],
  ]);
  return buildDashboard(builder);
}
