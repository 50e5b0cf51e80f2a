import * as z from '#contract/zod';

const stringMap = z.record(z.string(), z.string());

/** One alert of an Alertmanager notification. */
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: z._default(stringMap, {}),
  annotations: z._default(stringMap, {}),
  /** RFC 3339 in the webhook; Go's time format in AWS's JSON template for SNS. */
  startsAt: z.string(),
  endsAt: z.optional(z.string()),
  generatorURL: z.optional(z.string()),
  fingerprint: z.optional(z.string()),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

/**
 * Alertmanager's webhook payload, version 4 (`webhook_config`): one notification of one
 * alert group. AMP's SNS receiver carries the same fields when its `sns.default.message`
 * template renders them as JSON (AWS's documented template); fields it leaves out
 * (`version`, `truncatedAlerts`, empty label maps) are optional here.
 */
export const alertmanagerWebhookSchema = z.looseObject({
  version: z.optional(z.string()),
  groupKey: z.optional(z.string()),
  /** Alerts left out because of the receiver's `max_alerts`. */
  truncatedAlerts: z.optional(z.number().check(z.int(), z.gte(0))),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: z._default(stringMap, {}),
  commonLabels: z._default(stringMap, {}),
  commonAnnotations: z._default(stringMap, {}),
  externalURL: z.optional(z.string()),
  alerts: z.array(alertmanagerAlertSchema).check(z.minLength(1)),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
