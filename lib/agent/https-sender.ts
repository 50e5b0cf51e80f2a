import type { HeartbeatEvent } from '#contract/heartbeat';
import { LIMITS } from '#contract/limits';

/** What became of each heartbeat of a batch. */
export type HttpsOutcome = 'delivered' | 'rejected' | 'retry';

/**
 * Sends heartbeats to `POST <url>/v1/heartbeats` in one batch (at most 100): accepted and
 * duplicate items are delivered, rejected ones will never be accepted (dropped by the
 * caller); a network error, 401/403, 429 or 5xx leaves every item to retry.
 * @example const outcomes = await postHeartbeats('https://api.example', key, heartbeats)
 */
export async function postHeartbeats(
  url: string,
  apiKey: string,
  heartbeats: readonly HeartbeatEvent[],
  timeoutMs = 10_000,
): Promise<{ outcomes: HttpsOutcome[]; status?: number; error?: string }> {
  if (heartbeats.length > LIMITS.maxBatchItems)
    throw new RangeError(`at most ${LIMITS.maxBatchItems} per batch`);
  const retry = heartbeats.map((): HttpsOutcome => 'retry');
  let res: Response;
  try {
    res = await fetch(`${url.replace(/\/+$/, '')}/v1/heartbeats`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ heartbeats }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    return { outcomes: retry, error: (e as Error).message };
  }
  const body = (await res.json().catch(() => undefined)) as
    | { results?: { index: number; status: 'accepted' | 'duplicate' | 'rejected' }[] }
    | undefined;
  if (![200, 207, 422].includes(res.status) || !body?.results) {
    return { outcomes: retry, status: res.status, error: `HTTP ${res.status}` };
  }
  const outcomes = [...retry];
  for (const r of body.results) outcomes[r.index] = r.status === 'rejected' ? 'rejected' : 'delivered';
  return { outcomes, status: res.status };
}
