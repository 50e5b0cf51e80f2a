/**
 * The metric names a PromQL expression reads, found by a small tokenizer rather than a full
 * parser: enough to check rule and dashboard queries against the metrics catalog.
 */

/**
 * Tokens in order: comments, strings, label matchers (`{...}`, strings inside kept whole),
 * ranges and subqueries (`[...]`), Grafana variables, numbers and durations, identifiers,
 * anything else one character at a time.
 */
const TOKEN =
  /(#[^\n]*)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`)|(\{(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`|[^}"'`])*\})|(\[[^\]]*\])|(\$\{[^}]*\}|\$\w+)|((?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:ms|[smhdwy])*)|([a-zA-Z_:][a-zA-Z0-9_:]*)|(\S)/g;

/** Words that are never metric names. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'atan2', 'inf', 'nan']);
/** Words followed by a parenthesised list of label names. */
const LABEL_LIST = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
/** Aggregation operators, which may come before `by`/`without` instead of `(`. */
const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);

interface Token {
  readonly kind: 'comment' | 'string' | 'matchers' | 'range' | 'variable' | 'number' | 'ident' | 'punct';
  readonly text: string;
}

const KINDS: readonly Token['kind'][] = [
  'comment',
  'string',
  'matchers',
  'range',
  'variable',
  'number',
  'ident',
  'punct',
];

function tokenize(expr: string): Token[] {
  return [...expr.matchAll(TOKEN)].map((m) => {
    const index = m.slice(1).findIndex((group) => group !== undefined);
    return { kind: KINDS[index] ?? 'punct', text: m[0] };
  });
}

const NAME_MATCHER = /__name__\s*=\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|`([^`]*)`)/;

/**
 * The metric names an expression selects, sorted and unique: bare selectors
 * (`aiops_requests_total{…}`), recording rules (`aiops:slo_errors:ratio_rate5m`) and
 * `{__name__="…"}`; not functions, aggregation operators, keywords, label names in
 * `by`/`on`/`group_left` lists, label matchers, strings, durations or Grafana variables.
 * @example metricNames('sum by (le) (rate(aiops_x_bucket{le="1"}[5m])) / aiops:y:rate5m')
 * // ['aiops:y:rate5m', 'aiops_x_bucket']
 */
export function metricNames(expr: string): string[] {
  const tokens = tokenize(expr);
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'matchers') {
      const m = NAME_MATCHER.exec(token.text);
      const name = m?.[1] ?? m?.[2] ?? m?.[3];
      if (name) names.add(name);
      continue;
    }
    if (token.kind !== 'ident') continue;
    const word = token.text;
    const next = tokens[i + 1];
    if (LABEL_LIST.has(word)) {
      if (next?.text === '(') i = closingParen(tokens, i + 1);
      continue;
    }
    if (KEYWORDS.has(word.toLowerCase()) || next?.text === '(') continue;
    if (AGGREGATIONS.has(word) && (next?.text === 'by' || next?.text === 'without')) continue;
    names.add(word);
  }
  return [...names].sort();
}

/**
 * The functions and aggregation operators an expression calls, sorted and unique (an
 * identifier followed by `(`, or an aggregation by `by`/`without`; outside strings and label
 * matchers).
 * @example functionsCalled('sum(rate(aiops_x_total[5m])) / sum(increase(aiops_y_total[1h]))')
 * // ['increase', 'rate', 'sum']
 */
export function functionsCalled(expr: string): string[] {
  const tokens = tokenize(expr);
  const names = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.kind !== 'ident' || LABEL_LIST.has(token.text)) return;
    const next = tokens[i + 1]?.text;
    const modified = AGGREGATIONS.has(token.text) && (next === 'by' || next === 'without');
    if (next === '(' || modified) names.add(token.text);
  });
  return [...names].sort();
}

/** The index of the `)` that closes the `(` at `open` (label lists do not nest). */
function closingParen(tokens: readonly Token[], open: number): number {
  for (let j = open + 1; j < tokens.length; j++) if (tokens[j]?.text === ')') return j;
  return tokens.length;
}
