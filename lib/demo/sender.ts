import { AGENT } from './agent.ts';
import type { Step } from './plan.ts';
import type { DemoEvent, StatsRecorder } from './stats.ts';
import type { Timers } from './timers.ts';

/** How the demo talks to the API. */
export interface SenderOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:3000` or an API Gateway stage URL. */
  readonly url: string;
  /** An API key with the `decisions:write` and `heartbeats:write` scopes. */
  readonly apiKey: string;
  readonly signal: AbortSignal;
  readonly timers: Timers;
  readonly stats: StatsRecorder;
  readonly onEvent?: (e: DemoEvent) => void;
  /** Attempts per request (network errors, 429 and 502/503/504 are retried). @default 5 */
  readonly maxAttempts?: number;
  /** First backoff, doubled per attempt, with jitter. @default 250 */
  readonly backoffMs?: number;
  /** Longest backoff (and longest `Retry-After` honoured). @default 5000 */
  readonly maxBackoffMs?: number;
  /** An attempt without an answer after this long counts as a network error. @default 10000 */
  readonly requestTimeoutMs?: number;
}

/** Sends one step; resolves with its final HTTP status, 0 when given up, `undefined` when aborted. */
export type Send = (step: Step) => Promise<number | undefined>;

const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * Builds the demo's HTTP sender: POSTs a step's body with the bearer key, never throws on
 * an HTTP status (each answer is counted and reported), and retries network errors and
 * throttling with exponential backoff until the signal aborts.
 * @example
 * const send = createSender({ url, apiKey, signal, timers, stats });
 * await send(step); // 201, 200 (duplicate), 422, …
 */
export function createSender(options: SenderOptions): Send {
  const { signal, stats, timers } = options;
  const base = options.url.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const headers = {
    authorization: `Bearer ${options.apiKey}`,
    'content-type': 'application/json',
    accept: 'application/json',
    'user-agent': `${AGENT.name}/${AGENT.version} (aiops-obs demo)`,
  };
  const report = (step: Step, status: number, attempt: number) => {
    const e: DemoEvent = { kind: step.kind, status, resend: step.resend, attempt };
    stats.answered(e);
    options.onEvent?.(e);
  };
  return async (step) => {
    if (signal.aborted) return undefined;
    stats.sending(step);
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      let wait: number | undefined;
      try {
        const res = await fetch(base + step.path, {
          method: 'POST',
          headers,
          body: step.body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        status = res.status;
        wait = retryAfterMs(res.headers.get('retry-after'), maxBackoffMs);
        await res.arrayBuffer().catch(() => undefined);
        report(step, status, attempt);
        if (!RETRYABLE.has(status)) return status;
      } catch {
        if (signal.aborted) return undefined;
        stats.networkError();
      }
      if (attempt >= maxAttempts) {
        if (status !== undefined) return status;
        report(step, 0, attempt);
        return 0;
      }
      stats.retry();
      const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await timers.sleep(wait ?? backoff);
      if (signal.aborted) return undefined;
    }
  };
}

function retryAfterMs(header: string | null, max: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(max, Math.max(0, seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(max, Math.max(0, at - Date.now()));
}
