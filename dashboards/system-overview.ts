/**
 * System Overview (DESIGN.md §7): API rate, latency p50/p95/p99 and error rate, the stream
 * pipeline's lag and dead letters, and the decisions flowing through.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { METRICS } from '#domain/metrics/catalog';
import { aiopsDashboard, buildDashboard, withRows } from './dashboard-base.ts';
import { percentileQueries, promQuery, statPanel, timeseriesPanel } from './panels.ts';
import { by, count, quantile, rate, re, series } from './promql.ts';

/** Fixed uid (other dashboards, alerts and runbooks link to it). */
export const SYSTEM_OVERVIEW_UID = 'aiops-system-overview';

const API = METRICS.apiResponseTimeSeconds;
const LAG = METRICS.pipelineLagSeconds;
const DEAD = METRICS.pipelineDeadLetters;

/** Share of API responses whose status code matches `codes` (0 when none did). */
const errorRatio = (codes: string) =>
  `(sum(${rate(count(API, { status_code: re(codes) }))}) or vector(0)) / sum(${rate(count(API))})`;

/** The System Overview dashboard. */
export function systemOverviewDashboard(): Dashboard {
  const api = [
    statPanel(
      'API requests',
      { description: 'Requests the API answered per second.', unit: 'reqps', sparkline: true },
      [promQuery(`sum(${rate(count(API))})`)],
    ),
    statPanel(
      'API p95',
      {
        description: '95th percentile of API response time (the alert fires above 5 s).',
        unit: 's',
        thresholds: [
          [null, 'green'],
          [1, 'orange'],
          [5, 'red'],
        ],
        sparkline: true,
      },
      [promQuery(quantile(0.95, API))],
    ),
    statPanel(
      'API error rate (5xx)',
      {
        description: 'Share of API responses with a 5xx status.',
        unit: 'percentunit',
        decimals: 2,
        thresholds: [
          [null, 'green'],
          [0.01, 'orange'],
          [0.1, 'red'],
        ],
        sparkline: true,
      },
      [promQuery(errorRatio('5..'))],
    ),
    statPanel(
      'Dead letters',
      {
        description: 'Messages waiting in the pipeline on-failure queues (0 is healthy).',
        thresholds: [
          [null, 'green'],
          [1, 'red'],
        ],
      },
      [promQuery(`sum(${series(DEAD)})`)],
    ),
    timeseriesPanel(
      'API requests by endpoint',
      { description: 'Requests per second, by route.', unit: 'reqps', stack: true },
      [promQuery(`sum${by(API, 'endpoint')} (${rate(count(API))})`, { legend: '{{endpoint}}' })],
    ),
    timeseriesPanel(
      'API latency p50 / p95 / p99',
      {
        description: 'API response time percentiles.',
        unit: 's',
        thresholds: [
          [null, 'green'],
          [5, 'red'],
        ],
        thresholdLines: true,
      },
      percentileQueries(API),
    ),
    timeseriesPanel(
      'API error rate',
      {
        description: 'Share of responses with a 5xx (server) and a 4xx (client) status.',
        unit: 'percentunit',
        min: 0,
        thresholds: [
          [null, 'green'],
          [0.1, 'red'],
        ],
        thresholdLines: true,
      },
      [promQuery(errorRatio('5..'), { legend: '5xx' }), promQuery(errorRatio('4..'), { legend: '4xx' })],
    ),
    timeseriesPanel(
      'API latency p95 by endpoint',
      { description: '95th percentile of response time, by route.', unit: 's' },
      [promQuery(quantile(0.95, API, { by: ['endpoint'] }), { legend: '{{endpoint}}' })],
    ),
  ];
  const pipeline = [
    timeseriesPanel(
      'Pipeline lag',
      {
        description: 'Age of the last stream record each consumer processed (its iterator age).',
        unit: 's',
        span: 8,
        thresholds: [
          [null, 'green'],
          [60, 'orange'],
          [300, 'red'],
        ],
        thresholdLines: true,
      },
      [promQuery(`max${by(LAG, 'consumer')} (${series(LAG)})`, { legend: '{{consumer}}' })],
    ),
    timeseriesPanel(
      'Dead letters',
      {
        description: 'Messages waiting in each on-failure queue.',
        span: 8,
        thresholds: [
          [null, 'green'],
          [1, 'red'],
        ],
      },
      [promQuery(`sum${by(DEAD, 'queue')} (${series(DEAD)})`, { legend: '{{queue}}' })],
    ),
    timeseriesPanel(
      'Decisions and executions per minute',
      {
        description: 'What the pipeline turned into metrics: decisions reported and executions completed.',
        span: 8,
      },
      [
        promQuery(`sum(${rate(count(METRICS.llmConfidenceScore))}) * 60`, { legend: 'decisions' }),
        promQuery(`sum(${rate(series(METRICS.requestsTotal))}) * 60`, { legend: 'executions' }),
      ],
    ),
  ];
  const builder = aiopsDashboard(
    SYSTEM_OVERVIEW_UID,
    'AIOps: System Overview',
    'The service itself: API traffic, latency and errors, and the stream pipeline behind it.',
  );
  withRows(builder, [
    ['API', api],
    ['Pipeline', pipeline],
  ]);
  return buildDashboard(builder);
}
