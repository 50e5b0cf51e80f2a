/**
 * The decision-success SLO as the dashboards read it: the objective and the names of the
 * recording rules (in `dashboards/rules/aiops-rules.yml`) that hold the error ratio of executed
 * decisions (status failed or timeout over all, from `aiops_requests_total`) per window.
 */

/** 99% of executed decisions succeed, over 30 days. */
export const SLO_OBJECTIVE = 0.99;

/** The error budget: the share of decisions allowed to fail. */
export const ERROR_BUDGET = Number((1 - SLO_OBJECTIVE).toFixed(6));

/** The SLO window, in days. */
export const SLO_WINDOW_DAYS = 30;

/** Recording rules of the error ratio, by window (names fixed with the rules file). */
export const SLO_ERROR_RATIO = {
  '5m': 'aiops:slo_errors:ratio_rate5m',
  '30m': 'aiops:slo_errors:ratio_rate30m',
  '1h': 'aiops:slo_errors:ratio_rate1h',
  '6h': 'aiops:slo_errors:ratio_rate6h',
  '30d': 'aiops:slo_errors:ratio_rate30d',
} as const;

/** A window of {@link SLO_ERROR_RATIO}. */
export type SloWindow = keyof typeof SLO_ERROR_RATIO;

/**
 * Multi-window burn-rate thresholds (DESIGN.md §7): 14.4x over 5m and 1h pages (2% of the
 * budget in an hour), 6x over 30m and 6h warns (5% in six hours).
 */
export const BURN_RATE_THRESHOLDS = { critical: 14.4, warning: 6 } as const;

/**
 * The burn rate over a window: how many times faster than allowed the budget is spent.
 * @example burnRate('1h') // 'aiops:slo_errors:ratio_rate1h / 0.01'
 */
export const burnRate = (window: SloWindow): string => `${SLO_ERROR_RATIO[window]} / ${ERROR_BUDGET}`;
