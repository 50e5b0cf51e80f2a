import type { LabelSet, MetricDefinition } from './catalog.ts';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A series key taken apart: the metric (or histogram series) name and its labels. */
export interface SeriesKeyParts {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Escapes a label value the way the Prometheus text format does (`\\`, `\"`, `\n`). */
const escapeValue = (value: string): string =>
  value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/**
 * The canonical key of one series: the name, then the labels sorted by name with values
 * escaped as in the Prometheus text format; just the name when there are no labels. Given a
 * catalog entry, the labels must be exactly the metric's; given a name (e.g. a histogram's
 * `_bucket` series), any valid label names are accepted.
 * @throws Error naming the metric and the label when a label is missing, unexpected,
 *   invalidly named or not a string.
 * @example seriesKey(METRICS.requestsTotal, { status: 'success', action: 'dns.add_record' })
 * // 'aiops_requests_total{action="dns.add_record",status="success"}'
 * @example seriesKey('aiops_llm_confidence_score_bucket', { action: 'dns.add_record', le: '+Inf' })
 */
export function seriesKey<M extends MetricDefinition>(metric: M, labels: LabelSet<M>): string;
export function seriesKey(name: string, labels?: Readonly<Record<string, string>>): string;
export function seriesKey(
  metric: MetricDefinition | string,
  labels: Readonly<Record<string, string>> = {},
): string {
  const name = typeof metric === 'string' ? metric : metric.name;
  if (!METRIC_NAME.test(name)) throw new Error(`series key: invalid metric name ${JSON.stringify(name)}`);
  const names = Object.keys(labels).sort();
  if (typeof metric !== 'string') {
    const missing = metric.labels.filter((l) => !(l in labels));
    const extra = names.filter((l) => !metric.labels.includes(l));
    if (missing.length > 0) throw new Error(`${name}: missing label ${missing.join(', ')}`);
    if (extra.length > 0) throw new Error(`${name}: unexpected label ${extra.join(', ')}`);
  }
  if (names.length === 0) return name;
  const pairs = names.map((label) => {
    const value = labels[label];
    if (!LABEL_NAME.test(label)) throw new Error(`${name}: invalid label name ${JSON.stringify(label)}`);
    if (typeof value !== 'string') throw new Error(`${name}: label ${label} must be a string`);
    return `${label}="${escapeValue(value)}"`;
  });
  return `${name}{${pairs.join(',')}}`;
}

/**
 * Takes a series key apart (any label order; escapes `\\`, `\"`, `\n`).
 * @throws Error quoting the key and the position when it is malformed.
 * @example parseSeriesKey('aiops_feedback_total{rating="thumbs_up"}')
 * // { name: 'aiops_feedback_total', labels: { rating: 'thumbs_up' } }
 */
export function parseSeriesKey(key: string): SeriesKeyParts {
  const fail = (at: number, why: string): never => {
    throw new Error(`series key ${JSON.stringify(key)}: ${why} at position ${at}`);
  };
  const open = key.indexOf('{');
  const name = open < 0 ? key : key.slice(0, open);
  if (!METRIC_NAME.test(name)) fail(0, 'invalid metric name');
  const labels: Record<string, string> = {};
  if (open < 0) return { name, labels };
  let i = open + 1;
  while (key[i] !== '}') {
    if (i > open + 1) {
      if (key[i] !== ',') fail(i, 'expected , or }');
      i++;
    }
    const eq = key.indexOf('=', i);
    const label = eq < 0 ? '' : key.slice(i, eq);
    if (!LABEL_NAME.test(label)) fail(i, 'invalid label name');
    if (Object.hasOwn(labels, label)) fail(i, `duplicate label ${label}`);
    i = eq + 1;
    if (key[i] !== '"') fail(i, 'expected "');
    let value = '';
    for (i++; key[i] !== '"'; i++) {
      if (i >= key.length) fail(i, 'unterminated label value');
      if (key[i] !== '\\') {
        value += key[i];
        continue;
      }
      const escaped = key[++i];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else fail(i, 'unknown escape');
    }
    labels[label] = value;
    i++;
    if (i >= key.length) fail(i, 'expected }');
  }
  if (i !== key.length - 1) fail(i + 1, 'unexpected text after }');
  return { name, labels };
}
