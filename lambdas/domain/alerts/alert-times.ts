/** RFC 3339 with any number of fractional digits and `Z`, `±hh:mm` or `±hhmm`. */
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|z|[+-]\d{2}:?\d{2})$/;
/** Go's `time.Time.String()`, which Alertmanager templates print: `2023-02-06 13:08:45.828 +0000 UTC`. */
const GO_TIME =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-]\d{4})(?: [A-Za-z0-9+-]+)?(?: m=[+-][\d.]+)?$/;

/**
 * An alert timestamp as ISO 8601 (UTC, milliseconds), or `undefined` for Go's zero time
 * (`0001-01-01T00:00:00Z`, Alertmanager's "not set") and for an absent value.
 * @throws Error when the text is neither RFC 3339 nor Go's time format.
 * @example alertTime('2023-02-06 13:08:45.828 +0000 UTC') // '2023-02-06T13:08:45.828Z'
 */
export function alertTime(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  const m = RFC3339.exec(text.trim()) ?? GO_TIME.exec(text.trim());
  if (!m) throw new Error(`not a timestamp: ${JSON.stringify(text.slice(0, 64))}`);
  const [, date, time, fraction = '', zone = 'Z'] = m;
  if (date?.startsWith('0001-')) return undefined;
  const millis = fraction.slice(0, 4).padEnd(4, '0');
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${time}${millis === '0000' ? '' : millis}${offset}`);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${JSON.stringify(text.slice(0, 64))}`);
  return new Date(ms).toISOString();
}
