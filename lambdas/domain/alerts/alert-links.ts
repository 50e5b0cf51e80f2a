import type { AlertEvent, AlertLinkSettings } from './alert-event.ts';

const absolute = (value: string): string | undefined => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'file:'
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
};

const withSlash = (base: string): string => (base.endsWith('/') ? base : `${base}/`);

/**
 * The runbook's absolute URL: an absolute annotation as it is, a repo-relative path
 * (`runbooks/service-down.md`) under `runbookBaseUrl`; `undefined` when there is no base.
 * @example runbookUrl('runbooks/a.md', { runbookBaseUrl: 'https://git.example/r/blob/main' })
 *   // 'https://git.example/r/blob/main/runbooks/a.md'
 */
export function runbookUrl(path: string | undefined, settings: AlertLinkSettings): string | undefined {
  if (!path) return undefined;
  const direct = absolute(path);
  if (direct) return direct;
  if (!settings.runbookBaseUrl) return undefined;
  return absolute(new URL(path.replace(/^\/+/, ''), withSlash(settings.runbookBaseUrl)).href);
}

/**
 * A Grafana dashboard link from a dashboard uid (`${grafanaUrl}/d/<uid>`), or an absolute URL
 * as it is; `undefined` without a Grafana URL.
 * @example dashboardUrl('aiops-appliance-health', { grafanaUrl: 'https://g.example' }) // 'https://g.example/d/aiops-appliance-health'
 */
export function dashboardUrl(uid: string | undefined, settings: AlertLinkSettings): string | undefined {
  if (!uid) return undefined;
  const direct = absolute(uid);
  if (direct) return direct;
  if (!settings.grafanaUrl || !/^[A-Za-z0-9_-]{1,40}$/.test(uid)) return undefined;
  return absolute(`${withSlash(settings.grafanaUrl)}d/${uid}`);
}

/** Label or annotation names that carry a trace id, in order of preference. */
export const TRACE_ID_KEYS = ['trace_id', 'traceId', 'trace'] as const;

/** W3C (32 hex) or X-Ray (`1-8hex-24hex`) trace ids; anything else is not linked. */
const TRACE_ID = /^(?:[0-9a-f]{32}|1-[0-9a-f]{8}-[0-9a-f]{24})$/;

/**
 * The trace link for the first trace id found in `sources` (labels, then annotations),
 * from `traceUrlTemplate` with `{traceId}` replaced.
 */
export function traceUrl(
  sources: readonly Readonly<Record<string, string>>[],
  settings: AlertLinkSettings,
): string | undefined {
  if (!settings.traceUrlTemplate) return undefined;
  for (const source of sources) {
    for (const key of TRACE_ID_KEYS) {
      const id = source[key]?.trim().toLowerCase();
      if (id && TRACE_ID.test(id)) return absolute(settings.traceUrlTemplate.replaceAll('{traceId}', id));
    }
  }
  return undefined;
}

/** Drops the links that are `undefined` (the schema is strict about absent vs undefined). */
export function compactLinks(
  links: Record<keyof AlertEvent['links'], string | undefined>,
): AlertEvent['links'] {
  return Object.fromEntries(Object.entries(links).filter(([, v]) => v !== undefined)) as AlertEvent['links'];
}
