import { isRetryableStatus } from '../prometheus/retry-policy.ts';

/** A receiver did not accept a notice. `retryable` says whether trying again later can help. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Options of {@link postOnce}. */
export interface PostOptions {
  /** Name of the receiver in error messages (never the URL: a Slack webhook URL is a secret). */
  readonly receiver: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** @default 10000 */
  readonly timeoutMs?: number;
}

/** A response as the senders read it. */
export interface PostResult {
  readonly status: number;
  readonly body: string;
}

/**
 * One POST with a timeout. Network errors, timeouts, 429 and 5xx become retryable
 * {@link DeliveryError}s; other statuses are returned for the sender to judge.
 */
export async function postOnce(
  url: string,
  body: string | Uint8Array,
  options: PostOptions,
): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (e) {
    const cause = (e as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw new DeliveryError(`${options.receiver} ${cause}`, true);
  }
  const text = (await response.text().catch(() => '')).slice(0, 500);
  if (isRetryableStatus(response.status)) {
    const retryAfter = response.headers.get('retry-after');
    throw new DeliveryError(
      `${options.receiver} answered ${response.status}${retryAfter ? ` (retry after ${retryAfter} s)` : ''}: ${text}`,
      true,
      response.status,
    );
  }
  return { status: response.status, body: text };
}
