import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { MqttHeartbeatMessage } from '#domain/mqtt-heartbeat';
import type { LifecycleEvent } from '#domain/presence';
import type { IotHandlerDependencies } from '#handlers/iot-heartbeat';
import { lambdaContext } from '../gateway/lambda-context.ts';
import { appendLine } from '../streams/atomic-file.ts';
import { withRetries } from '../with-retries.ts';

/** A rule invocation that failed every attempt, as the dead-letter queue would keep it. */
export interface RuleDeadLetter {
  readonly rule: 'heartbeat' | 'presence';
  readonly event: unknown;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
}

/** Counters of the local topic rules. */
export interface RuleStats {
  invoked: number;
  succeeded: number;
  retried: number;
  deadLettered: number;
}

/** What a rule invocation returned, for listeners (`result` event). */
export interface RuleResult {
  readonly rule: 'heartbeat' | 'presence';
  readonly event: unknown;
  readonly result: unknown;
}

/** Options of {@link startLocalRules}. */
export interface LocalRulesOptions {
  /** Attempts after the first, as Lambda's asynchronous invocation. @default 2 */
  readonly retryAttempts?: number;
  /** Delay before the first retry, doubled each time. @default 500 */
  readonly retryDelayMs?: number;
  /** Invocations in flight at once. @default 32 */
  readonly concurrency?: number;
  /** Append dead letters to `<dir>/mqtt-dead-letters.jsonl`. @default in memory */
  readonly deadLetterDir?: string;
}

/**
 * The fleet stack's topic rules on one machine: each message invokes the same handler module
 * Lambda runs (`iot-heartbeat`, `iot-presence`) with the event the rule's SQL builds,
 * asynchronously, retried like Lambda's asynchronous invocation and then dead-lettered.
 * Emits `result` ({@link RuleResult}) after each successful invocation.
 */
export class LocalRules extends EventEmitter {
  readonly stats: RuleStats = { invoked: 0, succeeded: 0, retried: 0, deadLettered: 0 };
  readonly deadLetters: RuleDeadLetter[] = [];
  private readonly queue: { rule: RuleResult['rule']; event: unknown }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly handlers: Record<
      RuleResult['rule'],
      (event: unknown, context: unknown) => Promise<unknown>
    >,
    private readonly options: LocalRulesOptions,
  ) {
    super();
  }

  /** Builds the handlers over `deps` (the stack's runtime and appliance registry). */
  static async start(deps: IotHandlerDependencies, options: LocalRulesOptions = {}): Promise<LocalRules> {
    const [{ createIotHeartbeatHandler }, { createIotPresenceHandler }] = await Promise.all([
      import('#handlers/iot-heartbeat'),
      import('#handlers/iot-presence'),
    ]);
    const heartbeat = createIotHeartbeatHandler(deps);
    const presence = createIotPresenceHandler(deps);
    return new LocalRules(
      {
        heartbeat: (e, c) => heartbeat(e, c as never),
        presence: (e, c) => presence(e, c as never),
      },
      options,
    );
  }

  /** A heartbeat message, as `SELECT encode(*, 'base64') AS payload, topic() AS topic, ...` builds it. */
  heartbeat(message: MqttHeartbeatMessage): void {
    this.enqueue('heartbeat', message);
  }

  /** A lifecycle event, as IoT Core publishes it on `$aws/events/presence/...`. */
  presence(event: LifecycleEvent): void {
    this.enqueue('presence', event);
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight.size === 0) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private enqueue(rule: RuleResult['rule'], event: unknown): void {
    this.queue.push({ rule, event });
    this.pump();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 32;
    while (this.inFlight.size < limit && this.queue.length > 0) {
      const next = this.queue.shift() as { rule: RuleResult['rule']; event: unknown };
      const run = this.invoke(next.rule, next.event).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
    if (this.queue.length === 0 && this.inFlight.size === 0) {
      for (const w of this.waiters.splice(0)) w();
    }
  }

  private async invoke(rule: RuleResult['rule'], event: unknown): Promise<void> {
    let attempts = 0;
    try {
      await withRetries(
        async (attempt) => {
          attempts = attempt;
          this.stats.invoked++;
          const result = await this.handlers[rule](event, lambdaContext(`iot-${rule}`));
          this.stats.succeeded++;
          this.emit('result', { rule, event, result } satisfies RuleResult);
        },
        {
          retryAttempts: this.options.retryAttempts ?? 2,
          retryDelayMs: this.options.retryDelayMs ?? 500,
          onRetry: () => this.stats.retried++,
        },
      );
    } catch (e) {
      return this.deadLetter({
        rule,
        event,
        error: (e as Error).message,
        attempts,
        failedAt: new Date().toISOString(),
      });
    }
  }

  private async deadLetter(letter: RuleDeadLetter): Promise<void> {
    this.stats.deadLettered++;
    this.deadLetters.push(letter);
    process.stderr.write(`mqtt rule ${letter.rule} failed ${letter.attempts} times: ${letter.error}\n`);
    if (this.options.deadLetterDir) {
      await appendLine(
        join(this.options.deadLetterDir, 'mqtt-dead-letters.jsonl'),
        JSON.stringify(letter),
      ).catch((e: Error) => process.stderr.write(`mqtt dead letter not written: ${e.message}\n`));
    }
  }
}
