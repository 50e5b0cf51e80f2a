import { describe, expect, it } from 'vitest';
import { sqlBackend } from '#adapters/postgres/sql-client';

describe('sqlBackend', () => {
  it('picks DATABASE_URL first, then the Data API, else PGlite', () => {
    // Prepare
    const dataApi = {
      RDS_DATA_RESOURCE_ARN: 'arn:aws:rds:x',
      RDS_DATA_SECRET_ARN: 'arn:aws:secretsmanager:x',
    };
    // Act / Assess
    expect(sqlBackend({ DATABASE_URL: 'postgresql://db/x', ...dataApi })).toBe('pg');
    expect(sqlBackend(dataApi)).toBe('rds-data');
    expect(sqlBackend({ PGLITE_DATA_DIR: '/tmp/x' })).toBe('pglite');
    expect(sqlBackend({ DATABASE_URL: '' })).toBe('pglite');
  });

  it('names the missing half of the Data API settings', () => {
    // Act / Assess
    expect(() => sqlBackend({ RDS_DATA_RESOURCE_ARN: 'arn:aws:rds:x' })).toThrow(
      /RDS_DATA_SECRET_ARN: required/,
    );
    expect(() => sqlBackend({ RDS_DATA_SECRET_ARN: 'arn:aws:secretsmanager:x' })).toThrow(
      /RDS_DATA_RESOURCE_ARN: required/,
    );
  });
});
