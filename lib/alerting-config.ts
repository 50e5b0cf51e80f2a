import * as z from 'zod';
import { PAGERDUTY_EVENTS_URL } from '#domain/alerts/pagerduty-event';
import { alertRoutesSchema, labelNameSchema } from '#domain/alerts/routing';

/**
 * Settings of the alert fan-out (alerting stack), the `alerting` key of the deployment
 * settings: `-c alerting='{"email":"ops@example.com"}'` or a config file's `"alerting": {...}`.
 */
export const alertingConfigSchema = z.strictObject({
  /**
   * Receivers by severity, each an array of `pagerduty`, `slack`, `email` (one EventBridge rule
   * per receiver on the alerts bus).
   * @default { critical: ['pagerduty'], warning: ['slack'], info: ['email'] }
   */
  routes: z.prefault(alertRoutesSchema, {}),
  /**
   * Labels that split alerts of one name into groups; a group pages once and resolves once.
   * The tenant (`customer_id`) always splits them too, listed here or not.
   * @default ['alertname']
   */
  groupBy: z.array(labelNameSchema).min(1).max(10).default(['alertname']),
  /** Address subscribed to the e-mail topic (it must confirm the subscription). @default - none */
  email: z.email().optional(),
  /** Base of the rules' repo-relative runbook paths, e.g. `https://github.com/acme/aiops/blob/main/`. @default - no runbook links */
  runbookBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Grafana base URL for dashboard links. @default - the observability stack's Managed Grafana */
  grafanaUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Trace link with `{traceId}`. @default - the X-Ray trace in the CloudWatch console of the stack's region */
  traceUrlTemplate: z
    .string()
    .refine((s) => s.includes('{traceId}'), { message: 'must contain {traceId}' })
    .optional(),
  /** PagerDuty Events API v2 endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue). */
  pagerDutyEventsUrl: z.url({ protocol: /^https$/ }).default(PAGERDUTY_EVENTS_URL),
  /** An existing secret (name or ARN) holding the PagerDuty routing key. @default - `<prefix>/alerting/pagerduty-routing-key`, created */
  pagerDutySecret: z.string().min(1).optional(),
  /** An existing secret (name or ARN) holding the Slack webhook URL. @default - `<prefix>/alerting/slack-webhook-url`, created */
  slackSecret: z.string().min(1).optional(),
  /** Concurrent deliveries per receiver (SQS event source maximum concurrency, 2 to 1000). @default 2 */
  deliveryConcurrency: z.coerce.number().int().min(2).max(1000).default(2),
});

/** Alert fan-out settings, validated. */
export type AlertingConfig = z.infer<typeof alertingConfigSchema>;
