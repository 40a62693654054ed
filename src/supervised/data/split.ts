/**
 * Seeded, stratified splits: every class is shuffled on its own and cut by the same fractions,
 * so each part keeps the class proportions (up to one image per class from rounding). The parts
 * are disjoint and together hold every index.
 */
import { InvalidArgumentError, describe } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { ImageDataset } from './dataset.js';

/** Indices of each label, labels in increasing order. */
function indicesByClass(labels: ArrayLike<number>): number[][] {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number;
    const list = byClass.get(l);
    if (list) list.push(i);
    else byClass.set(l, [i]);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((l) => byClass.get(l) as number[]);
}

/**
 * Splits indices 0..labels.length-1 into parts with the given fractions (summing to 1, or
 * percentages summing to 100), stratified by label. Each part's indices come out shuffled.
 */
export function stratifiedSplit(labels: ArrayLike<number>, fractions: readonly number[], seed: number): Int32Array[] {
  const total = fractions.reduce((a, b) => a + b, 0);
  if (fractions.length < 1 || fractions.some((f) => !(Number.isFinite(f) && f >= 0)) || !(Math.abs(total - 1) < 1e-9 || Math.abs(total - 100) < 1e-7)) {
    throw new InvalidArgumentError(`split fractions must be non-negative and sum to 1 (or percentages summing to 100), got ${describe(fractions)}`);
  }
  const parts = fractions.map((f) => f / total);
  const rng = new Rng(seed).child('split');
  const out: number[][] = parts.map(() => []);
  for (const members of indicesByClass(labels)) {
    const idx = rng.shuffle(members);
    // Largest-remainder rounding: the counts sum to the class size exactly.
    const exact = parts.map((p) => p * idx.length);
    const counts = exact.map(Math.floor);
    let left = idx.length - counts.reduce((a, b) => a + b, 0);
    const order = exact.map((e, k) => ({ k, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.k - b.k);
    for (const { k } of order) {
      if (left-- <= 0) break;
      counts[k] = (counts[k] as number) + 1;
    }
    let start = 0;
    counts.forEach((c, k) => {
      (out[k] as number[]).push(...idx.slice(start, start + c));
      start += c;
    });
  }
  return out.map((list) => Int32Array.from(rng.shuffle(list)));
}

/**
 * Picks `perClass` indices of every class (seeded), e.g. a small labelled set for transfer
 * learning; errors when a class has fewer.
 */
export function samplePerClass(labels: ArrayLike<number>, perClass: number, seed: number): Int32Array {
  const rng = new Rng(seed).child('sample');
  const out: number[] = [];
  for (const idx of indicesByClass(labels)) {
    if (idx.length < perClass) throw new InvalidArgumentError(`class ${labels[idx[0] as number]} has ${idx.length} images; ${perClass} per class were asked for`);
    out.push(...rng.shuffle(idx).slice(0, perClass));
  }
  return Int32Array.from(rng.shuffle(out));
}

/** The dataset cut into stratified, seeded parts (e.g. train/validation/test percentages 80/10/10). */
export function splitDataset(dataset: ImageDataset, fractions: readonly number[] = [80, 10, 10], seed = 0): ImageDataset[] {
  return stratifiedSplit(dataset.labels, fractions, seed).map((idx) => dataset.subset(idx));
}

/** A stratified, seeded sample of `n` images (the dataset itself when it has no more). */
export function stratifiedSample(dataset: ImageDataset, n: number, seed: number): ImageDataset {
  return n >= dataset.size ? dataset : (splitDataset(dataset, [n / dataset.size, 1 - n / dataset.size], seed)[0] as ImageDataset);
}
