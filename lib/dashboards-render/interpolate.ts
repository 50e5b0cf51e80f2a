/**
 * Grafana's variable substitution in PromQL: `$name`, `${name}` and `[[name]]`, with
 * multi-value variables as a regex alternation of escaped values, as Grafana's Prometheus
 * data source does.
 */

/** The value a variable stands for in a query. */
export type VariableValue = string | readonly string[];

/**
 * A value escaped for a PromQL regex inside a double-quoted string (so `.` becomes `\\.`).
 * @example escapeRegexValue('appl.dns') // 'appl\\\\.dns'
 */
export const escapeRegexValue = (value: string): string => value.replace(/[\\^$*+?.()|[\]{}]/g, '\\\\$&');

/**
 * A multi-value selection as Grafana writes it: one value escaped, several as `(a|b)`.
 * No value at all gives a pattern that matches no real label value.
 */
export function alternation(values: readonly string[]): string {
  if (values.length === 0) return '__no_value__';
  const escaped = values.map(escapeRegexValue);
  return escaped.length === 1 ? (escaped[0] as string) : `(${escaped.join('|')})`;
}

/**
 * Replaces every known variable in `text`; unknown ones stay as they are (so a forgotten
 * variable shows up as a query error, not as a silent match-all).
 * @example interpolate('rate(x{a=~"$a"}[$__rate_interval])', { a: ['p', 'q'], __rate_interval: '60s' })
 * // 'rate(x{a=~"(p|q)"}[60s])'
 */
export function interpolate(text: string, values: Readonly<Record<string, VariableValue>>): string {
  return text.replace(
    /\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_]+)\]\]|\$([A-Za-z0-9_]+)/g,
    (whole, braced?: string, bracketed?: string, plain?: string) => {
      const value = values[(braced ?? bracketed ?? plain) as string];
      if (value === undefined) return whole;
      return typeof value === 'string' ? value : alternation(value);
    },
  );
}
