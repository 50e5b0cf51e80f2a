/**
 * Reads a remote write 1.0 body back: snappy block-decompress, then a protobuf reader for
 * `prompb.WriteRequest`. Used by tests and by loopback receivers that record what a client
 * sent; unknown fields are skipped, as protobuf requires.
 */
import snappy from 'snappyjs';
import { WireType } from './protobuf-writer.ts';
import { type FamilyMetadata, METRIC_TYPE_NUMBER, type TimeSeriesData } from './remote-write-encode.ts';
import type { MetricType } from './series.ts';

/** A decoded `WriteRequest`. */
export interface DecodedWriteRequest {
  readonly timeseries: TimeSeriesData[];
  readonly metadata: FamilyMetadata[];
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const TYPE_BY_NUMBER = new Map(Object.entries(METRIC_TYPE_NUMBER).map(([k, v]) => [v, k as MetricType]));

/** A cursor over protobuf bytes. */
class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.bytes[this.pos++];
      if (byte === undefined) throw new RangeError('protobuf: truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new RangeError('protobuf: varint longer than 10 bytes');
  }
  int64(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }
  double(): number {
    if (this.pos + 8 > this.bytes.length) throw new RangeError('protobuf: truncated double');
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }
  bytesField(): Uint8Array {
    const length = Number(this.varint());
    if (this.pos + length > this.bytes.length) throw new RangeError('protobuf: truncated field');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
  string(): string {
    return textDecoder.decode(this.bytesField());
  }
  skip(wireType: number): void {
    if (wireType === WireType.varint) this.varint();
    else if (wireType === WireType.fixed64) this.pos += 8;
    else if (wireType === WireType.lengthDelimited) this.bytesField();
    else if (wireType === 5) this.pos += 4;
    else throw new RangeError(`protobuf: unsupported wire type ${wireType}`);
  }
  /** Calls `onField` for each field until the end; `onField` returns false to skip the field. */
  fields(onField: (field: number, wireType: number) => boolean): void {
    while (!this.done) {
      const key = Number(this.varint());
      const field = key >>> 3;
      const wireType = key & 7;
      if (!onField(field, wireType)) this.skip(wireType);
    }
  }
}

function decodeLabel(bytes: Uint8Array): [string, string] {
  let name = '';
  let value = '';
  const r = new Reader(bytes);
  r.fields((field) => {
    if (field === 1) name = r.string();
    else if (field === 2) value = r.string();
    else return false;
    return true;
  });
  return [name, value];
}

function decodeSample(bytes: Uint8Array): { value: number; timestampMs: number } {
  let value = 0;
  let timestampMs = 0;
  const r = new Reader(bytes);
  r.fields((field) => {
    if (field === 1) value = r.double();
    else if (field === 2) timestampMs = r.int64();
    else return false;
    return true;
  });
  return { value, timestampMs };
}

function decodeTimeSeries(bytes: Uint8Array): TimeSeriesData {
  const labels: [string, string][] = [];
  const samples: { value: number; timestampMs: number }[] = [];
  const r = new Reader(bytes);
  r.fields((field, wireType) => {
    if (wireType !== WireType.lengthDelimited) return false;
    if (field === 1) labels.push(decodeLabel(r.bytesField()));
    else if (field === 2) samples.push(decodeSample(r.bytesField()));
    else return false;
    return true;
  });
  return { labels, samples };
}

function decodeMetadata(bytes: Uint8Array): FamilyMetadata {
  let type: MetricType = 'gauge';
  let family = '';
  let help = '';
  let unit = '';
  const r = new Reader(bytes);
  r.fields((field) => {
    if (field === 1) type = TYPE_BY_NUMBER.get(r.int64()) ?? type;
    else if (field === 2) family = r.string();
    else if (field === 4) help = r.string();
    else if (field === 5) unit = r.string();
    else return false;
    return true;
  });
  return unit === '' ? { family, type, help } : { family, type, help, unit };
}

/**
 * Decodes uncompressed `WriteRequest` protobuf bytes.
 *
 * @example
 * const { timeseries } = decodeWriteRequest(encodeWriteRequest(series));
 */
export function decodeWriteRequest(bytes: Uint8Array): DecodedWriteRequest {
  const timeseries: TimeSeriesData[] = [];
  const metadata: FamilyMetadata[] = [];
  const r = new Reader(bytes);
  r.fields((field, wireType) => {
    if (wireType !== WireType.lengthDelimited) return false;
    if (field === 1) timeseries.push(decodeTimeSeries(r.bytesField()));
    else if (field === 3) metadata.push(decodeMetadata(r.bytesField()));
    else return false;
    return true;
  });
  return { timeseries, metadata };
}

/**
 * Decodes a remote write request body (snappy-compressed `WriteRequest`).
 *
 * @example
 * const { timeseries } = decodeRemoteWriteBody(new Uint8Array(await request.arrayBuffer()));
 */
export function decodeRemoteWriteBody(body: Uint8Array): DecodedWriteRequest {
  return decodeWriteRequest(snappy.uncompress(body));
}
