/**
 * The `service` label of the appliance gauges, bounded per tenant like the other
 * tenant-chosen labels (see `label-bound.ts`). Service names come from heartbeats, not from
 * the decision stream: the heartbeat ingest admits them before it stores the heartbeat (and
 * counts the heartbeats whose services were folded), and the exporter only reads which were
 * admitted, so a stored service's label is decided before any export sees it and reads the
 * same on every export.
 */
import type { ApplianceState } from '../ports.ts';
import { METRICS } from './catalog.ts';
import { foldedKey, type LabelValueRegistry, RESERVED_LABEL_VALUES } from './label-bound.ts';
import { boundLabel, OTHER_LABEL_VALUE } from './labels.ts';

/** The label value of a service of a tenant's appliance. */
export type ServiceLabels = (customerId: string, service: string) => string;

/** Every service kept as its own label value (nothing bounded). */
export const UNBOUNDED_SERVICE_LABELS: ServiceLabels = (_customerId, service) => boundLabel(service);

/**
 * The distinct label values of service names, sorted (so that a heartbeat, or a tenant's
 * fleet, asks the registry in the same order every time), reserved values left out.
 * @example serviceValues(['smbd', 'named', 'smbd']) // ['named', 'smbd']
 */
export function serviceValues(names: Iterable<string>): string[] {
  const values = new Set<string>();
  for (const name of names) values.add(boundLabel(name));
  return [...values].filter((v) => !RESERVED_LABEL_VALUES.has(v)).sort();
}

/**
 * Admits the service names one heartbeat reports for its tenant; the set of those it may use.
 * @example await admitServices(registry, 'acme', Object.keys(heartbeat.services))
 */
export function admitServices(
  registry: LabelValueRegistry,
  customerId: string,
  names: Iterable<string>,
): Promise<ReadonlySet<string>> {
  return registry.admit(customerId, 'service', serviceValues(names));
}

/**
 * What a heartbeat adds to the metric totals: one `aiops_label_values_folded_total` for its
 * tenant when any of its services is past the bound, else nothing.
 * @example heartbeatFoldIncrements('acme', ['named', 'x-99'], new Set(['named'])) // Map { '…folded_total{…}' => 1 }
 */
export function heartbeatFoldIncrements(
  customerId: string,
  names: Iterable<string>,
  admitted: ReadonlySet<string>,
): Map<string, number> {
  const folded = serviceValues(names).some((v) => !admitted.has(v));
  return new Map(folded ? [[foldedKey(customerId, METRICS.applianceServiceUp.name, 'service'), 1]] : []);
}

/**
 * The service labels of every appliance: the service names the heartbeats got admitted for
 * their tenant keep their name (one registry call per tenant), the others read `other`.
 * @example const labels = await serviceLabelsOf(await store.allLatest(), registry)
 */
export async function serviceLabelsOf(
  appliances: readonly ApplianceState[],
  registry: LabelValueRegistry,
): Promise<ServiceLabels> {
  const names = new Map<string, Set<string>>();
  for (const a of appliances) {
    const own = names.get(a.customerId) ?? new Set<string>();
    for (const service of Object.keys(a.services)) own.add(service);
    names.set(a.customerId, own);
  }
  const admitted = new Map<string, ReadonlySet<string>>();
  for (const [customerId, all] of names)
    admitted.set(customerId, await registry.admitted(customerId, 'service', serviceValues(all)));
  return (customerId, service) => {
    const value = boundLabel(service);
    return RESERVED_LABEL_VALUES.has(value) || admitted.get(customerId)?.has(value)
      ? value
      : OTHER_LABEL_VALUE;
  };
}
