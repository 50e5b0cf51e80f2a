import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import type { TimestreamConfig } from './config.ts';

/** Attempts per WriteRecords call, the first included (SDK standard retry: throttling, 5xx, network). */
export const DEFAULT_MAX_ATTEMPTS = 5;

const clients = new Map<string, TimestreamWriteClient>();

/**
 * The Timestream Write client for a configuration, built once per region and endpoint and
 * reused across invocations. Without an endpoint the SDK discovers the cell endpoint with
 * DescribeEndpoints before the first WriteRecords (Timestream requires it). With one, the
 * SDK skips discovery; `endpointDiscoveryEnabled` is then left unset, because the SDK
 * refuses a custom endpoint when that option is given at all (even `false`).
 * @example timestreamWriteClient({ database: 'aiops', table: 'heartbeats', region: 'eu-west-1' })
 */
export function timestreamWriteClient(
  config: Pick<TimestreamConfig, 'region' | 'endpoint'>,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): TimestreamWriteClient {
  const key = JSON.stringify([config.region, config.endpoint, maxAttempts]);
  let client = clients.get(key);
  if (!client) {
    client = new TimestreamWriteClient({
      maxAttempts,
      retryMode: 'standard',
      ...(config.region ? { region: config.region } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    });
    clients.set(key, client);
  }
  return client;
}
