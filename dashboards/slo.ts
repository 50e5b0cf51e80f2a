/**
 * SLO (DESIGN.md §7): 99% of executed decisions succeed over 30 days; the error budget left
 * and how fast it burns, per window, from the recording rules in `dashboards/rules/aiops-rules.yml`.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { METRICS } from '#domain/metrics/catalog';
import { aiopsDashboard, buildDashboard, withRows } from './dashboard-base.ts';
import { gaugePanel, promQuery, statPanel, timeseriesPanel, valueWords } from './panels.ts';
import { eq, ne, rate, series } from './promql.ts';
import {
  BURN_RATE_THRESHOLDS,
  burnRate,
  ERROR_BUDGET,
  SLO_ERROR_RATIO,
  SLO_OBJECTIVE,
  SLO_WINDOW_DAYS,
  type SloWindow,
} from './slo-rules.ts';

/** Fixed uid (other dashboards, alerts and runbooks link to it). */
export const SLO_UID = 'aiops-slo';

const percent = `${SLO_OBJECTIVE * 100}%`;
const budgetLeft = `1 - ${SLO_ERROR_RATIO['30d']} / ${ERROR_BUDGET}`;
const burnThresholds: readonly (readonly [number | null, string])[] = [
  [null, 'green'],
  [BURN_RATE_THRESHOLDS.warning, 'orange'],
  [BURN_RATE_THRESHOLDS.critical, 'red'],
];
/** 1 while both windows burn faster than `factor`, else 0 (the multi-window alert condition). */
const burning = (factor: number, short: SloWindow, long: SloWindow) =>
  `(${burnRate(short)} > bool ${factor}) * (${burnRate(long)} > bool ${factor})`;

/** The SLO dashboard. */
export function sloDashboard(): Dashboard {
  const now = [
    statPanel(
      `Decision success, ${SLO_WINDOW_DAYS} days`,
      {
        description: `Executed decisions that succeeded over the last ${SLO_WINDOW_DAYS} days; objective ${percent}.`,
        unit: 'percentunit',
        decimals: 2,
        thresholds: [
          [null, 'red'],
          [SLO_OBJECTIVE, 'green'],
        ],
      },
      [promQuery(`1 - ${SLO_ERROR_RATIO['30d']}`)],
    ),
    gaugePanel(
      'Error budget left',
      {
        min: 0,
        max: 1,
        description: `Share of the ${SLO_WINDOW_DAYS}-day error budget (${ERROR_BUDGET * 100}% of decisions) not yet spent; negative when overspent.`,
        unit: 'percentunit',
        decimals: 1,
        thresholds: [
          [null, 'red'],
          [0.25, 'orange'],
          [0.5, 'green'],
        ],
      },
      [promQuery(budgetLeft)],
    ),
    statPanel(
      'Fast burn (page)',
      {
        description: `Burning faster than ${BURN_RATE_THRESHOLDS.critical}x over both 5m and 1h: the critical alert condition.`,
        mappings: valueWords('burning', 'ok', 0),
      },
      [promQuery(burning(BURN_RATE_THRESHOLDS.critical, '5m', '1h'))],
    ),
    statPanel(
      'Slow burn (warn)',
      {
        description: `Burning faster than ${BURN_RATE_THRESHOLDS.warning}x over both 30m and 6h: the warning alert condition.`,
        mappings: valueWords('burning', 'ok', 0),
      },
      [promQuery(burning(BURN_RATE_THRESHOLDS.warning, '30m', '6h'))],
    ),
  ];
  const trends = [
    timeseriesPanel(
      'Burn rate by window',
      {
        description: `Error ratio divided by the budget (${ERROR_BUDGET}): 1 spends the budget exactly in ${SLO_WINDOW_DAYS} days. Dashed: ${BURN_RATE_THRESHOLDS.warning}x (warn), ${BURN_RATE_THRESHOLDS.critical}x (page).`,
        thresholds: burnThresholds,
        thresholdLines: true,
        min: 0,
      },
      (['5m', '30m', '1h', '6h'] as const).map((w) => promQuery(burnRate(w), { legend: w })),
    ),
    timeseriesPanel(
      'Error budget left',
      {
        description: `Share of the ${SLO_WINDOW_DAYS}-day budget not yet spent, over time.`,
        unit: 'percentunit',
        thresholds: [
          [null, 'red'],
          [0.25, 'orange'],
          [0.5, 'green'],
        ],
        thresholdLines: true,
      },
      [promQuery(budgetLeft, { legend: 'budget left' })],
    ),
    timeseriesPanel(
      'Error ratio by window',
      {
        description: `Failed or timed-out share of executed decisions per window; dashed line: the budget (${ERROR_BUDGET}).`,
        unit: 'percentunit',
        min: 0,
        thresholds: [
          [null, 'green'],
          [ERROR_BUDGET, 'red'],
        ],
        thresholdLines: true,
      },
      (['5m', '1h', '30d'] as const).map((w) => promQuery(SLO_ERROR_RATIO[w], { legend: w })),
    ),
    timeseriesPanel(
      'Executed decisions per minute',
      {
        description: 'The SLO denominator: executed decisions per minute, successes and the rest.',
        stack: true,
      },
      [
        promQuery(`sum(${rate(series(METRICS.requestsTotal, { status: eq('success') }))}) * 60`, {
          legend: 'success',
        }),
        promQuery(`sum(${rate(series(METRICS.requestsTotal, { status: ne('success') }))}) * 60`, {
          legend: 'failed or timeout',
        }),
      ],
    ),
  ];
  const builder = aiopsDashboard(
    SLO_UID,
    'AIOps: SLO',
    `Decision success SLO: ${percent} of executed decisions succeed over ${SLO_WINDOW_DAYS} days.`,
  );
  withRows(builder, [
    ['Now', now],
    ['Trends', trends],
  ]);
  return buildDashboard(builder);
}
