import { describe, expect, it } from 'vitest';
import {
  bill,
  byService,
  type CostRun,
  PLATFORM_LOG_BYTES,
  TEXT_FORMAT_LOGS,
  total,
} from '../../../bench/support/cost-bill.ts';

/** One decision's counters: three requests, 8 units in the table, 1 in an index, 1 KB of logs. */
const run = (units: number): CostRun => ({
  units,
  apiRequests: { 'ingest-decisions': units, 'ingest-execution': units, 'ingest-feedback': units },
  apiBilledMs: { 'ingest-decisions': 10, 'ingest-execution': 10, 'ingest-feedback': 10 },
  authorizerInvocations: 0,
  dynamodb: {
    requests: { PutItem: units },
    units: {
      'p-decisions': { read: 0, write: 8 * units },
      'p-decisions/byTenant': { read: 0, write: units },
    },
    failedConditionUnits: {},
  },
  streams: {},
  accessLogDeliveries: 0,
  replicaDataApiCalls: 0,
  functionLogBytes: 1024 * units,
  functionLogBytesByKind: { 'INFO request handled': 256 * units, 'EMF metrics': 768 * units },
  accessLogBytes: 0,
});

describe('bill', () => {
  it('prices each line per 1M units of traffic, whatever the number measured', () => {
    // Act
    const items = bill(run(300));
    const services = byService(items);

    // Assess
    expect(services['API Gateway']).toBeCloseTo(3, 6);
    expect(services.DynamoDB).toBeCloseTo(9 * 0.625, 6);
    expect(items.find((i) => i.item === 'write units: p-decisions')?.perUnit).toBe(8);
    expect(total(bill(run(7)))).toBeCloseTo(total(items), 6);
    expect(items.filter((i) => i.estimated).map((i) => i.service)).toEqual(['X-Ray']);
  });

  it('counts the log lines the logging configuration writes, and leaves out the kinds asked', () => {
    // Prepare
    const logKb = (items: ReturnType<typeof bill>) =>
      items.find((i) => i.service === 'CloudWatch Logs')?.perUnit ?? 0;

    // Act
    const deployed = logKb(bill(run(10)));
    const text = logKb(bill(run(10), TEXT_FORMAT_LOGS));
    const without = logKb(
      bill(run(10), { platformBytesPerInvocation: 0, leftOut: ['INFO request handled'] }),
    );

    // Assess: three invocations per unit, each with Lambda's own lines in the text format
    expect(deployed).toBeCloseTo(1, 6);
    expect(text).toBeCloseTo(1 + (3 * PLATFORM_LOG_BYTES) / 1024, 6);
    expect(without).toBeCloseTo(0.75, 6);
  });
});
