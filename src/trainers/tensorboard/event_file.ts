/**
 * TensorBoard event files: TFRecord framing (`uint64 length, uint32 masked_crc32c(length), data,
 * uint32 masked_crc32c(data)`, little-endian) around Event protos. The writer appends; the reader
 * parses a file back (tests, and tools that want the numbers).
 */
import { appendFileSync, closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import { maskedCrc32c } from './crc32c.js';
import { encodeEvent, histogramOf, type SummaryValue } from './proto.js';

export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export class EventFileWriter {
  readonly path: string;

  constructor(dir: string, now = Date.now()) {
    this.path = join(dir, `events.out.tfevents.${Math.floor(now / 1000)}.${hostname()}`);
    const fd = openSync(this.path, 'w');
    writeSync(fd, frameRecord(encodeEvent({ wallTime: now / 1000, step: 0, fileVersion: 'brain.Event:2' })));
    closeSync(fd);
  }

  private write(step: number, values: SummaryValue[]): void {
    appendFileSync(this.path, frameRecord(encodeEvent({ wallTime: Date.now() / 1000, step, values })));
  }

  scalar(tag: string, value: number, step: number): void {
    this.write(step, [{ tag, simpleValue: value }]);
  }

  scalars(values: Record<string, number>, step: number): void {
    const list = Object.entries(values).filter(([, v]) => Number.isFinite(v)).map(([tag, v]) => ({ tag, simpleValue: v }));
    if (list.length > 0) this.write(step, list);
  }

  histogram(tag: string, values: ArrayLike<number>, step: number, bins = 30): void {
    this.write(step, [{ tag, histogram: histogramOf(values, bins) }]);
  }

  /** A PNG image (RGB or grayscale, as encoded) under `tag`. */
  image(tag: string, png: Uint8Array, size: { height: number; width: number; channels: 1 | 3 | 4 }, step: number): void {
    this.write(step, [{ tag, image: { height: size.height, width: size.width, colorspace: size.channels, png } }]);
  }
}

/** A decoded summary value, as read back from a file. */
export interface ReadValue {
  tag: string;
  simpleValue?: number;
  histogram?: { min: number; max: number; num: number; sum: number; bucketLimits: number[]; buckets: number[] };
  image?: { height: number; width: number; colorspace: number; png: Uint8Array };
}

export interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values: ReadValue[];
}

class Reader {
  private pos = 0;
  constructor(private readonly b: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.b.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.b[this.pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
      shift += 7n;
    }
  }
  fixed(n: 4 | 8): DataView {
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.pos, n);
    this.pos += n;
    return v;
  }
  bytes(): Uint8Array {
    const n = Number(this.varint());
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** Iterates `[field, wireType]`, leaving the reader at the field's value. */
  *fields(): Generator<[number, number]> {
    while (!this.done) {
      const key = Number(this.varint());
      yield [key >>> 3, key & 7];
    }
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
  }
}

const doubles = (b: Uint8Array): number[] => {
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  return Array.from({ length: b.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
};

function decodeValue(bytes: Uint8Array): ReadValue {
  const r = new Reader(bytes);
  const v: ReadValue = { tag: '' };
  for (const [f, w] of r.fields()) {
    if (f === 1 && w === 2) v.tag = new TextDecoder().decode(r.bytes());
    else if (f === 2 && w === 5) v.simpleValue = r.fixed(4).getFloat32(0, true);
    else if (f === 5 && w === 2) {
      const h = new Reader(r.bytes());
      const histo = { min: 0, max: 0, num: 0, sum: 0, bucketLimits: [] as number[], buckets: [] as number[] };
      for (const [hf, hw] of h.fields()) {
        if (hw === 1) {
          const x = h.fixed(8).getFloat64(0, true);
          if (hf === 1) histo.min = x;
          else if (hf === 2) histo.max = x;
          else if (hf === 3) histo.num = x;
          else if (hf === 4) histo.sum = x;
        } else if (hf === 6 && hw === 2) histo.bucketLimits = doubles(h.bytes());
        else if (hf === 7 && hw === 2) histo.buckets = doubles(h.bytes());
        else h.skip(hw);
      }
      v.histogram = histo;
    } else if (f === 4 && w === 2) {
      const im = new Reader(r.bytes());
      const img = { height: 0, width: 0, colorspace: 0, png: new Uint8Array(0) };
      for (const [imf, imw] of im.fields()) {
        if (imf === 1) img.height = Number(im.varint());
        else if (imf === 2) img.width = Number(im.varint());
        else if (imf === 3) img.colorspace = Number(im.varint());
        else if (imf === 4) img.png = im.bytes().slice();
        else im.skip(imw);
      }
      v.image = img;
    } else r.skip(w);
  }
  return v;
}

/** Reads every event of a file, checking both CRCs of every record. */
export function readEventFile(path: string): ReadEvent[] {
  const buf = new Uint8Array(readFileSync(path));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const events: ReadEvent[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw new InvalidArgumentError(`${path}: truncated record header at byte ${pos}`);
    const len = Number(view.getBigUint64(pos, true));
    if (view.getUint32(pos + 8, true) !== maskedCrc32c(buf.subarray(pos, pos + 8))) throw new InvalidArgumentError(`${path}: bad length CRC at byte ${pos}`);
    const data = buf.subarray(pos + 12, pos + 12 + len);
    if (data.length !== len || pos + 16 + len > buf.length) throw new InvalidArgumentError(`${path}: truncated record at byte ${pos}`);
    if (view.getUint32(pos + 12 + len, true) !== maskedCrc32c(data)) throw new InvalidArgumentError(`${path}: bad data CRC at byte ${pos}`);
    const r = new Reader(data);
    const ev: ReadEvent = { wallTime: 0, step: 0, values: [] };
    for (const [f, w] of r.fields()) {
      if (f === 1 && w === 1) ev.wallTime = r.fixed(8).getFloat64(0, true);
      else if (f === 2 && w === 0) ev.step = Number(r.varint());
      else if (f === 3 && w === 2) ev.fileVersion = new TextDecoder().decode(r.bytes());
      else if (f === 5 && w === 2) {
        const s = new Reader(r.bytes());
        for (const [sf, sw] of s.fields()) {
          if (sf === 1 && sw === 2) ev.values.push(decodeValue(s.bytes()));
          else s.skip(sw);
        }
      } else r.skip(w);
    }
    events.push(ev);
    pos += 16 + len;
  }
  return events;
}
