import { drawUnitSize, planUnit, type Step } from './plan.ts';
import type { Rng } from './random.ts';
import {
  createSession,
  heartbeatStep,
  positiveInteger,
  type SessionOptions,
  simulateRequests,
} from './session.ts';
import type { DemoStats } from './stats.ts';

export { seededRandom } from './random.ts';
export { type BurstOptions, runDemoBurst } from './run-burst.ts';
export type { SessionOptions } from './session.ts';
export type { DemoEvent, DemoStats } from './stats.ts';

/** Options of {@link runDemo}. */
export interface DemoOptions extends SessionOptions {
  /** Average decisions per minute (arrivals are random, some carry a batch). @default 30 */
  readonly decisionsPerMinute?: number;
  /** Period of each appliance's heartbeat (with a few percent of jitter). @default 10000 */
  readonly heartbeatIntervalMs?: number;
}

/**
 * Sends realistic traffic to a running API until `signal` aborts: every appliance beats
 * every `heartbeatIntervalMs`; operator requests arrive at random (a Poisson process of
 * `decisionsPerMinute`), each followed by its execution when the run ends and sometimes by
 * feedback; some decisions are flushed as batches, some executions arrive first, and some
 * events are sent twice. HTTP errors are counted, never thrown; on abort every timer is
 * cleared and requests in flight are cancelled.
 * @returns what was sent and how the API answered (never resolves without a signal)
 * @throws TypeError / RangeError for invalid options
 * @example
 * const stop = new AbortController();
 * process.once('SIGINT', () => stop.abort());
 * const stats = await runDemo({ url: 'http://127.0.0.1:3000', apiKey, signal: stop.signal });
 */
export async function runDemo(options: DemoOptions): Promise<DemoStats> {
  const signal = options.signal ?? new AbortController().signal;
  const perMinute = options.decisionsPerMinute ?? 30;
  const interval = options.heartbeatIntervalMs ?? 10_000;
  positiveInteger('decisionsPerMinute', perMinute, false);
  positiveInteger('heartbeatIntervalMs', interval, false);
  const session = createSession(options, signal, interval);
  const { rng, fleet, timers, send, stats } = session;
  const inflight = new Set<Promise<unknown>>();
  const fire = (step: Step) => {
    const p = send(step).catch(() => undefined);
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  };

  const beat = (applianceId: string) => {
    const body = fleet.beat(applianceId, new Date());
    if (body) fire(heartbeatStep(body));
    timers.after(interval * (0.95 + 0.1 * rng.next()), () => beat(applianceId));
  };
  for (const a of fleet.appliances) timers.after(rng.next() * Math.min(interval, 2_000), () => beat(a.id));

  const meanGapMs = 60_000 / perMinute;
  const arrive = () => {
    const now = new Date();
    const size = drawUnitSize(rng);
    const buffered = (i: number) => new Date(now.getTime() - (size - 1 - i) * rng.int(2_000, 15_000));
    for (const step of planUnit(rng, simulateRequests(session, size, buffered), now)) {
      timers.after(step.atMs, () => fire(step));
    }
    timers.after(exponential(rng, meanGapMs) * size, arrive);
  };
  timers.after(rng.next() * Math.min(meanGapMs, 1_000), arrive);

  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  timers.clear();
  await Promise.allSettled(inflight);
  return stats.snapshot();
}

/** A gap of a Poisson process with the given mean (capped at ten means). */
function exponential(rng: Rng, mean: number): number {
  return Math.min(10 * mean, -Math.log(1 - rng.next()) * mean);
}
