/** Grafana's colours: the classic series palette, named colours, thresholds and value mappings. */
import type { FieldDefaults } from './dashboard-json.ts';

/** Grafana's classic palette, for series in order. */
export const PALETTE = [
  '#7EB26D',
  '#EAB839',
  '#6ED0E0',
  '#EF843C',
  '#E24D42',
  '#1F78C1',
  '#BA43A9',
  '#705DA0',
  '#508642',
  '#CCA300',
] as const;

const NAMED: Readonly<Record<string, string>> = {
  green: '#73BF69',
  red: '#F2495C',
  orange: '#FF9830',
  yellow: '#FADE2A',
  blue: '#5794F2',
  purple: '#B877D9',
  text: '#333333',
};

/** The colour of the n-th series. */
export const seriesColor = (index: number): string => PALETTE[index % PALETTE.length] as string;

/** A Grafana colour name (`green`) or CSS colour as a CSS colour. */
export const cssColor = (color: string): string => NAMED[color] ?? color;

/**
 * The colour of the highest threshold step at or below `value` (the base step has `null`).
 * @example thresholdColor(0.95, [{ value: null, color: 'red' }, { value: 0.9, color: 'green' }]) // '#73BF69'
 */
export function thresholdColor(
  value: number,
  steps: readonly { readonly value: number | null; readonly color: string }[] | undefined,
): string | undefined {
  let color: string | undefined;
  for (const step of steps ?? []) if (step.value === null || value >= step.value) color = step.color;
  return color === undefined ? undefined : cssColor(color);
}

/**
 * The text and colour a value mapping gives a value, if any (value mappings only).
 * @example mapValue(0, [{ type: 'value', options: { '0': { text: 'down', color: 'red' } } }]) // { text: 'down', color: '#F2495C' }
 */
export function mapValue(
  value: number,
  mappings: FieldDefaults['mappings'],
): { text: string; color?: string } | undefined {
  for (const m of mappings ?? []) {
    if (m.type !== 'value') continue;
    const hit = m.options?.[String(value)];
    if (hit) return { text: hit.text ?? String(value), ...(hit.color ? { color: cssColor(hit.color) } : {}) };
  }
  return undefined;
}
