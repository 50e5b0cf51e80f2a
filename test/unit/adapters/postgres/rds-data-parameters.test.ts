import { describe, expect, it } from 'vitest';
import { arrayLiteral, toNamedParameters, toSqlParameter } from '#adapters/postgres/rds-data-parameters';

describe('toNamedParameters', () => {
  it('renames $n to :pn, keeping casts and multi-digit numbers whole', () => {
    // Act / Assess
    expect(toNamedParameters('VALUES ($1::uuid, $2, $10::text[], $11)')).toBe(
      'VALUES (:p1::uuid, :p2, :p10::text[], :p11)',
    );
  });

  it('leaves literals, quoted identifiers, comments and dollar-quoted bodies alone', () => {
    // Prepare
    const sql = [
      "SELECT '$1', 'it''s $2', E'\\'$3', \"col$4\", a$5, $6 -- $7",
      '/* $8 /* nested $9 */ still $10 */ $11',
      '$$ $12 $$, $tag$ $13 $tag$, $14',
    ].join('\n');
    // Act
    const named = toNamedParameters(sql);
    // Assess
    expect(named).toBe(
      [
        "SELECT '$1', 'it''s $2', E'\\'$3', \"col$4\", a$5, :p6 -- $7",
        '/* $8 /* nested $9 */ still $10 */ :p11',
        '$$ $12 $$, $tag$ $13 $tag$, :p14',
      ].join('\n'),
    );
  });
});

describe('toSqlParameter', () => {
  it('types each JS value as the Data API expects', () => {
    // Act / Assess
    expect(toSqlParameter(1, 42)).toEqual({ name: 'p1', value: { longValue: 42 } });
    expect(toSqlParameter(2, 0.5)).toEqual({ name: 'p2', value: { doubleValue: 0.5 } });
    expect(toSqlParameter(3, 2n ** 70n)).toEqual({
      name: 'p3',
      value: { stringValue: (2n ** 70n).toString() },
    });
    expect(toSqlParameter(4, false)).toEqual({ name: 'p4', value: { booleanValue: false } });
    expect(toSqlParameter(5, undefined)).toEqual({ name: 'p5', value: { isNull: true } });
    expect(toSqlParameter(6, new Date('2026-11-21T10:00:00Z'))).toEqual({
      name: 'p6',
      value: { stringValue: '2026-11-21T10:00:00.000Z' },
    });
    expect(toSqlParameter(7, { a: [1] })).toEqual({
      name: 'p7',
      value: { stringValue: '{"a":[1]}' },
      typeHint: 'JSON',
    });
    expect(toSqlParameter(8, Uint8Array.of(1, 2))).toEqual({
      name: 'p8',
      value: { blobValue: Uint8Array.of(1, 2) },
    });
  });

  it('refuses values PostgreSQL cannot take, naming the parameter', () => {
    // Act / Assess
    expect(() => toSqlParameter(3, Number.NaN)).toThrow('parameter $3: NaN');
    expect(() => toSqlParameter(4, Number.POSITIVE_INFINITY)).toThrow('parameter $4');
    expect(() => toSqlParameter(5, () => 1)).toThrow('parameter $5: a function');
  });
});

describe('arrayLiteral', () => {
  it('quotes and escapes elements, nests arrays and writes NULL', () => {
    // Act / Assess
    expect(arrayLiteral(['a', 'b"c', 'd\\e', null, 'NULL', ''])).toBe(
      '{"a","b\\"c","d\\\\e",NULL,"NULL",""}',
    );
    expect(
      arrayLiteral([
        [1, 2],
        [3, null],
      ]),
    ).toBe('{{1,2},{3,NULL}}');
    expect(arrayLiteral([true, { k: 'v' }])).toBe('{t,"{\\"k\\":\\"v\\"}"}');
  });
});
