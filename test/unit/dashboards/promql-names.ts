/**
 * The metric names a PromQL expression reads: every identifier that is not a function call,
 * a keyword, a label (inside `{}` or a grouping clause), a duration or a Grafana variable.
 * Grafana's `label_values(selector, label)` reads the names of its selector.
 */
const KEYWORDS = new Set(['bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan', 'atan2']);

/**
 * @example metricNames('sum by (le) (rate(aiops_x_bucket{a="b"}[5m])) / 0.01') // ['aiops_x_bucket']
 */
export function metricNames(expr: string): string[] {
  const labelValues = /^\s*label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/s.exec(expr);
  if (labelValues) return metricNames(labelValues[1] as string);
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(
    /\$?\{?[a-zA-Z_:][a-zA-Z0-9_:.]*\}?|\d[\d.]*(?:e[+-]?\d+)?[a-zA-Z]*/g,
  )) {
    const token = match[0];
    if (token.startsWith('$') || /^\d/.test(token) || KEYWORDS.has(token)) continue;
    const after = stripped.slice((match.index ?? 0) + token.length);
    if (/^\s*\(/.test(after)) continue;
    names.add(token);
  }
  return [...names];
}
