import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricsOptions } from '@aws-lambda-powertools/metrics/types';

/** What Powertools Metrics writes its own notices to. */
export type MetricsNoticeLogger = NonNullable<MetricsOptions['logger']>;

/** Metrics' notice after an invocation that recorded no metric (a read, a health check, a refused request). */
const NOTHING_TO_PUBLISH = /^No application metrics to publish/;

/** What {@link createMetrics} takes besides Powertools' own options. */
export interface MetricsSwitch {
  /**
   * Publish nothing, whatever `POWERTOOLS_METRICS_DISABLED` says (the local stack and tests
   * decide this in code, not through the process's environment).
   * @default false - Powertools decides from the environment
   */
  readonly disabled?: boolean;
}

type MetricsSettings = Omit<MetricsOptions, 'logger'> & MetricsSwitch;

/** Metrics that can say whether it is disabled (Powertools keeps `isDisabled` protected) and can be switched off. */
class SharedMetrics extends Metrics {
  constructor(private readonly settings: MetricsSettings & { logger: MetricsNoticeLogger }) {
    super(settings);
  }

  get publishesNothing(): boolean {
    return this.isDisabled();
  }

  protected override isDisabled(): boolean {
    return this.settings.disabled === true || super.isDisabled();
  }

  override publishStoredMetrics(): this {
    if (this.settings.disabled !== true) return super.publishStoredMetrics();
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }

  override singleMetric(): Metrics {
    if (this.settings.disabled !== true) return super.singleMetric();
    return new SharedMetrics({ ...this.settings, singleMetric: true });
  }
}

/**
 * Builds Powertools Metrics whose own notices (an invalid dimension, a metric CloudWatch would
 * skip, an empty flush) go to `log`, at its level. "No application metrics to publish" is
 * left out while metrics are disabled, as in the CLI and the local stack, where EMF goes
 * nowhere: there it would print on every request and tell a person nothing. Where metrics are
 * published (Lambda) it stays, a warning like the others.
 * @example
 * export const metrics = createMetrics({ namespace: 'AiopsObservability', serviceName: 'api' }, logger);
 */
export function createMetrics(options: MetricsSettings, log: MetricsNoticeLogger): Metrics {
  const quietWhenDisabled = (...content: unknown[]) =>
    typeof content[0] === 'string' && NOTHING_TO_PUBLISH.test(content[0]) && metrics.publishesNothing;
  const metrics: SharedMetrics = new SharedMetrics({
    ...options,
    logger: {
      debug: (...content) => log.debug(...content),
      info: (...content) => log.info(...content),
      warn: (...content) => {
        if (!quietWhenDisabled(...content)) log.warn(...content);
      },
      error: (...content) => log.error(...content),
    },
  });
  return metrics;
}
