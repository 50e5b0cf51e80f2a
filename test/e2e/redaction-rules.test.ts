/**
 * Redaction through the local stack: configured rules (`REDACTION_RULES`) apply beside the
 * built-in ones, worst-case text at every limit is accepted, and a configured rule RE2 cannot
 * run stops the stack from starting, naming it.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { startTestApi, useTestApi } from '../support/local-api.ts';
import { REDACTION_ATTACKS } from '../support/redaction-attacks.ts';
import { sampleDecision } from '../support/samples.ts';

const RULES = [
  { name: 'ticket', pattern: 'TICKET-\\d+' },
  { name: 'nested', pattern: 'x(a+)+$' },
];

const api = useTestApi({ REDACTION_RULES: JSON.stringify(RULES) });

describe('redaction on the local stack', () => {
  it('applies configured rules beside the built-in ones, a catastrophic one included', async () => {
    // Prepare
    const d = sampleDecision({ query: `close TICKET-4711, password=hunter2, then x${'a'.repeat(3000)}` });

    // Act
    const res = await api.request('POST', '/v1/decisions', { json: d });
    const read = await api.request('GET', `/v1/decisions/${d.decisionId}`);

    // Assess
    expect(res.status).toBe(201);
    expect(read.body.query).toBe(
      'close [REDACTED:ticket], password=[REDACTED:password], then [REDACTED:nested]',
    );
    expect(read.body.redactions).toEqual(['nested', 'password', 'ticket']);
  });

  it('accepts a batch of decisions whose query and playbook are worst-case text at their limits', async () => {
    // Prepare: the shapes that took seconds each before the rules were linear
    const shapes = REDACTION_ATTACKS.filter((a) => ['a.a.a.', 'eyJ-eyJ-', 'token.token.'].includes(a.name));
    const batch = shapes.map((a) => {
      const d = sampleDecision({ query: a.make(LIMITS.maxQueryChars) });
      return { ...d, playbook: { ...(d.playbook as object), yaml: a.make(LIMITS.maxPlaybookChars) } };
    });

    // Act
    const res = await api.request('POST', '/v1/decisions', { json: { decisions: batch } });

    // Assess
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ accepted: shapes.length, rejected: 0 });
  });

  it('refuses to start with a configured rule RE2 cannot run, naming it, and leaves the running stack alone', async () => {
    // Act
    const start = startTestApi({
      REDACTION_RULES: JSON.stringify([{ name: 'lookahead', pattern: 'pwd(?=:)' }]),
    });

    // Assess
    await expect(start).rejects.toThrow('REDACTION_RULES[0] (lookahead): error parsing regexp');
    const d = sampleDecision({ query: 'close TICKET-4712' });
    expect((await api.request('POST', '/v1/decisions', { json: d })).status).toBe(201);
    const read = await api.request('GET', `/v1/decisions/${d.decisionId}`);
    expect(read.body.query).toBe('close [REDACTED:ticket]');
  });
});
