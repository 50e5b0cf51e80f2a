/**
 * Text made safe for HTML and SVG, in element content and in quoted attributes.
 * @example esc('<a & "b">') // '&lt;a &amp; &quot;b&quot;&gt;'
 */
export function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A number for an SVG coordinate: two decimals at most. */
export const px = (n: number): string => String(Math.round(n * 100) / 100);
