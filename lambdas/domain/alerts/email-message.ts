import type { AlertNotice } from './alert-group.ts';
import { summaryWithTenant, tenantOf } from './alert-tenant.ts';

/** An e-mail through the SNS topic: SNS takes a subject of ≤ 100 printable ASCII characters. */
export interface EmailMessage {
  readonly subject: string;
  readonly body: string;
}

/** Printable ASCII only (SNS rejects control and non-ASCII characters in e-mail subjects). */
const asciiSubject = (s: string): string => {
  const clean = s
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= 100 ? clean : `${clean.slice(0, 97)}...`;
};

/**
 * The e-mail for a notice: `[FIRING] info: <name> - <summary>` as the subject (the summary
 * naming the tenant), and a plain text body with the customer, description, labels and links.
 */
export function emailMessage(notice: AlertNotice): EmailMessage {
  const { event } = notice;
  const state = notice.action === 'trigger' ? 'FIRING' : 'RESOLVED';
  const tenant = tenantOf(event);
  const summary = summaryWithTenant(event);
  const lines = [
    `${state}: ${summary}`,
    '',
    ...(event.description ? [event.description, ''] : []),
    ...(tenant ? [`Customer:  ${tenant}`] : []),
    `Alert:     ${event.name} (${event.source})`,
    `Severity:  ${event.severity}`,
    `Started:   ${event.startsAt}`,
    ...(notice.action === 'resolve' && event.endsAt ? [`Resolved:  ${event.endsAt}`] : []),
    ...(notice.firingCount > 1 ? [`Firing:    ${notice.firingCount} alerts in this group`] : []),
    '',
    'Labels:',
    ...Object.entries(event.labels).map(([k, v]) => `  ${k} = ${v}`),
    '',
    ...(event.runbook ? [`Runbook:   ${event.runbook}`] : []),
    ...(event.links.dashboard ? [`Dashboard: ${event.links.dashboard}`] : []),
    ...(event.links.trace ? [`Trace:     ${event.links.trace}`] : []),
    ...(event.links.source ? [`Source:    ${event.links.source}`] : []),
    '',
    `Group: ${notice.groupKey}`,
  ];
  return {
    subject: asciiSubject(`[${state}] ${event.severity}: ${event.name} - ${summary}`) || `[${state}] alert`,
    body: lines.join('\n'),
  };
}
