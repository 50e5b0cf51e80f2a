import { describe, expect, it } from 'vitest';
import { intentVerdict, sameIntent } from '#domain/analytics/intent-verdict';
import { canonicalJson } from '#domain/hashing';

const parsed = { action: 'dns.add_record', parameters: { name: 'printer3', type: 'A', value: '10.0.4.23' } };

describe('intentVerdict', () => {
  it.each([
    [
      'the same intent, keys in another order',
      { parameters: { value: '10.0.4.23', type: 'A', name: 'printer3' }, action: 'dns.add_record' },
      'thumbs_down',
      'agreed',
    ],
    [
      'another parameter value',
      { ...parsed, parameters: { ...parsed.parameters, value: '10.0.4.32' } },
      'thumbs_down',
      'corrected',
    ],
    [
      'another action, even with a thumbs up',
      { action: 'dns.delete_record', parameters: parsed.parameters },
      'thumbs_up',
      'corrected',
    ],
    ['a thumbs up without a correction', undefined, 'thumbs_up', 'agreed'],
    ['a thumbs down without a correction', undefined, 'thumbs_down', undefined],
    ['no rating and no correction', null, undefined, undefined],
  ])('%s: %s', (_title, correct, rating, expected) => {
    // Act + Assess
    expect(intentVerdict(parsed, correct, rating)).toBe(expected);
  });

  it('treats absent parameters as {} and compares numbers by value', () => {
    // Act + Assess
    expect(sameIntent({ action: 'a' }, { action: 'a', parameters: {} })).toBe(true);
    expect(sameIntent({ action: 'a', parameters: { n: 1.0 } }, { action: 'a', parameters: { n: 1 } })).toBe(
      true,
    );
    expect(
      sameIntent({ action: 'a', parameters: { l: [1, 2] } }, { action: 'a', parameters: { l: [2, 1] } }),
    ).toBe(false);
  });

  it('writes canonical JSON with sorted keys at every level', () => {
    // Act + Assess
    expect(canonicalJson({ b: { d: 1, c: [{ z: 1, y: 2 }] }, a: null })).toBe(
      '{"a":null,"b":{"c":[{"y":2,"z":1}],"d":1}}',
    );
  });
});
