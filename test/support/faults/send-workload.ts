/**
 * Sends a planned workload through the HTTP API as an agent would: decisions in batches of
 * up to 100 (`{ decisions: [...] }`), each execution and feedback on its own, early
 * executions before their batch, planned resends twice; and records what the API accepted.
 */
import type { TestResponse } from '../local-api.ts';
import type { PlannedDecision } from './workload.ts';

/** How the API answered the workload. */
export interface SendReport {
  /** Decisions whose decision, execution and feedback (when planned) were all acknowledged. */
  readonly accepted: PlannedDecision[];
  /** Requests answered with anything but 2xx (or a batch item not accepted), with the reason. */
  readonly refused: string[];
  readonly requests: number;
}

type Request = (method: string, path: string, options: { json: unknown }) => Promise<TestResponse>;

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Sends `plan` in batches of `batchSize`, `batches` at a time; `onBatch(i)` runs as batch `i` starts (to start faults mid-load).
 * @example const { accepted } = await sendWorkload(api.request, planWorkload(1, 1000), { batchSize: 100, batches: 2, concurrency: 8 });
 */
export async function sendWorkload(
  request: Request,
  plan: readonly PlannedDecision[],
  options: {
    readonly batchSize: number;
    /** Batches in flight at once. */
    readonly batches: number;
    /** Requests in flight at once within a batch. */
    readonly concurrency: number;
    readonly onBatch?: (index: number) => void;
  },
): Promise<SendReport> {
  const refused: string[] = [];
  const ok = new Set<string>();
  const failed = new Set<string>();
  let requests = 0;
  const post = async (path: string, json: unknown, ids: readonly string[]): Promise<TestResponse> => {
    requests++;
    const res = await request('POST', path, { json });
    if (res.status >= 300) {
      refused.push(`${path}: ${res.status} ${res.text.slice(0, 200)}`);
      for (const id of ids) failed.add(id);
    }
    return res;
  };
  const followUps = async (d: PlannedDecision, early: boolean): Promise<void> => {
    const times = d.resend ? 2 : 1;
    for (let i = 0; i < times; i++) {
      if (d.executionFirst === early) await post(`/v1/decisions/${d.id}/execution`, d.execution, [d.id]);
      if (!early && d.feedback) await post(`/v1/decisions/${d.id}/feedback`, d.feedback, [d.id]);
    }
  };
  const sendBatch = async (index: number): Promise<void> => {
    options.onBatch?.(index);
    const batch = plan.slice(index * options.batchSize, (index + 1) * options.batchSize);
    await pool(batch, options.concurrency, (d) => followUps(d, true));
    // Every tenth batch is sent twice: the second answers duplicate for each item.
    for (let copy = 0; copy < (index % 10 === 0 ? 2 : 1); copy++) {
      const res = await post('/v1/decisions', { decisions: batch.map((d) => d.decision) }, []);
      for (const [i, d] of batch.entries()) {
        const status = (res.body?.results?.[i] as { status?: string } | undefined)?.status;
        if (status === 'accepted' || status === 'duplicate') ok.add(d.id);
        else {
          failed.add(d.id);
          refused.push(`decision ${d.id}: ${status ?? res.status}`);
        }
      }
    }
    await pool(batch, options.concurrency, (d) => followUps(d, false));
  };
  const indexes = Array.from({ length: Math.ceil(plan.length / options.batchSize) }, (_, i) => i);
  await pool(indexes, options.batches, sendBatch);
  return { accepted: plan.filter((d) => ok.has(d.id) && !failed.has(d.id)), refused, requests };
}
