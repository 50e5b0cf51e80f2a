/**
 * The few Prometheus HTTP API calls the renderer makes: range queries and label values.
 * Errors carry Prometheus's own message and the query, never a stack of HTTP details.
 */

/** One series of a range query: its labels and its [time in ms, value] points. */
export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly (readonly [number, number])[];
}

/** What the renderer asks a Prometheus. */
export interface PrometheusApi {
  /** `/api/v1/query_range`; `startMs === endMs` gives one point: an instant query. */
  queryRange(expr: string, startMs: number, endMs: number, stepSeconds: number): Promise<Series[]>;
  /** `/api/v1/label/<label>/values?match[]=<selector>` over a range. */
  labelValues(label: string, selector: string, startMs: number, endMs: number): Promise<string[]>;
}

/**
 * A sample value as the Prometheus HTTP API writes it (a string; `+Inf`, `-Inf` and `NaN` included).
 * @example parseValue('+Inf') // Infinity
 */
export const parseValue = (text: string): number =>
  text === '+Inf' ? Number.POSITIVE_INFINITY : text === '-Inf' ? Number.NEGATIVE_INFINITY : Number(text);

/**
 * A client of the Prometheus at `baseUrl` (e.g. `http://127.0.0.1:9090`).
 * @param timeoutMs per request @default 30000
 * @example const series = await prometheusApi('http://127.0.0.1:9090').queryRange('up', start, end, 15);
 */
export function prometheusApi(baseUrl: string, timeoutMs = 30_000): PrometheusApi {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new TypeError(`'${baseUrl}' is not a URL (expected e.g. http://127.0.0.1:9090)`);
  }
  if (!/^https?:$/.test(base.protocol)) throw new TypeError(`'${baseUrl}' is not an http(s) URL`);
  const root = base.href.replace(/\/+$/, '');
  const get = async <T>(path: string, params: URLSearchParams, what: string): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${root}${path}?${params}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      throw new Error(`Prometheus at ${root} unreachable (${(e as Error).message}) for ${what}`);
    }
    const text = await response.text();
    let body: { status?: string; data?: T; error?: string };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(
        `Prometheus answered ${response.status} with no JSON for ${what}: ${text.slice(0, 200)}`,
      );
    }
    if (body.status !== 'success' || body.data === undefined)
      throw new Error(`Prometheus refused ${what}: ${body.error ?? `HTTP ${response.status}`}`);
    return body.data;
  };
  const seconds = (ms: number) => String(ms / 1000);
  return {
    async queryRange(expr, startMs, endMs, stepSeconds) {
      const params = new URLSearchParams({
        query: expr,
        start: seconds(startMs),
        end: seconds(endMs),
        step: String(stepSeconds),
      });
      const data = await get<{
        resultType: string;
        result: { metric: Record<string, string>; values: [number, string][] }[];
      }>('/api/v1/query_range', params, expr);
      return data.result.map(({ metric, values }) => ({
        labels: metric,
        points: values.map(([t, v]) => [Math.round(t * 1000), parseValue(v)] as const),
      }));
    },
    async labelValues(label, selector, startMs, endMs) {
      const params = new URLSearchParams({
        'match[]': selector,
        start: seconds(startMs),
        end: seconds(endMs),
      });
      return get<string[]>(
        `/api/v1/label/${encodeURIComponent(label)}/values`,
        params,
        `label_values(${selector}, ${label})`,
      );
    },
  };
}
