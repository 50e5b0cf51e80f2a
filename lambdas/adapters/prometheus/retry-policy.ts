/**
 * When and how long a remote write client waits before sending a request again:
 * exponential backoff with jitter on 429, 5xx and network errors; `Retry-After` honoured.
 */

/** Retry settings of the remote write client. */
export interface RetryOptions {
  /**
   * Attempts per request, the first one included.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * Backoff before the first retry; doubled for each further retry.
   * @default 200
   */
  readonly baseDelayMs?: number;
  /**
   * Upper bound of one wait, `Retry-After` included.
   * @default 10000
   */
  readonly maxDelayMs?: number;
  /**
   * Source of jitter in [0, 1).
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * How to wait.
   * @default a timer
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Retry settings with defaults applied. */
export type ResolvedRetry = Required<RetryOptions>;

/** Applies the defaults and checks the numbers, naming the bad field. */
export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  const resolved: ResolvedRetry = {
    maxAttempts: options.maxAttempts ?? 5,
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts: must be an integer ≥ 1, got ${resolved.maxAttempts}`);
  }
  for (const field of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!(resolved[field] >= 0)) throw new RangeError(`retry.${field}: must be ≥ 0, got ${resolved[field]}`);
  }
  return resolved;
}

/** 429 (throttled) and every 5xx are worth another attempt; other statuses are not. */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/**
 * The wait before retry number `retry` (1 for the first retry): "equal jitter", half of the
 * exponential step fixed and half random, so waits grow but never synchronise; at least the
 * server's `Retry-After` when it sent one; never more than `maxDelayMs`.
 *
 * @example
 * backoffDelayMs(1, resolveRetry()); // between 100 and 200 ms
 */
export function backoffDelayMs(retry: number, policy: ResolvedRetry, retryAfterMs?: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = step / 2 + (policy.random() * step) / 2;
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds or an HTTP date; undefined when
 * absent or unreadable.
 *
 * @example
 * parseRetryAfter('2'); // 2000
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
