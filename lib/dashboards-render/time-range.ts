/**
 * The time range of a render and Grafana's built-in interval variables for it, computed the
 * way Grafana does for a Prometheus data source.
 */

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Seconds in a Prometheus-style duration (`90s`, `15m`, `1h`, `2d`, `1h30m`).
 * @throws RangeError for anything else
 * @example durationSeconds('1h30m') // 5400
 */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+)([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new RangeError(`'${text}' is not a duration like 90s, 15m, 1h or 2d`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNITS[unit as string] as number), 0);
}

/** A range to render and the step of its range queries. */
export interface TimeRange {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepSeconds: number;
  /** Grafana's `$__interval`, `$__rate_interval`, `$__range` for this range. */
  readonly builtins: Readonly<Record<string, string>>;
}

/** Options of {@link timeRange}. */
export interface TimeRangeOptions {
  /** How far back from `endMs`, e.g. `1h`. */
  readonly from: string;
  /** @default now */
  readonly endMs?: number;
  /**
   * The data source's scrape interval: the smallest step, and the base of `$__rate_interval`.
   * Set it to how often samples arrive (the exporter's cadence: 60 s on AWS).
   * @default 15
   */
  readonly scrapeIntervalSeconds?: number;
  /** Points per series at most (Grafana uses the panel's width in pixels). @default 200 */
  readonly maxDataPoints?: number;
}

/**
 * The range ending now (or at `endMs`), its step and Grafana's interval variables:
 * `$__interval` = max(scrape interval, range / max points), `$__rate_interval` =
 * max(`$__interval` + scrape interval, 4 × scrape interval), `$__range` = the whole range.
 * @example timeRange({ from: '1h', endMs: 3_600_000 }).builtins.__rate_interval // '60s'
 */
export function timeRange(options: TimeRangeOptions): TimeRange {
  const rangeSeconds = durationSeconds(options.from);
  const endMs = options.endMs ?? Date.now();
  const scrape = options.scrapeIntervalSeconds ?? 15;
  if (!(scrape > 0)) throw new RangeError(`scrape interval must be positive, got ${scrape}`);
  const step = Math.max(scrape, Math.ceil(rangeSeconds / (options.maxDataPoints ?? 200)));
  const rate = Math.max(step + scrape, 4 * scrape);
  return {
    startMs: endMs - rangeSeconds * 1000,
    endMs,
    stepSeconds: step,
    builtins: {
      __interval: `${step}s`,
      __interval_ms: String(step * 1000),
      __rate_interval: `${rate}s`,
      __range: `${rangeSeconds}s`,
      __range_s: String(rangeSeconds),
      __range_ms: String(rangeSeconds * 1000),
    },
  };
}
