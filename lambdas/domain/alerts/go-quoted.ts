const u = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
const HEX = /^[0-9a-fA-F]+$/;

/**
 * Rewrites the escapes of Go's `%q` (strconv.Quote) that JSON lacks — `\a`, `\v`, `\xNN` and
 * `\UNNNNNNNN` — as JSON `\u` escapes, and raw control characters (which Go's `{{ .Value }}`
 * prints as they are) too; every other character and escape is kept. Templates that build JSON
 * with `printf "%q"` then parse, whatever the alert's text holds.
 * @example JSON.parse(goQuotedToJson('"bell\\a"')) // 'bell\u0007'
 */
export function goQuotedToJson(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const code = c.charCodeAt(0);
    if (code < 0x20) {
      out += u(code);
      continue;
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[i + 1] ?? '';
    const hex = (n: number) => text.slice(i + 2, i + 2 + n);
    if (next === 'a') out += u(7);
    else if (next === 'v') out += u(0x0b);
    else if (next === 'x' && HEX.test(hex(2)) && hex(2).length === 2) {
      out += u(Number.parseInt(hex(2), 16));
      i += 2;
    } else if (next === 'U' && HEX.test(hex(8)) && hex(8).length === 8) {
      const cp = Number.parseInt(hex(8), 16);
      out +=
        cp > 0x10ffff
          ? u(0xfffd)
          : String.fromCodePoint(cp)
              .split('')
              .map((unit) => u(unit.charCodeAt(0)))
              .join('');
      i += 8;
    } else out += `\\${next}`;
    i += 1;
  }
  return out;
}
