import * as z from 'zod';

const stringMap = z.record(z.string(), z.string());

/** One alert of an Alertmanager notification. */
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap.default({}),
  annotations: stringMap.default({}),
  /** RFC 3339 in the webhook; Go's time format in AWS's JSON template for SNS. */
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

/**
 * Alertmanager's webhook payload, version 4 (`webhook_config`): one notification of one
 * alert group. AMP's SNS receiver carries the same fields when its `sns.default.message`
 * template renders them as JSON (AWS's documented template); fields it leaves out
 * (`version`, `truncatedAlerts`, empty label maps) are optional here.
 */
export const alertmanagerWebhookSchema = z.looseObject({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  /** Alerts left out because of the receiver's `max_alerts`. */
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(alertmanagerAlertSchema).min(1),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
