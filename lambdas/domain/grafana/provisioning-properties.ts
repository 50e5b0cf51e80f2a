import * as z from '#contract/zod';

/** The service account the provisioner uses (one per workspace, admin role). */
export const SERVICE_ACCOUNT_NAME = 'aiops-provisioner';
/** Seconds a provisioning token lives if its deletion ever fails. @default 300 */
export const TOKEN_SECONDS = 300;

const url = z.url({ protocol: /^https?$/ });

/**
 * The properties of the Grafana provisioning custom resource (CloudFormation passes every
 * value as a string, and adds `ServiceToken`).
 */
export const provisioningPropertiesSchema = z.looseObject({
  /** The workspace id, `g-0123456789`. */
  WorkspaceId: z.string().check(z.regex(/^g-[0-9a-z]{10}$/, 'a Managed Grafana workspace id (g-…)')),
  /** Base URL of the workspace's Grafana, `https://g-….grafana-workspace.<region>.amazonaws.com`. */
  GrafanaUrl: url,
  Region: z.string().check(z.regex(/^[a-z0-9-]+$/, 'an AWS region name')),
  /** The AMP workspace's Prometheus endpoint. */
  PrometheusUrl: url,
  /** HTTPS URL of the dashboard bundle (an S3 asset), read with the function's role. */
  DashboardsUrl: url,
  /** Hash of the bundle: a new one makes CloudFormation send an update. */
  DashboardsHash: z.string().check(z.minLength(1)),
  /** Values of the dashboards' constant variables. @default {} */
  DashboardConstants: z._default(z.record(z.string(), z.string()), {}),
  /** @default 'aiops-provisioner' */
  ServiceAccountName: z._default(z.string().check(z.minLength(1), z.maxLength(128)), SERVICE_ACCOUNT_NAME),
  /** @default 300 */
  TokenSeconds: z._default(z.coerce.number().check(z.int(), z.gte(60), z.lte(3600)), TOKEN_SECONDS),
});
/** Parsed properties. */
export type ProvisioningProperties = z.infer<typeof provisioningPropertiesSchema>;

/**
 * Validates the resource properties.
 * @throws Error naming every bad property.
 */
export function parseProvisioningProperties(input: unknown): ProvisioningProperties {
  const parsed = provisioningPropertiesSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(
    `invalid Grafana provisioning properties: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
}

/** The physical id of the resource: one per workspace, so a new workspace means a new resource. */
export function provisioningResourceId(workspaceId: string): string {
  return `aiops-grafana-provisioning-${workspaceId}`;
}
