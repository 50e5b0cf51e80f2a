/**
 * A Prometheus remote write 1.0 client: batches a snapshot of samples into requests of at
 * most 2,000 samples, POSTs them (optionally SigV4-signed for Amazon Managed Prometheus),
 * retries throttling, 5xx and network errors with backoff, and never retries other 4xx.
 */
import { batchSeries, groupSeries, sampleCount } from './remote-write-batches.ts';
import { encodeRemoteWriteBody, familiesIn } from './remote-write-encode.ts';
import {
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
  resolveRetry,
} from './retry-policy.ts';
import type { MetricMetadataMap, SeriesSample } from './series.ts';

/** A request about to be sent, as a signer sees it. */
export interface OutgoingRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Returns the full set of headers to send (e.g. with `Authorization` added). */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>;

/** Options of {@link sendRemoteWrite}. */
export interface RemoteWriteOptions {
  /** The remote write endpoint, e.g. `http://127.0.0.1:9090/api/v1/write`. */
  readonly url: string;
  /**
   * Metadata per metric family, sent with the series of that family.
   * @default no metadata
   */
  readonly metadata?: MetricMetadataMap;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
  /**
   * Signs each request (see `sigv4Signer`).
   * @default unsigned
   */
  readonly sign?: RequestSigner;
  /**
   * Samples per request.
   * @default 2000
   */
  readonly maxSamplesPerRequest?: number;
  /** Backoff settings. */
  readonly retry?: RetryOptions;
  /**
   * Time limit of one attempt.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * When sending must be over (ms since the epoch): no attempt starts after it, and each
   * attempt's time limit ends at it. The requests not sent by then are reported as failures.
   * @default none
   */
  readonly deadlineMs?: number;
  /**
   * The `User-Agent` header.
   * @default `aiops-observability-remote-write/0.1`
   */
  readonly userAgent?: string;
}

/** A request that was given up. */
export interface RemoteWriteFailure {
  /** Index of the request within this call. */
  readonly request: number;
  readonly samples: number;
  readonly attempts: number;
  /** The last HTTP status, absent after a network error or timeout. */
  readonly status?: number;
  /** The response body (up to 1 KiB) or the network error's message. */
  readonly message: string;
}

/** What one call did. */
export interface RemoteWriteSummary {
  /** Requests built from the snapshot. */
  readonly requests: number;
  /** HTTP attempts made, retries included. */
  readonly attempts: number;
  readonly retries: number;
  /** Samples accepted (2xx). */
  readonly samples: number;
  readonly series: number;
  readonly failures: readonly RemoteWriteFailure[];
}

/** The headers remote write 1.0 requires. */
export const REMOTE_WRITE_HEADERS = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
} as const;

const MAX_MESSAGE_BYTES = 1024;

type Attempt =
  | { ok: true }
  | { ok: false; retryable: boolean; status?: number; message: string; retryAfterMs?: number };

/**
 * Sends a snapshot of samples by remote write. Requests go one after another; a request
 * that fails for good is reported in `failures` and the next one is still sent.
 *
 * @throws TypeError naming the field of an invalid sample (nothing is sent then).
 * @example
 * const summary = await sendRemoteWrite(samples, { url: 'http://127.0.0.1:9090/api/v1/write', metadata });
 * if (summary.failures.length > 0) logger.error('remote write failed', { failures: summary.failures });
 */
export async function sendRemoteWrite(
  samples: readonly SeriesSample[],
  options: RemoteWriteOptions,
): Promise<RemoteWriteSummary> {
  const url = new URL(options.url).toString();
  const retry = resolveRetry(options.retry);
  const series = groupSeries(samples);
  const batches = batchSeries(series, options.maxSamplesPerRequest ?? 2000);
  const send = attemptOnce(url, options);
  let attempts = 0;
  let accepted = 0;
  const failures: RemoteWriteFailure[] = [];
  for (const [index, batch] of batches.entries()) {
    const body = encodeRemoteWriteBody(batch, familiesIn(batch, options.metadata ?? {}));
    for (let attempt = 1; ; attempt++) {
      const left = (options.deadlineMs ?? Number.POSITIVE_INFINITY) - Date.now();
      if (left <= 0) {
        const message = 'not sent: the deadline passed';
        failures.push({ request: index, samples: sampleCount(batch), attempts: attempt - 1, message });
        break;
      }
      attempts++;
      const result = await send(body, left);
      if (result.ok) {
        accepted += sampleCount(batch);
        break;
      }
      if (!result.retryable || attempt >= retry.maxAttempts) {
        const { status, message } = result;
        failures.push({ request: index, samples: sampleCount(batch), attempts: attempt, status, message });
        break;
      }
      await retry.sleep(backoffDelayMs(attempt, retry, result.retryAfterMs));
    }
  }
  return {
    requests: batches.length,
    attempts,
    retries: attempts - batches.length,
    samples: accepted,
    series: series.length,
    failures,
  };
}

/** One POST of one body, classified. */
function attemptOnce(
  url: string,
  options: RemoteWriteOptions,
): (body: Uint8Array, leftMs: number) => Promise<Attempt> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseHeaders: Record<string, string> = {
    ...REMOTE_WRITE_HEADERS,
    'User-Agent': options.userAgent ?? 'aiops-observability-remote-write/0.1',
  };
  return async (body, leftMs) => {
    try {
      const headers = options.sign
        ? withoutHost(await options.sign({ method: 'POST', url, headers: baseHeaders, body }))
        : baseHeaders;
      const response = await doFetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(Math.min(timeoutMs, leftMs)),
      });
      const text = await response.text().catch(() => '');
      if (response.ok) return { ok: true };
      return {
        ok: false,
        retryable: isRetryableStatus(response.status),
        status: response.status,
        message: `HTTP ${response.status}: ${text.slice(0, MAX_MESSAGE_BYTES).trim()}`,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { ok: false, retryable: true, message: `${(error as Error).message ?? String(error)}${cause}` };
    }
  };
}

/** fetch derives `Host` from the URL (the signer signed the same value). */
function withoutHost(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'host'));
}
