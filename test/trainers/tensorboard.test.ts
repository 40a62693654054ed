import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from '../../src/trainers/tensorboard/crc32c.js';
import { EventFileWriter, readEventFile } from '../../src/trainers/tensorboard/event_file.js';

describe('TensorBoard event files', () => {
  it('CRC-32C matches the standard check value and TFRecord masking', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 zero bytes
    const c = crc32c(new Uint8Array([1, 2, 3]));
    expect(maskedCrc32c(new Uint8Array([1, 2, 3]))).toBe(((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });

  it('writes scalars, histograms and images that read back with valid framing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-tb-'));
    const w = new EventFileWriter(dir);
    w.scalars({ 'charts/episodic_return': -120.5, 'losses/td_loss': 0.25 }, 1000);
    w.scalar('charts/epsilon', 0.1, 2000);
    w.histogram('weights/layer0_kernel', [1, 2, 2, 3, 3, 3], 2000, 3);
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3);
    w.image('samples/digit', png, { height: 2, width: 3, channels: 1 }, 3000);
    const events = readEventFile(w.path);
    expect(events[0]?.fileVersion).toBe('brain.Event:2');
    expect(events[1]?.step).toBe(1000);
    expect(events[1]?.values.map((v) => [v.tag, v.simpleValue])).toEqual([['charts/episodic_return', -120.5], ['losses/td_loss', 0.25]]);
    expect(events[2]?.values[0]?.simpleValue).toBeCloseTo(0.1, 6);
    const h = events[3]?.values[0]?.histogram;
    expect([h?.min, h?.max, h?.num, h?.sum, h?.buckets]).toEqual([1, 3, 6, 14, [1, 2, 3]]);
    expect(events[4]?.values[0]?.image).toEqual({ height: 2, width: 3, colorspace: 1, png });
  });

  it('detects a corrupted record', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-tb-'));
    const w = new EventFileWriter(dir);
    w.scalar('a', 1, 1);
    const bytes = readFileSync(w.path);
    bytes[bytes.length - 6] = (bytes[bytes.length - 6] ?? 0) ^ 0xff;
    writeFileSync(w.path, bytes);
    expect(() => readEventFile(w.path)).toThrow(/bad data CRC at byte \d+/);
  });
});
