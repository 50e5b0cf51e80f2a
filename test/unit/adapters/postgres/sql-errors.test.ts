import { describe, expect, it } from 'vitest';
import { dataFailure, isRowDataError, sqlState } from '#adapters/postgres/sql-errors';

/** An error as node-postgres and PGlite throw it: the SQLSTATE in `code`. */
const driverError = (code: string, message: string) => Object.assign(new Error(message), { code });
/** An error as the RDS Data API answers: the SQLSTATE at the end of the message. */
const dataApiError = (message: string) => Object.assign(new Error(message), { name: 'BadRequestException' });

describe('sqlState and isRowDataError', () => {
  it.each([
    ['22003', true],
    ['22021', true],
    ['22P05', true],
    ['23505', true],
    ['23514', true],
    ['54000', true],
    ['40001', false],
    ['40P01', false],
    ['53300', false],
    ['57P01', false],
    ['08006', false],
    ['42P01', false],
    ['XX000', false],
  ])('reads %s from a driver error: a row data error %s', (code, rowError) => {
    // Act
    const error = driverError(code, 'from the server');

    // Assess
    expect(sqlState(error)).toBe(code);
    expect(isRowDataError(error)).toBe(rowError);
  });

  it('reads the SQLSTATE at the end of a Data API message', () => {
    // Prepare
    const refused = dataApiError(
      'ERROR: value "2147483648" is out of range for type integer; SQLState: 22003',
    );
    const unknownTable = dataApiError(
      'ERROR: relation "ai_decisions" does not exist\n  Position: 13; SQLState: 42P01',
    );

    // Assess
    expect([sqlState(refused), isRowDataError(refused)]).toEqual(['22003', true]);
    expect([sqlState(unknownTable), isRowDataError(unknownTable)]).toEqual(['42P01', false]);
  });

  it.each([
    ['a lost connection', driverError('ECONNRESET', 'Connection terminated unexpectedly')],
    ['a pipe closed', driverError('EPIPE', 'write EPIPE')],
    ['a refused connection', driverError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    [
      'a resuming cluster',
      Object.assign(new Error('The database is resuming'), { name: 'DatabaseResumingException' }),
    ],
    ['a throttled call', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
    ['no error object', 'SQLState: 22003'],
    ['nothing', undefined],
  ])('is no row data error: %s', (_name, error) => {
    // Assess
    expect(sqlState(error)).toBeUndefined();
    expect(isRowDataError(error)).toBe(false);
  });

  it('words a data error as a dead letter keeps it', () => {
    // Assess
    expect(dataFailure(driverError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).toEqual({
      kind: 'data',
      code: '22021',
      message: 'invalid byte sequence for encoding "UTF8": 0x00',
    });
  });
});
