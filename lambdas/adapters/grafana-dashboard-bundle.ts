import { type Dashboard, parseDashboardBundle } from '#domain/grafana/dashboards';
import { signedGetter } from './registry/signed-get.ts';

/**
 * Reads the dashboard bundle the CDK app uploaded as an S3 asset: a SigV4-signed GET (service
 * `s3`) of its HTTPS URL with the function's credentials, then validated.
 * @throws Error with the HTTP status when S3 refuses, or naming what is wrong in the bundle.
 * @example const dashboards = await fetchDashboardBundle('https://bucket.s3.eu-west-1.amazonaws.com/key.json', 'eu-west-1');
 */
export async function fetchDashboardBundle(url: string, region: string): Promise<Dashboard[]> {
  const response = await signedGetter({ region, service: 's3', timeoutMs: 10_000 })(url);
  if (!response.ok) {
    throw new Error(`dashboard bundle: GET ${new URL(url).pathname} answered ${response.status}`);
  }
  return parseDashboardBundle(await response.json());
}
