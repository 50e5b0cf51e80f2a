/** The value a label takes when the record has none. */
export const UNKNOWN_LABEL_VALUE = 'unknown';

/**
 * The labels whose values tenants choose (an agent's intent actions, model names and playbook
 * types, an appliance's service names): each tenant may bring a bounded number of distinct
 * values per label (see `label-bound.ts`).
 */
export const TENANT_CHOSEN_LABELS = ['action', 'model', 'playbook_type', 'service'] as const;
/** A label of {@link TENANT_CHOSEN_LABELS}. */
export type TenantChosenLabel = (typeof TENANT_CHOSEN_LABELS)[number];

/** The value a tenant's label value is counted under once the tenant is past its bound. */
export const OTHER_LABEL_VALUE = 'other';

/**
 * Longest label value kept, in code points: the contract's short names (model, playbook
 * type, service) are at most 128, so only values that bypassed the contract are cut.
 */
export const MAX_LABEL_VALUE_LENGTH = 128;

/**
 * A label value that keeps series bounded: absent, empty or non-scalar values read
 * `unknown`, numbers and booleans read as text, and long text is cut to `maxLength` code
 * points (never inside a surrogate pair). Truncation bounds the size of a series key, not
 * the number of distinct values: that is the contract's job (see the catalog).
 * @param maxLength @default MAX_LABEL_VALUE_LENGTH
 * @example boundLabel(undefined) // 'unknown'
 * @example boundLabel('dns.add_record') // 'dns.add_record'
 */
export function boundLabel(value: unknown, maxLength: number = MAX_LABEL_VALUE_LENGTH): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    text = String(value);
  else return UNKNOWN_LABEL_VALUE;
  if (text.length === 0) return UNKNOWN_LABEL_VALUE;
  if (text.length <= maxLength) return text;
  return Array.from(text).slice(0, maxLength).join('');
}
