/**
 * The supervised commands end to end on tiny data, as a user runs them (`node bin/tfgym.js …`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readEventFile } from '../../src/trainers/tensorboard/event_file.js';

import { lastJson, tfgym } from './run_cli.js';

describe('tfgym supervised commands', () => {
  it('trains on an image folder: skips the corrupt file, writes logs, TensorBoard summaries, checkpoints and a test evaluation', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tfgym-folder-'));
    for (const [cls, bg] of [['cats', { r: 240, g: 200, b: 40 }], ['dogs', { r: 30, g: 60, b: 220 }]] as const) {
      mkdirSync(join(root, cls));
      for (let i = 0; i < 12; i++) await sharp({ create: { width: 30 + i, height: 24, channels: 3, background: bg } }).jpeg().toFile(join(root, cls, `${i}.jpg`));
    }
    writeFileSync(join(root, 'cats', 'corrupt.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]));
    const config = join(root, '..', `cfg-${Date.now()}.json`);
    writeFileSync(config, JSON.stringify({ imageSize: [16, 16], filters: [4, 8], backEnd: 'fc-dropout', denseUnits: [8], batchSize: 4, split: [60, 20, 20], samples: 4, keepCheckpoints: 1 }));
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-cli-')), 'folder');
    const r = await tfgym('train', '--task', 'image-folder', '--data', root, '--config', config, '--epochs', '2', '--out', out, '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`skipped ${join(root, 'cats', 'corrupt.jpg')}`);
    expect(r.stdout).toMatch(/data: 24 images of 16x16x3, 2 classes; split 14 \/ 6 \/ 4/);
    const summary = lastJson(r.stdout);
    expect(summary).toMatchObject({ task: 'image-folder', back_end: 'fc-dropout', epochs: 2, reason: 'completed' });
    expect((summary.test as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0);
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['epoch-0002']);
    expect(existsSync(join(out, 'best', 'model.json'))).toBe(true);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines.filter((l) => l['val/accuracy'] !== undefined).map((l) => l.step)).toEqual([1, 2]);
    const tbDir = join(out, 'tb');
    const events = readEventFile(join(tbDir, readdirSync(tbDir)[0]!));
    const values = events.flatMap((e) => e.values);
    expect(values.some((v) => v.tag === 'val/accuracy')).toBe(true);
    expect(values.some((v) => v.tag === 'weights/head_conv1/kernel' && v.histogram)).toBe(true);
    const image = values.find((v) => v.tag === 'samples/images');
    expect(image?.image?.width).toBe(4 * 16);
  }, 120_000);

  it('trains the MNIST preset on a small split and reports the held-out test accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-cli-'));
    const config = join(dir, 'mnist.json');
    // The preset with a small split; no random shifts (they slow learning on 1,000 images and 2 epochs).
    writeFileSync(config, JSON.stringify({ split: [10, 5, 85], filters: [8], denseUnits: [32], augmentShift: 0 }));
    const r = await tfgym('train', '--preset', 'mnist', '--config', config, '--epochs', '2', '--out', join(dir, 'run'), '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({ task: 'mnist', back_end: 'fc', epochs: 2 });
    expect((s.test as { accuracy: number }).accuracy).toBeGreaterThan(0.5); // chance is 0.1
    const rates = readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)['train/learning_rate']).filter((v) => v !== undefined);
    expect(rates.length).toBe(2);
    expect(rates[1]).toBeLessThan(rates[0]); // the preset's cosine decay
        const evalJson = JSON.parse(readFileSync(join(dir, 'run', 'eval.json'), 'utf8'));
    expect(evalJson).toMatchObject({ task: 'mnist', split: 'test' });
    expect(Math.abs(evalJson.images - 8500)).toBeLessThanOrEqual(5); // 85% of each class, rounded per class
  }, 120_000);

  it('runs the GAP, initialisation and transfer experiments on tiny data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-exp-'));
    const gap = await tfgym('experiment', 'gap', '--limit', '100', '--epochs', '1', '--out', join(dir, 'gap'), '--json');
    expect(gap.code, gap.stderr).toBe(0);
    const models = lastJson(gap.stdout).models as { back_end: string; parameters: number; val_accuracy: number[] }[];
    expect(models.map((m) => m.back_end)).toEqual(['fc', 'fc-dropout', 'gap']);
    expect(models[2]!.parameters).toBeLessThan(models[0]!.parameters);
    // A real SVG (librsvg parses it) with a legend entry per back-end.
    const chart = readFileSync(join(dir, 'gap', 'validation_accuracy.svg'));
    expect((await sharp(chart).metadata()).format).toBe('svg');
    for (const name of ['fc', 'fc-dropout', 'gap']) expect(chart.toString()).toContain(`>${name}</text>`);
    expect(readdirSync(join(dir, 'gap', 'tb')).sort()).toEqual(['fc', 'fc-dropout', 'gap']);

    const init = await tfgym('experiment', 'init', '--limit', '100', '--epochs', '1', '--out', join(dir, 'init'), '--json');
    expect(init.code, init.stderr).toBe(0);
    const r = lastJson(init.stdout) as { expected_naive_layer1: { exact: number }; scenarios: { name: string; pre_activation_variance: number[][] }[] };
    const naive = r.scenarios.find((s) => s.name === 'naive-sigmoid')!.pre_activation_variance[0]![0]!;
    expect(naive / r.expected_naive_layer1.exact).toBeGreaterThan(0.8); // 784 E[x^2], as derived
    expect(naive / r.expected_naive_layer1.exact).toBeLessThan(1.25);
    const he = r.scenarios.find((s) => s.name === 'he-relu')!.pre_activation_variance[0]!;
    expect(he[1]! / he[0]!).toBeGreaterThan(0.6); // He keeps the variance through ReLU layers
    expect(readEventFile(join(dir, 'init', 'tb', 'he-relu', readdirSync(join(dir, 'init', 'tb', 'he-relu'))[0]!)).flatMap((e) => e.values).some((v) => v.tag === 'mat_mul_hist_1' && v.histogram)).toBe(true);

    const tr = await tfgym('experiment', 'transfer', '--limit', '600', '--per-class', '4', '--epochs', '1', '--out', join(dir, 'transfer'), '--json');
    expect(tr.code, tr.stderr).toBe(0);
    const t = lastJson(tr.stdout);
    expect(t).toMatchObject({ labelled_images: 20, epochs: 1 });
    expect(existsSync(join(dir, 'transfer', 'pretrained-0-4', 'weights.bin'))).toBe(true);
  }, 300_000);

  it('trains on CIFAR-10 binary batch files given by folder', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tfgym-cifar-'));
    for (const [name, records] of [['data_batch_1.bin', 30], ['test_batch.bin', 10]] as const) {
      const buf = new Uint8Array(records * 3073);
      for (let r = 0; r < records; r++) {
        buf[r * 3073] = r % 2 ? 3 : 5; // cats and dogs
        buf.fill(r % 2 ? 200 : 30, r * 3073 + 1, (r + 1) * 3073);
      }
      writeFileSync(join(data, name), buf);
    }
    const config = join(data, 'cfg.json');
    writeFileSync(config, JSON.stringify({ filters: [4], backEnd: 'gap', split: [50, 25, 25], batchSize: 8 }));
    const r = await tfgym('train', '--task', 'cifar10', '--data', data, '--config', config, '--epochs', '1', '--out', join(data, 'run'), '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('data: 40 images of 32x32x3, 10 classes');
    expect(lastJson(r.stdout)).toMatchObject({ task: 'cifar10', epochs: 1, reason: 'completed' });
  }, 60_000);

  it('rejects bad supervised input with the rule and the value', async () => {
    const r1 = await tfgym('train', '--task', 'image-folder');
    expect([r1.code, r1.stderr.trim()]).toEqual([1, 'tfgym: supervised.data must name the image folder (root/<class>/*.jpg|png) for task image-folder']);
    const r2 = await tfgym('experiment', 'dropout');
    expect([r2.code, r2.stderr.trim()]).toEqual([1, 'tfgym: experiment must be one of gap, init, transfer, got "dropout"']);
    const r3 = await tfgym('train', '--task', 'mnist', '--steps', '10');
    expect([r3.code, r3.stderr.trim()]).toEqual([1, 'tfgym: --steps is for RL training; supervised runs (--task) take --epochs']);
  }, 60_000);
});
