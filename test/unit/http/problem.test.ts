import { describe, expect, it } from 'vitest';
import { LIMITS } from '#contract/limits';
import { listWithinBudget, outcomeResult, summarise } from '#domain/item-results';
import { type Rejection, RejectionError, type RejectionKind, rejection } from '#domain/rejection';
import { problem } from '#http/http-response';
import { ingestResponse } from '#http/ingest-response';
import { asHttpProblem, HttpProblem, problemOf, REJECTION_STATUS } from '#http/problem';
import { readJsonBody } from '#http/request-body';

const fieldError = (i: number) => ({ pointer: `/f${i}`, code: 'invalid_type', message: 'expected a string' });

describe('REJECTION_STATUS: each kind of rejection has one HTTP status', () => {
  it.each([
    ['malformed', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['method_not_allowed', 405],
    ['conflict', 409],
    ['too_large', 413],
    ['unsupported_media_type', 415],
    ['invalid', 422],
    ['internal', 500],
    ['unavailable', 503],
  ] as const)('%s answers %i', (kind: RejectionKind, status: number) => {
    // Prepare
    const r: Rejection = { kind, code: 'some_code', message: 'some message' };

    // Act
    const p = problemOf(r);

    // Assess
    expect(p.status).toBe(status);
    expect(REJECTION_STATUS[kind]).toBe(status);
  });
});

describe('problemOf: a rejection becomes the problem document the API answered before', () => {
  it('keeps code, message and field errors, listed within the response cap with their count', () => {
    // Prepare
    const errors = Array.from({ length: LIMITS.maxErrorsPerResponse + 5 }, (_, i) => fieldError(i));

    // Act
    const doc = problemOf({ kind: 'invalid', code: 'validation_failed', message: 'bad', errors }).toProblem(
      '/v1/decisions',
      'req-1',
    );

    // Assess
    expect(doc).toEqual({
      type: 'urn:aiops-observability:problem:validation_failed',
      title: 'Validation failed',
      status: 422,
      detail: 'bad',
      code: 'validation_failed',
      instance: '/v1/decisions',
      requestId: 'req-1',
      errors: errors.slice(0, LIMITS.maxErrorsPerResponse),
      errorCount: errors.length,
    });
  });

  it('answers the same bytes as the HttpProblem it replaces', () => {
    // Prepare
    const errors = [fieldError(1)];
    const before = new HttpProblem(422, 'duplicate_id_in_batch', 'a batch may carry each id once', errors);

    // Act
    const after = problemOf({
      kind: 'invalid',
      code: 'duplicate_id_in_batch',
      message: 'a batch may carry each id once',
      errors,
    });

    // Assess
    expect(problem(after, '/v1/decisions', 'r')).toEqual(problem(before, '/v1/decisions', 'r'));
  });

  it('an unsupported media type tells which type to send (accept-post)', () => {
    // Act
    const thrown = (() => {
      try {
        readJsonBody({ headers: { 'content-type': 'text/plain' }, body: '{}', isBase64Encoded: false });
      } catch (e) {
        return asHttpProblem(e);
      }
    })();

    // Assess
    expect(thrown?.status).toBe(415);
    expect(thrown?.code).toBe('unsupported_media_type');
    expect(thrown?.headers).toEqual({ 'accept-post': 'application/json' });
  });
});

describe('asHttpProblem: what a route refused, or nothing for an unexpected error', () => {
  it('maps a thrown rejection and passes a problem through', () => {
    // Prepare
    const existing = new HttpProblem(404, 'not_found', 'no decision has this id');

    // Act / Assess
    expect(asHttpProblem(rejection('malformed', 'invalid_cursor', 'bad cursor'))?.status).toBe(400);
    expect(asHttpProblem(existing)).toBe(existing);
    expect(asHttpProblem(new Error('boom'))).toBeUndefined();
    expect(new RejectionError({ kind: 'invalid', code: 'x', message: 'y' }).code).toBe('x');
  });
});

describe('ingestResponse: a rejected item answers the status of its kind', () => {
  it.each([
    ['conflict', 409, 'conflict'],
    ['limit', 409, 'too_many_feedback'],
    ['too_large', 413, 'record_too_large'],
  ] as const)('write outcome %s answers %i %s', (outcome, status, code) => {
    // Prepare
    const result = outcomeResult('d-1', outcome);

    // Act
    const res = ingestResponse({ kind: 'single', result }, '/v1/decisions', 'r');

    // Assess
    expect(res.statusCode).toBe(status);
    expect(JSON.parse(res.body as string)).toMatchObject({ status, code });
  });

  it('an invalid item answers 422 with its field errors and count', () => {
    // Prepare
    const [result] = listWithinBudget(
      [
        {
          status: 'rejected',
          code: 'validation_failed',
          message: 'bad',
          errors: [fieldError(1)],
          errorCount: 3,
        },
      ],
      10,
    );

    // Act
    const res = ingestResponse({ kind: 'single', result: result as never }, '/v1/heartbeats', 'r');

    // Assess
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body as string)).toMatchObject({ errors: [fieldError(1)], errorCount: 3 });
  });
});

describe('ingestResponse: a batch answers 200, 207 or 422 by how many items were rejected', () => {
  const accepted = outcomeResult('a', 'accepted', 0);
  const rejected = outcomeResult('b', 'conflict', 1);

  it.each([
    ['nothing rejected', [accepted], 200],
    ['mixed', [accepted, rejected], 207],
    ['every item rejected', [rejected], 422],
  ] as const)('%s: %i', (_name, results, status) => {
    // Act
    const res = ingestResponse({ kind: 'batch', summary: summarise([...results]) }, '/v1/decisions', 'r');

    // Assess
    expect(res.statusCode).toBe(status);
  });

  it('every item rejected is an all_rejected problem that still carries the results', () => {
    // Act
    const res = ingestResponse({ kind: 'batch', summary: summarise([rejected]) }, '/v1/decisions', 'r');

    // Assess
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body as string)).toMatchObject({
      status: 422,
      code: 'all_rejected',
      rejected: 1,
      results: [{ id: 'b', status: 'rejected', code: 'conflict' }],
    });
  });
});
