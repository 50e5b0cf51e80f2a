import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, type MetricsNoticeLogger } from '#observability/metrics-notices';

/** A logger that keeps what it is given, by level. */
const recordingLogger = () => {
  const lines: { level: string; message: unknown }[] = [];
  const at =
    (level: string) =>
    (...content: unknown[]) =>
      void lines.push({ level, message: content[0] });
  const logger: MetricsNoticeLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
};

/** A Metrics as the shared module builds it, under the given POWERTOOLS_METRICS_DISABLED. */
const metricsWith = (disabled: 'true' | 'false', logger: MetricsNoticeLogger) => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', disabled);
  return createMetrics({ namespace: 'Test', serviceName: 'test' }, logger);
};

describe("Powertools Metrics' own notices", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('say nothing of an empty flush while metrics are disabled (the CLI and the local stack)', () => {
    // Prepare
    const { logger, lines } = recordingLogger();
    const metrics = metricsWith('true', logger);

    // Act
    metrics.publishStoredMetrics();
    metrics.publishStoredMetrics();

    // Assess
    expect(lines).toEqual([]);
  });

  it('still report an empty flush, at warn, where metrics are published (Lambda)', () => {
    // Prepare
    const { logger, lines } = recordingLogger();
    const metrics = metricsWith('false', logger);

    // Act
    metrics.publishStoredMetrics();

    // Assess
    expect(lines).toEqual([
      { level: 'warn', message: expect.stringMatching(/^No application metrics to publish/) },
    ]);
  });

  it('pass every other notice on, metrics disabled or not', () => {
    // Prepare
    const { logger, lines } = recordingLogger();
    const metrics = metricsWith('true', logger);

    // Act
    metrics.addDimension('route', '');
    metrics.addMetric('Accepted', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();

    // Assess
    expect(lines).toEqual([{ level: 'warn', message: expect.stringMatching(/dimension route/) }]);
  });
});

describe('metrics switched off in code', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  /** Adds a metric and a single metric (each published on its own), then flushes; returns what reached stdout. */
  const publishBoth = (disabled: boolean | undefined) => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const { logger } = recordingLogger();
    const metrics = createMetrics(
      { namespace: 'Test', serviceName: 'test', ...(disabled === undefined ? {} : { disabled }) },
      logger,
    );
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const single = metrics.singleMetric();
    single.addDimension('reason', 'too_large');
    single.addMetric('Rejected', MetricUnit.Count, 1);
    metrics.addMetric('Accepted', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    vi.mocked(process.stdout.write).mockRestore();
    return written.join('');
  };

  it('publish nothing, single metrics included, whatever POWERTOOLS_METRICS_DISABLED says', () => {
    // Act
    const off = publishBoth(true);
    const on = publishBoth(undefined);

    // Assess
    expect(off).toBe('');
    expect(on).toContain('"Accepted"');
    expect(on).toContain('"Rejected"');
  });
});
