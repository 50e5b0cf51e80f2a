/**
 * Why the exporter leaves a series out of a remote write: the bounded `reason` label of
 * `aiops_exporter_dropped_series_total`. One such series must never stop the others, so it is
 * left out, logged and counted, and the rest of the export goes out.
 */

/**
 * Every reason, in the order they are checked:
 * - `invalid_name`: the metric name is not a Prometheus name;
 * - `invalid_label`: a label name is not a Prometheus name or is reserved (`__…`), a label value
 *   is not a well-formed string, or a histogram bucket has no numeric `le`;
 * - `invalid_value`: not a number, or for a counter or histogram series not finite or below 0;
 * - `invalid_timestamp`: not a whole number of milliseconds;
 * - `conflict`: two different values for one series at one timestamp (e.g. two tenants'
 *   appliances reporting under one series).
 */
export const DROP_REASONS = [
  'invalid_name',
  'invalid_label',
  'invalid_value',
  'invalid_timestamp',
  'conflict',
] as const;

/** One of {@link DROP_REASONS}. */
export type DropReason = (typeof DROP_REASONS)[number];
