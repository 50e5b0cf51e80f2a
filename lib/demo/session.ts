import { type AgentTarget, type Interaction, simulateDecision } from './agent.ts';
import { Fleet, type HeartbeatBody } from './fleet.ts';
import type { Step } from './plan.ts';
import { createRng, type Rng } from './random.ts';
import { createSender, type Send } from './sender.ts';
import { type DemoEvent, StatsRecorder } from './stats.ts';
import { Timers } from './timers.ts';

/** Options every demo run takes. */
export interface SessionOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** An API key with the `decisions:write` and `heartbeats:write` scopes. */
  readonly apiKey: string;
  /** Simulated appliances. @default 6 */
  readonly appliances?: number;
  /** Stops the run; every timer is cleared and requests in flight are cancelled. */
  readonly signal?: AbortSignal;
  /** Called for every answered request (and with status 0 for a request given up). */
  readonly onEvent?: (e: DemoEvent) => void;
  /** The random source, for reproducible traffic. @default Math.random */
  readonly random?: () => number;
}

/** The parts a run is made of. */
export interface Session {
  readonly rng: Rng;
  readonly fleet: Fleet;
  readonly stats: StatsRecorder;
  readonly timers: Timers;
  readonly send: Send;
  readonly signal: AbortSignal;
}

/** Checks the options and assembles a run; `intervalMs` is the fleet's heartbeat period. */
export function createSession(options: SessionOptions, signal: AbortSignal, intervalMs: number): Session {
  if (!/^https?:\/\//.test(options.url))
    throw new TypeError(`url must be an http(s) URL, got '${options.url}'`);
  if (!options.apiKey) throw new TypeError('apiKey is required');
  const appliances = options.appliances ?? 6;
  positiveInteger('appliances', appliances);
  const rng = createRng(options.random);
  const stats = new StatsRecorder();
  const timers = new Timers(signal);
  const send = createSender({
    url: options.url,
    apiKey: options.apiKey,
    signal,
    timers,
    stats,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return { rng, fleet: new Fleet(rng, appliances, intervalMs), stats, timers, send, signal };
}

/** Draws `count` requests aimed at random appliances of the fleet, the i-th at `times(i)`. */
export function simulateRequests(session: Session, count: number, times: (i: number) => Date): Interaction[] {
  const { rng, fleet } = session;
  return Array.from({ length: count }, (_, i) => {
    const a = rng.pick(fleet.appliances);
    const at = times(i);
    const target: AgentTarget = { ...a, applianceId: a.id, reachable: fleet.isReachable(a.id, at) };
    return simulateDecision(rng, target, at);
  });
}

/** The request that carries one beat of an appliance. */
export function heartbeatStep(body: HeartbeatBody): Step {
  const batch = 'heartbeats' in body;
  return {
    atMs: 0,
    kind: batch ? 'heartbeats' : 'heartbeat',
    path: '/v1/heartbeats',
    body: JSON.stringify(body),
    resend: false,
    decisionIds: [],
    events: batch ? body.heartbeats.length : 1,
    early: false,
  };
}

/** Throws unless `value` is a positive finite number (an integer when `integer`). */
export function positiveInteger(name: string, value: number, integer = true): void {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
}
