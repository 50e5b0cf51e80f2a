import * as z from '#contract/zod';
import type { AlertNotice } from './alert-group.ts';
import { truncate } from './alert-keys.ts';
import { summaryWithTenant, tenantOf } from './alert-tenant.ts';

const plainText = (max: number) =>
  z.strictObject({
    type: z.literal('plain_text'),
    text: z.string().check(z.minLength(1), z.maxLength(max)),
    emoji: z.optional(z.boolean()),
  });
const mrkdwn = (max: number) =>
  z.strictObject({
    type: z.literal('mrkdwn'),
    text: z.string().check(z.minLength(1), z.maxLength(max)),
    verbatim: z.optional(z.boolean()),
  });
const textObject = (max: number) => z.union([plainText(max), mrkdwn(max)]);
const blockId = z.optional(z.string().check(z.maxLength(255)));

/**
 * The Block Kit blocks these messages use, with Slack's documented limits: header text
 * plain_text ≤ 150 characters; section text ≤ 3000, or up to 10 fields of ≤ 2000 each;
 * context up to 10 elements; `block_id` ≤ 255.
 */
export const slackBlockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('header'), text: plainText(150), block_id: blockId }),
  z
    .strictObject({
      type: z.literal('section'),
      text: z.optional(textObject(3000)),
      fields: z.optional(z.array(textObject(2000)).check(z.minLength(1), z.maxLength(10))),
      block_id: blockId,
    })
    .check(z.refine((s) => s.text || s.fields, { message: 'a section needs text or fields' })),
  z.strictObject({
    type: z.literal('context'),
    elements: z.array(textObject(3000)).check(z.minLength(1), z.maxLength(10)),
    block_id: blockId,
  }),
  z.strictObject({ type: z.literal('divider'), block_id: blockId }),
]);

/**
 * An incoming webhook message: `text` is the fallback shown in notifications (required
 * with blocks), `blocks` at most 50.
 */
export const slackMessageSchema = z.strictObject({
  text: z.string().check(z.minLength(1), z.maxLength(40_000)),
  blocks: z.optional(z.array(slackBlockSchema).check(z.minLength(1), z.maxLength(50))),
  unfurl_links: z.optional(z.boolean()),
  unfurl_media: z.optional(z.boolean()),
});
export type SlackMessage = z.infer<typeof slackMessageSchema>;
type Block = z.infer<typeof slackBlockSchema>;

/** Slack treats `&`, `<` and `>` as markup (`<!channel>` would notify everyone): escaped. */
export const escapeSlack = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const linkTo = (href: string, label: string): string =>
  `<${href.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${label}>`;

const EMOJI = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
} as const;

/**
 * A readable Slack message for a notice: a header with state and alert name, the summary
 * (naming the tenant) and description, customer / severity / state / source / times as
 * fields, the labels, and links to the runbook, dashboard, trace and source; `text` is the
 * one-line fallback.
 */
export function slackMessage(notice: AlertNotice): SlackMessage {
  const { event } = notice;
  const firing = notice.action === 'trigger';
  const state = firing ? 'FIRING' : 'RESOLVED';
  const emoji = firing ? EMOJI[event.severity] : ':white_check_mark:';
  const more = notice.firingCount > 1 ? ` (+${notice.firingCount - 1} more)` : '';
  const tenant = tenantOf(event);
  const summary = summaryWithTenant(event);
  const fields = [
    ...(tenant ? [`*Customer*\n${tenant}`] : []),
    `*Severity*\n${event.severity}`,
    `*State*\n${firing ? 'firing' : 'resolved'}`,
    `*Source*\n${event.source}`,
    `*Started*\n${event.startsAt}`,
    ...(!firing && event.endsAt ? [`*Resolved*\n${event.endsAt}`] : []),
    ...(notice.firingCount > 1 ? [`*Firing in group*\n${notice.firingCount}`] : []),
  ];
  const labels = Object.entries(event.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
  const links = [
    event.runbook && linkTo(event.runbook, 'Runbook'),
    event.links.dashboard && linkTo(event.links.dashboard, 'Dashboard'),
    event.links.trace && linkTo(event.links.trace, 'Trace'),
    event.links.source && linkTo(event.links.source, event.source === 'cloudwatch' ? 'Alarm' : 'Prometheus'),
  ].filter((l): l is string => Boolean(l) && (l as string).length <= 700);
  const body = `*${escapeSlack(summary)}*${escapeSlack(more)}${event.description ? `\n${escapeSlack(event.description)}` : ''}`;
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${state} · ${event.name}`, 150), emoji: true },
    },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`${emoji} ${body}`, 3000) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn' as const, text: escapeSlack(text) })) },
    ...(labels
      ? [
          {
            type: 'context' as const,
            elements: [{ type: 'mrkdwn' as const, text: truncate(escapeSlack(labels), 2000) }],
          },
        ]
      : []),
    ...(links.length
      ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: links.join('  ·  ') } }]
      : []),
  ];
  return {
    text: truncate(
      escapeSlack(`${emoji} [${state}] ${event.severity}: ${event.name} — ${summary}${more}`),
      3000,
    ),
    blocks,
  };
}
