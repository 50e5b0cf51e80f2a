import { describe, expect, it } from 'vitest';
import { batchOutcome } from '#lib/local/streams/batch-outcome';

const batch = ['100', '200', '300', '400'];

describe('batchOutcome', () => {
  it.each([
    ['no answer', undefined],
    ['null', null],
    ['an empty object', {}],
    ['batchItemFailures null', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('counts %s as a complete success', (_label, response) => {
    // Act
    const outcome = batchOutcome(response, batch, true);

    // Assess
    expect(outcome).toEqual({ kind: 'success' });
  });

  it('resumes at the lowest reported sequence number, whatever the order of the list', () => {
    // Prepare
    const response = { batchItemFailures: [{ itemIdentifier: '400' }, { itemIdentifier: '200' }] };

    // Act
    const outcome = batchOutcome(response, batch, true);

    // Assess
    expect(outcome).toMatchObject({ kind: 'partial', firstFailedIndex: 1 });
    expect(outcome.kind === 'partial' && outcome.error.message).toContain('200');
  });

  it.each([
    [
      'an empty identifier',
      { batchItemFailures: [{ itemIdentifier: '' }] },
      'batchItemFailures[0].itemIdentifier',
    ],
    [
      'a null identifier',
      { batchItemFailures: [{ itemIdentifier: null }] },
      'batchItemFailures[0].itemIdentifier',
    ],
    ['a wrong key name', { batchItemFailures: [{ itemId: '200' }] }, 'batchItemFailures[0].itemIdentifier'],
    [
      'a number',
      { batchItemFailures: [{ itemIdentifier: '200' }, { itemIdentifier: 300 }] },
      'batchItemFailures[1]',
    ],
    [
      'an identifier outside the batch',
      { batchItemFailures: [{ itemIdentifier: '250' }] },
      'not in the batch',
    ],
    ['a list that is not an array', { batchItemFailures: 'all' }, 'must be an array'],
  ])('counts %s as a complete failure, naming the field', (_label, response, named) => {
    // Act
    const outcome = batchOutcome(response, batch, true);

    // Assess
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.error.message).toContain(named);
  });

  it('ignores the answer when reportBatchItemFailures is off, as Lambda does', () => {
    // Prepare
    const response = { batchItemFailures: [{ itemIdentifier: '200' }] };

    // Act
    const outcome = batchOutcome(response, batch, false);

    // Assess
    expect(outcome).toEqual({ kind: 'success' });
  });
});
