/**
 * `redaction`: worst-case redaction time per KB of text at 4K and at 64K characters, for every
 * built-in rule alone, for all of them together, and for the ingest of a whole decision (contract
 * validation, redaction and hashing) as its playbook grows to the 64K limit, and the time of a
 * decision with a 4K query and a 64K playbook of the worst shape. Every worst-case input
 * of `test/support/redaction-attacks.ts` is tried; the worst one counts. The baseline is the same
 * work on 4K texts (as many of them as make 64K), measured in the same rounds.
 * ratio = the largest (time per KB at 64K) / (time per KB at 4K): near 1 when linear, near 16 when
 * the time grows with the square of the length.
 */
import { performance } from 'node:perf_hooks';
import { planDecision } from '#adapters/dynamodb/section-write';
import { decisionSchema } from '#contract/decision';
import { LIMITS } from '#contract/limits';
import { DEFAULT_REDACTION_RULES, type RedactionRule, redact } from '#domain/redaction';
import { REDACTION_ATTACKS, type RedactionAttack } from '../test/support/redaction-attacks.ts';
import { sampleDecision } from '../test/support/samples.ts';
import { type Growth, measureGrowth } from '../test/support/text-growth.ts';
import { type BenchResult, benchResult } from './support/result.ts';
import { round } from './support/stats.ts';

/** (time per KB at 64K) / (time per KB at 4K) must stay at or below this. */
export const REDACTION_TARGET = 1.5;
const ROUNDS = 15;
/** The largest request body holds about this many decisions with a 64K playbook and a 4K query. */
const DECISIONS_PER_LARGEST_BODY = Math.floor(
  LIMITS.maxBodyBytes / (LIMITS.maxPlaybookChars + LIMITS.maxQueryChars + 1024),
);

interface Worst {
  readonly attack: string;
  readonly usPerKbAt4K: number;
  readonly usPerKbAt64K: number;
  readonly ratio: number;
}

const summary = (attack: RedactionAttack, g: Growth): Worst => ({
  attack: attack.name,
  usPerKbAt4K: round(g.smallUsPerKb, 2),
  usPerKbAt64K: round(g.largeUsPerKb, 2),
  ratio: round(g.ratio),
});

/** The attack that grows worst for `run`, over every shape. */
function worstOf(run: (text: string) => unknown): Worst {
  return REDACTION_ATTACKS.map((a) => summary(a, measureGrowth(run, a.make, { rounds: ROUNDS }))).reduce(
    (w, x) => (x.ratio > w.ratio ? x : w),
  );
}

/** Plans a decision (validation, redaction, hashing) whose playbook is `yaml` and, when given, whose query is `query`. */
function decisionRun(rules: readonly RedactionRule[]) {
  const ctx = { customerId: 'bench', receivedAt: new Date(), retentionDays: 90, rules };
  return (yaml: string, query?: string) => {
    const input = sampleDecision(query === undefined ? {} : { query });
    const playbook = { ...(input.playbook as object), yaml };
    return planDecision(decisionSchema.parse({ ...input, playbook }), ctx);
  };
}

/** The fastest of `runs` timings of one decision with a 4K query and a 64K playbook of `attack`'s text. */
function decisionAtLimitsMs(attack: RedactionAttack, runs = 3): number {
  const plan = decisionRun(DEFAULT_REDACTION_RULES);
  const query = attack.make(LIMITS.maxQueryChars);
  const yaml = attack.make(LIMITS.maxPlaybookChars);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    plan(yaml, query);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Runs every measurement; takes a few seconds when every rule is linear. */
export async function redactionBench(): Promise<BenchResult> {
  const perRule = Object.fromEntries(
    DEFAULT_REDACTION_RULES.map((rule) => [rule.name, worstOf((t) => redact(t, [rule]))]),
  );
  const allRules = worstOf((t) => redact(t, DEFAULT_REDACTION_RULES));
  const plan = decisionRun(DEFAULT_REDACTION_RULES);
  const decision = worstOf((yaml) => plan(yaml));
  const worstRule = Object.entries(perRule).reduce((w, x) => (x[1].ratio > w[1].ratio ? x : w));
  const ratio = Math.max(worstRule[1].ratio, allRules.ratio, decision.ratio);
  // Decisions at every text limit, for each shape: what the largest request body of the worst costs.
  const atLimits = REDACTION_ATTACKS.map((a) => ({ attack: a.name, ms: decisionAtLimitsMs(a) }));
  const slowest = atLimits.reduce((w, x) => (x.ms > w.ms ? x : w));
  const oneDecisionMs = slowest.ms;
  return benchResult(
    ratio,
    REDACTION_TARGET,
    '<=',
    `worst 64K/4K per KB: rule ${worstRule[0]} ${worstRule[1].ratio} (${worstRule[1].attack}), all rules ` +
      `${allRules.ratio}, decision ingest ${decision.ratio}; a 4 MB body of ${DECISIONS_PER_LARGEST_BODY} ` +
      `worst decisions ≈ ${round((oneDecisionMs * DECISIONS_PER_LARGEST_BODY) / 1000, 2)} s`,
    {
      rounds: ROUNDS,
      attacks: REDACTION_ATTACKS.length,
      perRule,
      allRules,
      decision,
      fullBody: {
        attack: slowest.attack,
        decisions: DECISIONS_PER_LARGEST_BODY,
        oneDecisionMs: round(oneDecisionMs, 2),
        estimatedSeconds: round((oneDecisionMs * DECISIONS_PER_LARGEST_BODY) / 1000, 2),
        note: 'contract validation, redaction and hashing of the decisions of one largest request body, before any write',
      },
    },
  );
}
