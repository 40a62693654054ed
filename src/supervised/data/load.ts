/** The data of a supervised task: MNIST, an image folder or CIFAR-10 batches, loaded and split. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import type { SupervisedConfig } from '../config.js';
import { loadCifar10 } from './cifar.js';
import type { ImageDataset } from './dataset.js';
import { loadImageFolder } from './image_folder.js';
import { loadMnist } from './mnist.js';
import { splitDataset } from './split.js';

export interface SplitData {
  train: ImageDataset;
  validation: ImageDataset;
  test: ImageDataset | null;
}

/** Loads the config's data and splits it (stratified, seeded by the config's seed). */
export async function loadTaskData(c: SupervisedConfig, print: (line: string) => void = () => {}): Promise<SplitData> {
  let all: ImageDataset;
  if (c.task === 'mnist') all = loadMnist();
  else if (c.task === 'cifar10') {
    const files = readdirSync(c.data).filter((f) => f.endsWith('.bin')).sort().map((f) => join(c.data, f));
    if (files.length === 0) throw new InvalidArgumentError(`CIFAR-10 folder ${c.data} holds no .bin batch files`);
    all = loadCifar10(files);
  } else {
    const folder = await loadImageFolder(c.data, { size: [c.imageSize[0] as number, c.imageSize[1] as number], channels: c.channels as 1 | 3 });
    for (const s of folder.skipped) print(`skipped ${s.path}: ${s.reason}`);
    all = folder.dataset;
  }
  const parts = splitDataset(all, c.split, c.seed);
  print(`data: ${all.size.toLocaleString('en-US')} images of ${all.shape.join('x')}, ${all.numClasses} classes; split ${parts.map((p) => p.size).join(' / ')} (train / validation${parts.length > 2 ? ' / test' : ''})`);
  return { train: parts[0] as ImageDataset, validation: parts[1] as ImageDataset, test: parts[2] ?? null };
}

