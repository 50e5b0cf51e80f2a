import { mapLimit } from '#primitives/map-limit';
import { drawUnitSize, planUnit, type Step } from './plan.ts';
import {
  createSession,
  heartbeatStep,
  positiveInteger,
  type SessionOptions,
  simulateRequests,
} from './session.ts';
import type { DemoStats } from './stats.ts';

/** Options of {@link runDemoBurst}. */
export interface BurstOptions extends SessionOptions {
  /** How many decisions to send (each with its execution, and feedback when drawn). */
  readonly decisions: number;
  /** Units (one decision, or one batch with its follow-ups) in flight at once. @default 8 */
  readonly concurrency?: number;
  /** The decisions' `occurredAt` spread over this many minutes before now (minus 3 minutes). @default 60 */
  readonly spanMinutes?: number;
  /** Share of arrivals flushed as a `{ decisions: [...] }` batch. @default 0.15 */
  readonly batchShare?: number;
}

/**
 * Sends `decisions` decisions as fast as is reasonable, with the same mix as {@link runDemo}
 * (batches, executions first, resends, feedback), after one heartbeat from each appliance,
 * and resolves with the stats. The whole plan is drawn before the first request, so a seeded
 * `random` gives the same payloads whatever the network does. Timestamps lie in the past
 * (spread over `spanMinutes`) so every execution has finished by now: useful to seed data,
 * in tests and in benchmarks.
 * @example
 * const stats = await runDemoBurst({ url: 'http://127.0.0.1:3000', apiKey, decisions: 200, random: seededRandom(1) });
 * stats.sent.decisions; // 200
 */
export async function runDemoBurst(options: BurstOptions): Promise<DemoStats> {
  positiveInteger('decisions', options.decisions);
  const concurrency = options.concurrency ?? 8;
  positiveInteger('concurrency', concurrency);
  const spanMs = (options.spanMinutes ?? 60) * 60_000;
  if (!(spanMs >= 0)) throw new RangeError(`spanMinutes must be 0 or more, got ${options.spanMinutes}`);
  const stop = new AbortController();
  const abort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const session = createSession(options, stop.signal, 10_000);
    const { rng, fleet, send, stats } = session;
    const now = new Date();
    const beats = fleet.appliances.map((a) => fleet.beat(a.id, now));
    const total = options.decisions;
    const units: Step[][] = [];
    for (let made = 0; made < total; ) {
      const size = Math.min(total - made, drawUnitSize(rng, options.batchShare ?? 0.15));
      const first = made;
      const at = (i: number) => new Date(now.getTime() - 180_000 - spanMs * (1 - (first + i) / total));
      units.push(planUnit(rng, simulateRequests(session, size, at), now));
      made += size;
    }
    await Promise.all(beats.map((body) => (body ? send(heartbeatStep(body)) : undefined)));
    await mapLimit(units, concurrency, async (steps) => {
      for (const step of steps) {
        if (stop.signal.aborted) return;
        await send(step);
      }
    });
    return stats.snapshot();
  } finally {
    options.signal?.removeEventListener('abort', abort);
    stop.abort();
  }
}
