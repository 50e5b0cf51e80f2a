import { describe, expect, it } from 'vitest';
import { parseRuntimeEnv } from '#runtime/settings';

describe('parseRuntimeEnv', () => {
  it('applies the defaults', () => {
    expect(parseRuntimeEnv({})).toEqual({
      TABLE_PREFIX: 'aiops',
      RETENTION_DAYS: 90,
      HEARTBEAT_RETENTION_DAYS: 7,
      REDACTION_REPLACE_DEFAULTS: false,
      APPLIANCE_OFFLINE_AFTER_SECONDS: 300,
      AUTH_CACHE_TTL_SECONDS: 60,
      LABEL_VALUES_PER_TENANT: 100,
    });
  });

  it('reads every variable', () => {
    const env = parseRuntimeEnv({
      TABLE_PREFIX: 'prod',
      RETENTION_DAYS: '30',
      REDACTION_RULES: '[]',
      REDACTION_REPLACE_DEFAULTS: 'true',
      AUTH_CACHE_TTL_SECONDS: '0',
      LABEL_VALUES_PER_TENANT: '250',
    });
    expect(env).toMatchObject({
      TABLE_PREFIX: 'prod',
      RETENTION_DAYS: 30,
      REDACTION_RULES: '[]',
      AUTH_CACHE_TTL_SECONDS: 0,
      LABEL_VALUES_PER_TENANT: 250,
    });
    expect(env.REDACTION_REPLACE_DEFAULTS).toBe(true);
  });

  it('names every bad variable at once', () => {
    const bad = () =>
      parseRuntimeEnv({
        RETENTION_DAYS: '0',
        AUTH_CACHE_TTL_SECONDS: 'soon',
        REDACTION_REPLACE_DEFAULTS: 'yes',
        LABEL_VALUES_PER_TENANT: '0',
      });
    expect(bad).toThrow('RETENTION_DAYS: a whole number from 1 to 3650 (got "0")');
    expect(bad).toThrow('AUTH_CACHE_TTL_SECONDS: a whole number from 0 to 3600 (got "soon")');
    expect(bad).toThrow('REDACTION_REPLACE_DEFAULTS: true or false');
    expect(bad).toThrow('LABEL_VALUES_PER_TENANT: a whole number from 1 to 10000 (got "0")');
  });
});
