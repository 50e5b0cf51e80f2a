/** Bar gauges, donuts and dials as inline SVG, one value per series. */
import { seriesColor } from './colors.ts';
import { esc, px } from './escape.ts';
import { formatValue } from './units.ts';

/** One named value to draw. */
export interface Slice {
  readonly name: string;
  readonly value: number;
  /** CSS colour; the palette's n-th colour when absent. */
  readonly color?: string;
}

const ROW = 24;

/**
 * Horizontal bars, one per value, scaled between `min` (default 0) and `max` (default the
 * largest value), with the name on the left and the formatted value on the right.
 */
export function barsSvg(
  slices: readonly Slice[],
  o: { readonly width: number; readonly unit?: string; readonly min?: number; readonly max?: number },
): string {
  const lo = o.min ?? 0;
  const hi = o.max ?? Math.max(lo + 1e-9, ...slices.map((s) => s.value).filter(Number.isFinite));
  const labelW = Math.min(200, o.width * 0.35);
  const valueW = 80;
  const barW = Math.max(10, o.width - labelW - valueW - 12);
  const height = slices.length * ROW + 4;
  const rows = slices
    .map((s, i) => {
      const y = i * ROW + 2;
      const f = Number.isFinite(s.value) ? Math.min(1, Math.max(0, (s.value - lo) / (hi - lo))) : 0;
      const color = s.color ?? seriesColor(i);
      return (
        `<text x="${px(labelW - 6)}" y="${y + 15}" text-anchor="end">${esc(s.name)}</text>` +
        `<rect x="${px(labelW)}" y="${y + 3}" width="${px(barW)}" height="${ROW - 8}" class="track"/>` +
        `<rect x="${px(labelW)}" y="${y + 3}" width="${px(barW * f)}" height="${ROW - 8}" fill="${esc(color)}"/>` +
        `<text x="${px(labelW + barW + 6)}" y="${y + 15}">${esc(formatValue(s.value, o.unit))}</text>`
      );
    })
    .join('');
  return `<svg class="bars" width="${o.width}" height="${height}" viewBox="0 0 ${o.width} ${height}" role="img">${rows}</svg>`;
}

/** A donut of the shares of positive values (a ring with no values draws empty). */
export function donutSvg(slices: readonly Slice[], o: { readonly size: number }): string {
  const r = o.size / 2 - 14;
  const c = 2 * Math.PI * r;
  const total = slices.reduce((sum, s) => sum + (Number.isFinite(s.value) && s.value > 0 ? s.value : 0), 0);
  let offset = 0;
  const arcs = slices
    .map((s, i) => {
      const share = total > 0 && Number.isFinite(s.value) && s.value > 0 ? s.value / total : 0;
      const arc =
        `<circle cx="${o.size / 2}" cy="${o.size / 2}" r="${px(r)}" fill="none" stroke="${esc(s.color ?? seriesColor(i))}" stroke-width="22" ` +
        `stroke-dasharray="${px(share * c)} ${px(c)}" stroke-dashoffset="${px(-offset * c)}" transform="rotate(-90 ${o.size / 2} ${o.size / 2})">` +
        `<title>${esc(s.name)}: ${(share * 100).toFixed(1)}%</title></circle>`;
      offset += share;
      return share > 0 ? arc : '';
    })
    .join('');
  return `<svg class="donut" width="${o.size}" height="${o.size}" viewBox="0 0 ${o.size} ${o.size}" role="img"><circle cx="${o.size / 2}" cy="${o.size / 2}" r="${px(r)}" fill="none" class="ring" stroke-width="22"/>${arcs}</svg>`;
}

/** A half-circle dial from `min` to `max`, filled up to the value, the value written below. */
export function gaugeSvg(
  value: number,
  o: {
    readonly width: number;
    readonly min: number;
    readonly max: number;
    readonly color: string;
    readonly unit?: string;
  },
): string {
  const r = Math.min(o.width / 2 - 16, 70);
  const cx = o.width / 2;
  const cy = r + 12;
  const half = Math.PI * r;
  const f = Number.isFinite(value) ? Math.min(1, Math.max(0, (value - o.min) / (o.max - o.min || 1))) : 0;
  const arc = `M${px(cx - r)},${px(cy)} A${px(r)},${px(r)} 0 0 1 ${px(cx + r)},${px(cy)}`;
  const height = cy + 34;
  return (
    `<svg class="gauge" width="${o.width}" height="${height}" viewBox="0 0 ${o.width} ${height}" role="img">` +
    `<path d="${arc}" fill="none" class="ring" stroke-width="16"/>` +
    `<path d="${arc}" fill="none" stroke="${esc(o.color)}" stroke-width="16" stroke-dasharray="${px(half * f)} ${px(half)}"/>` +
    `<text x="${px(cx)}" y="${px(cy + 26)}" text-anchor="middle" class="big" fill="${esc(o.color)}">${esc(formatValue(value, o.unit))}</text></svg>`
  );
}
