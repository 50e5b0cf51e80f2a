import * as z from '#contract/zod';
import type { AlertNotice } from './alert-group.ts';
import { truncate } from './alert-keys.ts';
import { summaryWithTenant, tenantOf } from './alert-tenant.ts';

/** PagerDuty's public Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const link = z.strictObject({ href: z.url(), text: z.optional(z.string()) });

/**
 * A PagerDuty Events API v2 event (`POST /v2/enqueue`), as PagerDuty documents it: an
 * integration's `routing_key`, `event_action` trigger, acknowledge or resolve, a `dedup_key` of
 * at most 255 characters (required unless triggering), and for a trigger a `payload` with
 * `summary` (≤ 1024), `source` and `severity` (critical, error, warning, info), plus optional
 * `timestamp`, `component`, `group`, `class`, `custom_details`; `client`, `client_url`,
 * `links` and `images` are optional and used by triggers only.
 */
export const pagerDutyEventSchema = z
  .strictObject({
    routing_key: z.string().check(z.minLength(1)),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
    payload: z.optional(
      z.strictObject({
        summary: z.string().check(z.minLength(1), z.maxLength(1024)),
        source: z.string().check(z.minLength(1)),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: z.optional(z.iso.datetime({ offset: true })),
        component: z.optional(z.string()),
        group: z.optional(z.string()),
        class: z.optional(z.string()),
        custom_details: z.optional(z.record(z.string(), z.unknown())),
      }),
    ),
    client: z.optional(z.string()),
    client_url: z.optional(z.url()),
    links: z.optional(z.array(link)),
    images: z.optional(
      z.array(z.strictObject({ src: z.url(), href: z.optional(z.url()), alt: z.optional(z.string()) })),
    ),
  })
  .check(
    z.superRefine((event, ctx) => {
      if (event.event_action === 'trigger' && !event.payload)
        ctx.addIssue({ code: 'custom', path: ['payload'], message: 'a trigger needs a payload' });
      if (event.event_action !== 'trigger' && !event.dedup_key)
        ctx.addIssue({
          code: 'custom',
          path: ['dedup_key'],
          message: `${event.event_action} needs a dedup_key`,
        });
    }),
  );
export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>;

/**
 * The PagerDuty event for a notice: a trigger with the alert's summary, labels and links, or a
 * resolve; both with the group's key as `dedup_key`, so the resolve closes the incident the
 * trigger opened. The group key holds the tenant, so two tenants never share an incident; the
 * summary names the tenant, `group` is the tenant, and `source` the appliance as
 * `<customer_id>/<appliance_id>` (appliance ids are unique per tenant only).
 */
export function pagerDutyEvent(notice: AlertNotice, routingKey: string): PagerDutyEvent {
  const { event } = notice;
  const base = { routing_key: routingKey, dedup_key: truncate(notice.groupKey, 255) };
  if (notice.action === 'resolve') return { ...base, event_action: 'resolve' };
  const more = notice.firingCount > 1 ? ` (+${notice.firingCount - 1} more)` : '';
  const links = [
    event.runbook && { href: event.runbook, text: 'Runbook' },
    event.links.dashboard && { href: event.links.dashboard, text: 'Dashboard' },
    event.links.trace && { href: event.links.trace, text: 'Trace' },
    event.links.source && {
      href: event.links.source,
      text: event.source === 'cloudwatch' ? 'CloudWatch alarm' : 'Prometheus',
    },
  ].filter((l): l is { href: string; text: string } => Boolean(l));
  const labels = event.labels;
  const tenant = tenantOf(event);
  const where = labels.appliance_id ?? labels.instance ?? labels.region;
  return {
    ...base,
    event_action: 'trigger',
    payload: {
      summary: truncate(`${summaryWithTenant(event)}${more}`, 1024),
      source: where ? (tenant ? `${tenant}/${where}` : where) : `aiops ${event.source}`,
      severity: event.severity,
      timestamp: event.startsAt,
      class: event.name,
      ...(labels.service ? { component: labels.service } : {}),
      ...(tenant ? { group: tenant } : {}),
      custom_details: {
        description: event.description,
        firing_alerts: notice.firingCount,
        labels,
        alert_dedup_key: event.dedupKey,
        ...(event.runbook ? { runbook: event.runbook } : {}),
      },
    },
    client: 'aiops-observability',
    ...(event.links.dashboard ? { client_url: event.links.dashboard } : {}),
    ...(links.length ? { links } : {}),
  };
}
