/**
 * The few protobuf messages of TensorBoard's event files, encoded by hand (a tiny subset of the
 * wire format: varints, 64-bit, length-delimited and 32-bit fields):
 *
 *   Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }
 *   Value { string tag = 1; float simple_value = 2; Image image = 4; HistogramProto histo = 5; }
 *   HistogramProto { double min = 1; double max = 2; double num = 3; double sum = 4;
 *                    double sum_squares = 5; repeated double bucket_limit = 6 [packed];
 *                    repeated double bucket = 7 [packed]; }
 *   Image { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
 */
class Writer {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    this.push(Uint8Array.from(out));
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  double(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.tag(field, 1).push(b);
    return this;
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.tag(field, 5).push(b);
    return this;
  }

  int(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length).push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  packedDoubles(field: number, values: ArrayLike<number>): this {
    const b = new Uint8Array(8 * values.length);
    const view = new DataView(b.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i] as number, true);
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export interface Histogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimits: number[];
  buckets: number[];
}

export interface SummaryValue {
  tag: string;
  simpleValue?: number;
  histogram?: Histogram;
  image?: { height: number; width: number; colorspace: number; png: Uint8Array };
}

function encodeValue(v: SummaryValue): Uint8Array {
  const w = new Writer().string(1, v.tag);
  if (v.simpleValue !== undefined) w.float(2, v.simpleValue);
  if (v.image) {
    const img = new Writer().int(1, v.image.height).int(2, v.image.width).int(3, v.image.colorspace).bytes(4, v.image.png).finish();
    w.bytes(4, img);
  }
  if (v.histogram) {
    const h = v.histogram;
    const histo = new Writer()
      .double(1, h.min).double(2, h.max).double(3, h.num).double(4, h.sum).double(5, h.sumSquares)
      .packedDoubles(6, h.bucketLimits).packedDoubles(7, h.buckets).finish();
    w.bytes(5, histo);
  }
  return w.finish();
}

export function encodeEvent(event: { wallTime: number; step: number; fileVersion?: string; values?: SummaryValue[] }): Uint8Array {
  const w = new Writer().double(1, event.wallTime).int(2, event.step);
  if (event.fileVersion !== undefined) w.string(3, event.fileVersion);
  if (event.values) {
    const summary = new Writer();
    for (const v of event.values) summary.bytes(1, encodeValue(v));
    w.bytes(5, summary.finish());
  }
  return w.finish();
}

/** Histogram buckets of `values`: `bins` equal-width buckets between their min and max. */
export function histogramOf(values: ArrayLike<number>, bins = 30): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sumSquares += v * v;
  }
  if (values.length === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimits: [0], buckets: [0] };
  const width = max > min ? (max - min) / bins : 1;
  const buckets = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) buckets[Math.min(bins - 1, Math.floor(((values[i] as number) - min) / width))]! += 1;
  const bucketLimits = Array.from({ length: bins }, (_, k) => (k === bins - 1 ? max : min + (k + 1) * width));
  return { min, max, num: values.length, sum, sumSquares, bucketLimits, buckets };
}
