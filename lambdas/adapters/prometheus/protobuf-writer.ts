/**
 * A minimal protobuf writer: varints, little-endian doubles, length-delimited strings and
 * nested messages. Enough for Prometheus' `prompb` messages, without a code generator.
 */

/** Protobuf wire types used here. */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2 } as const;

const textEncoder = new TextEncoder();
/** Bytes reserved for a nested message's length: a varint of up to 2^35 - 1. */
const LENGTH_RESERVE = 5;

/**
 * Appends protobuf fields to a growing buffer.
 *
 * @example
 * const w = new ProtobufWriter();
 * w.string(1, '__name__');
 * w.message(2, () => w.double(1, 1.5));
 * const bytes = w.finish();
 */
export class ProtobufWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialSize = 1024) {
    this.buffer = new Uint8Array(initialSize);
    this.view = new DataView(this.buffer.buffer);
  }

  /** A field key: field number and wire type. */
  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** A non-negative integer up to 2^53, or a negative int64 (ten bytes, two's complement). */
  varint(value: number): void {
    this.ensure(10);
    this.writeVarint(value);
  }

  /** A varint without growing the buffer: the caller made room. */
  private writeVarint(value: number): void {
    if (value < 0) {
      let big = BigInt.asUintN(64, BigInt(value));
      while (big > 0x7fn) {
        this.buffer[this.pos++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      this.buffer[this.pos++] = Number(big);
      return;
    }
    let v = value;
    while (v > 0x7f) {
      this.buffer[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.pos++] = v;
  }

  /** A varint field (int64, enum); omitted when 0, as proto3 does. */
  int64(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WireType.varint);
    this.varint(value);
  }

  /** A double field, 8 bytes little-endian; omitted when 0, as proto3 does. */
  double(field: number, value: number): void {
    if (value === 0) return;
    this.tag(field, WireType.fixed64);
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** A UTF-8 string field; omitted when empty, as proto3 does. */
  string(field: number, value: string): void {
    if (value === '') return;
    this.tag(field, WireType.lengthDelimited);
    this.ensure(LENGTH_RESERVE + value.length * 3);
    const start = this.pos + LENGTH_RESERVE;
    const { written } = textEncoder.encodeInto(value, this.buffer.subarray(start));
    this.closeLength(start, written);
  }

  /** A nested message field: `write` appends the message's own fields. */
  message(field: number, write: () => void): void {
    this.tag(field, WireType.lengthDelimited);
    this.ensure(LENGTH_RESERVE);
    const start = this.pos + LENGTH_RESERVE;
    this.pos = start;
    write();
    this.closeLength(start, this.pos - start);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.pos);
  }

  /**
   * Writes the length of the `length` bytes at `start` into the gap reserved before them,
   * then closes the gap. It must not grow the buffer: a copy would stop at `pos`, before the content.
   */
  private closeLength(start: number, length: number): void {
    this.pos = start - LENGTH_RESERVE;
    this.writeVarint(length);
    if (this.pos !== start) this.buffer.copyWithin(this.pos, start, start + length);
    this.pos += length;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.pos));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}
