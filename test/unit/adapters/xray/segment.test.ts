import { describe, expect, it } from 'vitest';
import { daemonAddress } from '#adapters/xray/daemon';
import { parseTraceHeader } from '#adapters/xray/segment';

describe('the X-Ray trace header', () => {
  it('gives root, parent and whether the invocation is sampled', () => {
    // Act
    const header = parseTraceHeader(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0',
    );

    // Assess
    expect(header).toEqual({
      root: '1-5759e988-bd862e3fe1be46a994272793',
      parent: '53995c3f42cd8ad8',
      sampled: true,
    });
  });

  it('is unsampled unless it says Sampled=1, and absent without a root or a parent', () => {
    // Assess
    expect(parseTraceHeader('Root=1-a-b;Parent=c')?.sampled).toBe(false);
    expect(parseTraceHeader('Root=1-a-b;Parent=c;Sampled=0')?.sampled).toBe(false);
    expect(parseTraceHeader('Root=1-a-b;Sampled=1')).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });
});

describe('the X-Ray daemon address', () => {
  it('reads host:port, the UDP half of a tcp/udp pair, and falls back to 127.0.0.1:2000', () => {
    // Assess
    expect(daemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(daemonAddress('tcp:10.0.0.1:2001 udp:10.0.0.2:2002')).toEqual({ host: '10.0.0.2', port: 2002 });
    expect(daemonAddress('[::1]:2000')).toEqual({ host: '::1', port: 2000 });
    expect(daemonAddress(undefined)).toEqual({ host: '127.0.0.1', port: 2000 });
    expect(daemonAddress('nonsense')).toEqual({ host: '127.0.0.1', port: 2000 });
  });
});
