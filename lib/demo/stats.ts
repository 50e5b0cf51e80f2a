import type { Step, StepKind } from './plan.ts';

/** One answered request, as `onEvent` reports it. */
export interface DemoEvent {
  readonly kind: StepKind;
  /** The HTTP status, or 0 when the request was given up after its last attempt. */
  readonly status: number;
  /** A deliberate second copy of an earlier event. */
  readonly resend: boolean;
  /** 1 for the first attempt, more after a network error or a 429/5xx. */
  readonly attempt: number;
}

/** What a demo run sent and how the API answered. */
export interface DemoStats {
  readonly startedAt: string;
  readonly durationMs: number;
  /** Requests answered by the API (every attempt counts). */
  readonly requests: number;
  /** Answers by HTTP status, e.g. `{ "201": 540, "200": 31 }`; `"0"` counts given-up requests. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Requests by kind (`decision`, `decisions`, `execution`, `feedback`, `heartbeat`, `heartbeats`), resends included. */
  readonly byKind: Readonly<Record<string, number>>;
  /** Events carried, batch items counted one by one (resends not included). */
  readonly sent: {
    readonly decisions: number;
    readonly executions: number;
    readonly feedback: number;
    readonly heartbeats: number;
  };
  /** Batch requests sent. */
  readonly batches: { readonly decisions: number; readonly heartbeats: number };
  /** Executions sent before their decision. */
  readonly executionsBeforeDecision: number;
  /** Deliberate resends, and how many of them the API answered 200 (duplicate). */
  readonly resends: number;
  readonly resendsAnsweredDuplicate: number;
  /** Attempts that failed without an answer (connection refused, reset, timed out). */
  readonly networkErrors: number;
  /** Attempts repeated after a network error or a 429/502/503/504. */
  readonly retries: number;
  /** Requests given up after the last attempt. */
  readonly gaveUp: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** Counts what a run sends; `snapshot()` gives a copy. */
export class StatsRecorder {
  readonly #start = Date.now();
  readonly #s: Mutable<DemoStats> = {
    startedAt: new Date(this.#start).toISOString(),
    durationMs: 0,
    requests: 0,
    byStatus: {},
    byKind: {},
    sent: { decisions: 0, executions: 0, feedback: 0, heartbeats: 0 },
    batches: { decisions: 0, heartbeats: 0 },
    executionsBeforeDecision: 0,
    resends: 0,
    resendsAnsweredDuplicate: 0,
    networkErrors: 0,
    retries: 0,
    gaveUp: 0,
  };

  /** An answer (or a give-up, status 0) to a request. */
  answered(e: DemoEvent): void {
    const s = this.#s;
    if (e.status !== 0) s.requests++;
    else s.gaveUp++;
    s.byStatus[e.status] = (s.byStatus[e.status] ?? 0) + 1;
    if (e.resend && e.status === 200) s.resendsAnsweredDuplicate++;
  }

  /** A request about to be sent (once, whatever its attempts). */
  sending(step: Pick<Step, 'kind' | 'events' | 'resend' | 'early'>): void {
    const s = this.#s;
    const { kind, events } = step;
    s.byKind[kind] = (s.byKind[kind] ?? 0) + 1;
    if (step.resend) {
      s.resends++;
      return;
    }
    if (step.early) s.executionsBeforeDecision++;
    if (kind === 'decision' || kind === 'decisions') s.sent.decisions += events;
    if (kind === 'execution') s.sent.executions += events;
    if (kind === 'feedback') s.sent.feedback += events;
    if (kind === 'heartbeat' || kind === 'heartbeats') s.sent.heartbeats += events;
    if (kind === 'decisions') s.batches.decisions++;
    if (kind === 'heartbeats') s.batches.heartbeats++;
  }

  networkError(): void {
    this.#s.networkErrors++;
  }

  retry(): void {
    this.#s.retries++;
  }

  snapshot(): DemoStats {
    return structuredClone({ ...this.#s, durationMs: Date.now() - this.#start });
  }
}
