import type { AlertEvent } from './alert-event.ts';

/**
 * The label naming an alert's tenant. Appliance ids (and most names in the metrics) are the
 * tenant's own, so an alert is only identified together with its tenant: the group key, the
 * PagerDuty dedup key and every notice's text carry it.
 */
export const TENANT_LABEL = 'customer_id';

/**
 * The tenant an alert concerns, or `undefined` for a platform alert (API latency, pipeline lag,
 * a CloudWatch alarm).
 * @example tenantOf({ labels: { customer_id: 'acme' } }) // 'acme'
 */
export function tenantOf(event: Pick<AlertEvent, 'labels'>): string | undefined {
  const tenant = event.labels[TENANT_LABEL];
  return tenant === undefined || tenant === '' ? undefined : tenant;
}

/**
 * The alert's one-line summary, naming its tenant: unchanged when it already says
 * `customer <id>` (the rules' summaries do) or the alert has no tenant, else followed by
 * ` (customer <id>)`, so a page or a message never leaves the reader to guess whose appliance
 * it is.
 * @example summaryWithTenant({ summary: 'Service dns down on gw-01', labels: { customer_id: 'acme' } })
 * // 'Service dns down on gw-01 (customer acme)'
 */
export function summaryWithTenant(event: Pick<AlertEvent, 'summary' | 'labels'>): string {
  const tenant = tenantOf(event);
  if (tenant === undefined || event.summary.includes(`customer ${tenant}`)) return event.summary;
  return `${event.summary} (customer ${tenant})`;
}
