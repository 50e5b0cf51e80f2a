import { Logger } from '@aws-lambda-powertools/logger';
import type { EnvironmentSource } from './settings.ts';

/** How a process logs. */
export interface LoggerSettings {
  /** Powertools' service name (a key of every line). */
  readonly serviceName: string;
  /** The lowest level logged. @default Powertools' own (POWERTOOLS_LOG_LEVEL, else INFO) */
  readonly logLevel?: string;
}

/**
 * A Powertools Logger from explicit settings.
 * @example const logger = createLogger({ serviceName: 'aiops-observability', logLevel: 'WARN' });
 */
export function createLogger(settings: LoggerSettings): Logger {
  return new Logger({
    serviceName: settings.serviceName,
    ...(settings.logLevel ? { logLevel: settings.logLevel.toUpperCase() as 'INFO' } : {}),
  });
}

/**
 * The logging settings the stacks set as `POWERTOOLS_SERVICE_NAME` and `POWERTOOLS_LOG_LEVEL`.
 * @example loggerSettings(process.env).serviceName // 'aiops-observability'
 */
export function loggerSettings(source: EnvironmentSource): LoggerSettings {
  return {
    serviceName: source.POWERTOOLS_SERVICE_NAME || 'aiops-observability',
    ...(source.POWERTOOLS_LOG_LEVEL ? { logLevel: source.POWERTOOLS_LOG_LEVEL } : {}),
  };
}
