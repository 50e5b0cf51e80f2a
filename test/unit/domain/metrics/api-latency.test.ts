import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '#contract/routes';
import {
  ACCESS_LOG_FIELDS,
  formatAccessLogRecord,
  parseAccessLogRecord,
} from '#domain/metrics/access-log-format';
import {
  apiLatencyIncrements,
  apiLatencyObservation,
  endpointOf,
  HTTP_METHODS,
  OTHER_METHOD,
  UNMATCHED_ENDPOINT,
} from '#domain/metrics/api-latency';
import { METRICS, seriesKey } from '#domain/metrics/catalog';

/** An access log line as API Gateway writes it: every field quoted, `-` where there is no value. */
const line = (fields: Record<string, string>): string =>
  JSON.stringify({ ...Object.fromEntries(Object.keys(ACCESS_LOG_FIELDS).map((k) => [k, '-'])), ...fields });

describe('parseAccessLogRecord', () => {
  it('reads the fields of an API Gateway line, leaving out the ones written as -', () => {
    // Prepare
    const message = line({
      routeKey: 'POST /v1/decisions/{id}/feedback',
      httpMethod: 'POST',
      path: '/v1/decisions/9f1c/feedback',
      status: '202',
      latency: '41',
      keyId: 'k1',
    });

    // Act
    const record = parseAccessLogRecord(message);

    // Assess
    expect(record).toEqual({
      routeKey: 'POST /v1/decisions/{id}/feedback',
      httpMethod: 'POST',
      path: '/v1/decisions/9f1c/feedback',
      status: '202',
      latency: '41',
      keyId: 'k1',
    });
  });

  it('reads unquoted numbers as text and ignores unknown fields', () => {
    // Act
    const record = parseAccessLogRecord('{"status":500,"latency":7,"extra":{"a":1}}');

    // Assess
    expect(record).toEqual({ status: '500', latency: '7' });
  });

  it.each([
    ['not JSON', 'GET /health 200', /not JSON/],
    ['an array', '[1,2]', /access log record/],
    ['a nested known field', '{"status":{"code":200}}', /status/],
  ])('refuses %s with a clear error', (_what, message, error) => {
    // Act
    const act = () => parseAccessLogRecord(message);

    // Assess
    expect(act).toThrow(error);
  });

  it('formats a record back into the same line (round trip)', () => {
    // Prepare
    const record = { routeKey: 'GET /health', status: '200', latency: '3' };

    // Act
    const text = formatAccessLogRecord(record);

    // Assess
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(ACCESS_LOG_FIELDS));
    expect(parseAccessLogRecord(text)).toEqual(record);
  });
});

describe('endpointOf', () => {
  it.each(ROUTES.map((r) => [routeKey(r), r.path]))('%s → %s', (key, template) => {
    // Act
    const endpoint = endpointOf({ routeKey: key, path: '/some/raw/path' });

    // Assess
    expect(endpoint).toBe(template);
  });

  it('maps unknown paths and wrong methods ($default) to one bounded value', () => {
    // Assess
    expect(endpointOf({ routeKey: '$default', httpMethod: 'GET', path: '/wp-admin/setup.php' })).toBe(
      UNMATCHED_ENDPOINT,
    );
    expect(endpointOf({ routeKey: '$default', httpMethod: 'DELETE', path: '/v1/decisions' })).toBe(
      UNMATCHED_ENDPOINT,
    );
    expect(endpointOf({ routeKey: 'GET /not/a/route' })).toBe(UNMATCHED_ENDPOINT);
  });

  it('matches the path against the route table when no route key was logged', () => {
    // Assess
    expect(endpointOf({ httpMethod: 'GET', path: '/v1/decisions/abc' })).toBe('/v1/decisions/{id}');
    expect(endpointOf({ httpMethod: 'POST', path: '/nowhere' })).toBe(UNMATCHED_ENDPOINT);
  });

  it('never yields a raw path: any record maps into the route templates or $default (property)', () => {
    // Prepare
    const allowed = new Set([...ROUTES.map((r) => r.path), UNMATCHED_ENDPOINT]);
    const field = fc.option(fc.string({ maxLength: 40 }), { nil: undefined });

    // Assess
    fc.assert(
      fc.property(field, field, field, (rk, method, path) => {
        const record = {
          ...(rk === undefined ? {} : { routeKey: rk }),
          ...(method === undefined ? {} : { httpMethod: method }),
          ...(path === undefined ? {} : { path }),
        };
        expect(allowed.has(endpointOf(record))).toBe(true);
      }),
    );
  });
});

describe('apiLatencyObservation', () => {
  it('observes the response latency in seconds, labelled by template, method and status code', () => {
    // Act
    const observation = apiLatencyObservation({
      routeKey: 'GET /v1/decisions/{id}',
      httpMethod: 'GET',
      path: '/v1/decisions/123',
      status: '404',
      latency: '1250',
    });

    // Assess
    expect(observation).toEqual({
      labels: { endpoint: '/v1/decisions/{id}', method: 'GET', status_code: '404' },
      seconds: 1.25,
    });
  });

  it('bounds the method and the status code', () => {
    // Act
    const observation = apiLatencyObservation({ httpMethod: 'BREW', status: '2000', latency: '1' });

    // Assess
    expect(observation?.labels.method).toBe(OTHER_METHOD);
    expect(observation?.labels.status_code).toBe('unknown');
    expect(HTTP_METHODS).toContain(apiLatencyObservation({ httpMethod: 'get', latency: '1' })?.labels.method);
  });

  it.each([undefined, 'abc', '-5', '1e9'])('observes nothing for latency %s', (latency) => {
    // Act
    const observation = apiLatencyObservation({ status: '200', ...(latency ? { latency } : {}) });

    // Assess
    expect(observation).toBeUndefined();
  });
});

describe('apiLatencyIncrements', () => {
  it('gives every bucket (0 below the latency), +Inf, _sum and _count of the histogram', () => {
    // Prepare
    const labels = { endpoint: '/health', method: 'GET', status_code: '200' };
    const name = METRICS.apiResponseTimeSeconds.name;
    const bucket = (le: string) => seriesKey(`${name}_bucket`, { ...labels, le });

    // Act
    const increments = apiLatencyIncrements({
      routeKey: 'GET /health',
      httpMethod: 'GET',
      status: '200',
      latency: '300',
    });

    // Assess
    expect(Object.fromEntries(increments)).toEqual({
      [bucket('0.05')]: 0,
      [bucket('0.1')]: 0,
      [bucket('0.25')]: 0,
      [bucket('0.5')]: 1,
      [bucket('1')]: 1,
      [bucket('2.5')]: 1,
      [bucket('5')]: 1,
      [bucket('10')]: 1,
      [bucket('+Inf')]: 1,
      [seriesKey(`${name}_sum`, labels)]: 0.3,
      [seriesKey(`${name}_count`, labels)]: 1,
    });
  });

  it('is empty for a record without latency', () => {
    // Assess
    expect(apiLatencyIncrements({ status: '200' }).size).toBe(0);
  });
});
