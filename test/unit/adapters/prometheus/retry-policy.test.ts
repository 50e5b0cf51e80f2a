import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfter,
  resolveRetry,
} from '#adapters/prometheus/retry-policy';

describe('backoffDelayMs', () => {
  it('doubles the step per retry, jitters within its upper half, and stops at maxDelayMs', () => {
    // Prepare
    const low = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
    const high = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999_999 });
    for (let retry = 1; retry <= 8; retry++) {
      const step = Math.min(1000, 100 * 2 ** (retry - 1));
      // Act
      const [min, max] = [backoffDelayMs(retry, low), backoffDelayMs(retry, high)];
      // Assess
      expect(min, `retry ${retry}`).toBe(step / 2);
      expect(max, `retry ${retry}`).toBeCloseTo(step, 2);
    }
  });

  it('waits at least Retry-After, but never beyond maxDelayMs', () => {
    // Prepare
    const policy = resolveRetry({ baseDelayMs: 100, maxDelayMs: 5000, random: () => 0 });
    // Act & Assess
    expect(backoffDelayMs(1, policy, 2000)).toBe(2000);
    expect(backoffDelayMs(1, policy, 60_000)).toBe(5000);
    expect(backoffDelayMs(1, policy, 10)).toBe(50);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores what it cannot read', () => {
    // Prepare
    const now = Date.parse('2026-01-01T00:00:00Z');
    // Act & Assess
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx only', () => {
    const statuses = [400, 401, 403, 404, 409, 413, 429, 500, 502, 503, 504];
    expect(statuses.filter(isRetryableStatus)).toEqual([429, 500, 502, 503, 504]);
  });
});

describe('resolveRetry', () => {
  it('names the bad option', () => {
    expect(() => resolveRetry({ maxAttempts: 0 })).toThrow(/retry\.maxAttempts/);
    expect(() => resolveRetry({ baseDelayMs: -1 })).toThrow(/retry\.baseDelayMs/);
  });
});
