import { contentHash, sha256Hex } from '../hashing.ts';
import { type AlertEvent, type AlertSource, MAX_DEDUP_KEY_LENGTH } from './alert-event.ts';
import { TENANT_LABEL } from './alert-tenant.ts';

/** Cuts text to `max` characters, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Name part of a key: readable, without the separator, bounded. */
const keyPart = (s: string, max: number): string => truncate(s.replace(/[/\s]+/g, '_'), max);

/**
 * The dedup key of one alert: `<source>/<name>/<16 hex of the identity's hash>`, e.g.
 * `prometheus/ApplianceServiceDown/3f9a0c1d2e4b5a69`. Same rule and labels (or the same
 * alarm ARN), same key, for firing and resolved alike; at most 255 characters.
 */
export function dedupKey(
  source: AlertSource,
  name: string,
  identity: Readonly<Record<string, string>>,
): string {
  return `${source}/${keyPart(name, 200)}/${contentHash(identity).slice(0, 16)}`;
}

/**
 * The key alerts are grouped under for one receiver: source, name and the values of the
 * `groupBy` labels the alert has (`alertname` is the name already), and always its tenant
 * (`customer_id`): tenants never share a group, whatever `groupBy` says. Every alert of a
 * group shares one PagerDuty incident (it is the `dedup_key`) and one notification per change
 * of the group between firing and resolved, like Alertmanager's `group_by`.
 * @example groupKey(event, ['alertname', 'appliance_id']) // 'prometheus/ApplianceServiceDown{appliance_id="a1",customer_id="acme"}'
 */
export function groupKey(
  event: Pick<AlertEvent, 'source' | 'name' | 'labels'>,
  groupBy: readonly string[],
): string {
  const pairs = [...new Set([...groupBy, TENANT_LABEL])]
    .filter((label) => label !== 'alertname' && event.labels[label] !== undefined)
    .sort()
    .map((label) => `${label}=${JSON.stringify(event.labels[label])}`);
  const base = `${event.source}/${keyPart(event.name, 200)}`;
  if (pairs.length === 0) return base;
  const readable = `${base}{${pairs.join(',')}}`;
  return readable.length <= MAX_DEDUP_KEY_LENGTH
    ? readable
    : `${base}/${sha256Hex(pairs.join(',')).slice(0, 16)}`;
}
