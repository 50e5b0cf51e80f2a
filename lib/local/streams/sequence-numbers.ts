/**
 * Sequence numbers of DynamoDB Streams are decimal strings of varying length (DynamoDB Local
 * pads them to 21 digits, the service does not), so they are compared as big integers.
 */

/**
 * Orders two sequence numbers: negative when `a` comes first, 0 when equal, positive after.
 * @throws Error when either is not a string of decimal digits
 * @example
 * compareSequenceNumbers('900', '1000'); // < 0
 */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = parseSequenceNumber(a);
  const y = parseSequenceNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The sequence number as a bigint.
 * @throws Error naming the value when it is not decimal digits
 * @example
 * parseSequenceNumber('000000000000000000042'); // 42n
 */
export function parseSequenceNumber(value: string): bigint {
  if (!/^\d{1,64}$/.test(value)) {
    throw new Error(`sequenceNumber must be decimal digits, got ${JSON.stringify(value)}`);
  }
  return BigInt(value);
}
