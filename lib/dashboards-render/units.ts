/** Values as Grafana shows them for the units the dashboards use. */

const trim = (n: number, decimals?: number): string => {
  if (decimals !== undefined) return n.toFixed(decimals);
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(n.toFixed(digits)));
};

function compact(n: number, decimals?: number): string {
  const abs = Math.abs(n);
  for (const [size, suffix] of [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ] as const) {
    if (abs >= size) return `${trim(n / size, decimals ?? 1)}${suffix}`;
  }
  return trim(n, decimals);
}

function duration(seconds: number, decimals?: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1) return `${trim(seconds * 1000, decimals)} ms`;
  if (abs < 60) return `${trim(seconds, decimals)} s`;
  if (abs < 3600) return `${trim(seconds / 60, decimals ?? 1)} min`;
  if (abs < 86_400) return `${trim(seconds / 3600, decimals ?? 1)} h`;
  return `${trim(seconds / 86_400, decimals ?? 1)} d`;
}

/**
 * A value in a Grafana unit (`percentunit`, `percent`, `s`, `reqps`, `short`, `none`; others
 * are appended as they are). Non-finite values read `NaN`, `+Inf`, `-Inf`.
 * @example formatValue(0.9876, 'percentunit', 1) // '98.8%'
 * @example formatValue(95, 's') // '1.6 min'
 */
export function formatValue(value: number, unit = 'short', decimals?: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'percentunit':
      return `${trim(value * 100, decimals)}%`;
    case 'percent':
      return `${trim(value, decimals)}%`;
    case 's':
      return duration(value, decimals);
    case 'reqps':
      return `${compact(value, decimals)} req/s`;
    case 'short':
    case 'none':
    case '':
      return compact(value, decimals);
    default:
      return `${trim(value, decimals)} ${unit}`;
  }
}
