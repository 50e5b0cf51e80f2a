/**
 * DynamoDB's size of an item in the wire format (`{ S: ... }`), by its documented rules:
 * attribute names plus values; strings and binaries by their bytes, numbers about one byte
 * per two digits plus one, maps and lists 3 bytes plus one per element plus their contents.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const valueSize = (v: AttributeValue): number => {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.M !== undefined)
    return 3 + Object.entries(v.M).reduce((t, [k, x]) => t + 1 + Buffer.byteLength(k) + valueSize(x), 0);
  if (v.L !== undefined) return 3 + v.L.reduce((t, x) => t + 1 + valueSize(x), 0);
  if (v.SS !== undefined) return v.SS.reduce((t, s) => t + Buffer.byteLength(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((t, n) => t + Math.ceil(n.length / 2) + 1, 0);
  return 0;
};

/**
 * Bytes of an item as DynamoDB bills it (write units are these rounded up to the next KB).
 * @example itemSize({ pk: { S: 'a' } }) // 3
 */
export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((t, [name, v]) => t + Buffer.byteLength(name) + valueSize(v), 0);
}
