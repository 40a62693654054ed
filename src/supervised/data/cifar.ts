/**
 * CIFAR-10's official binary batch files (`data_batch_1.bin` ... `test_batch.bin`): 10,000
 * records of 3,073 bytes each, a label byte then the 32x32 red, green and blue planes, row-major.
 * Read from paths the user gives (nothing is downloaded) into one HWC byte dataset.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../core/errors.js';
import { ImageDataset } from './dataset.js';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

/** Reads one or more CIFAR-10 binary batch files into one dataset. */
export function loadCifar10(paths: readonly string[]): ImageDataset {
  if (paths.length === 0) throw new InvalidArgumentError('loadCifar10 needs at least one batch file path');
  const buffers = paths.map((p) => {
    let b: Buffer;
    try {
      b = readFileSync(p);
    } catch (e) {
      throw new InvalidArgumentError(`CIFAR-10 batch file ${p} cannot be read: ${(e as Error).message}`);
    }
    if (b.length === 0 || b.length % RECORD !== 0) throw new InvalidArgumentError(`CIFAR-10 batch file ${p} must be a whole number of ${RECORD}-byte records, got ${b.length} bytes`);
    return { p, b };
  });
  const n = buffers.reduce((a, { b }) => a + b.length / RECORD, 0);
  const pixels = new Uint8Array(n * 3 * PLANE);
  const labels = new Int32Array(n);
  let i = 0;
  for (const { p, b } of buffers) {
    for (let r = 0; r < b.length / RECORD; r++, i++) {
      const base = r * RECORD;
      const label = b[base] as number;
      if (label > 9) throw new InvalidArgumentError(`CIFAR-10 batch file ${p} record ${r} must have a label in [0, 9], got ${label}`);
      labels[i] = label;
      const out = i * 3 * PLANE;
      for (let k = 0; k < PLANE; k++) {
        pixels[out + 3 * k] = b[base + 1 + k] as number;
        pixels[out + 3 * k + 1] = b[base + 1 + PLANE + k] as number;
        pixels[out + 3 * k + 2] = b[base + 1 + 2 * PLANE + k] as number;
      }
    }
  }
  return new ImageDataset({ shape: [SIDE, SIDE, 3], pixels, labels, classNames: CIFAR10_CLASSES });
}
