/**
 * Saving and loading tfjs layers models in the tfjs format (`model.json` + `weights.bin`):
 * to and from local folders (written atomically: a temporary folder renamed into place, so a
 * crash never leaves a half-written model where a good one was), and from http(s) URLs. This is
 * the format `tensorflowjs_converter` writes for Keras models, so converted Keras weights load too.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../../core/errors.js';
import './layers.js'; // registers the custom layers before any model is deserialised

/** Writes `model` to `dir` (replaced atomically). Returns the folder. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<string> {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      mkdirSync(temp, { recursive: true });
      const data = artifacts.weightData;
      const bytes = data === undefined ? new Uint8Array(0) : new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
      writeFileSync(join(temp, 'weights.bin'), bytes);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(temp, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    }),
  );
  if (existsSync(target)) {
    const old = `${target}.old-${process.pid}-${Date.now()}`;
    renameSync(target, old);
    renameSync(temp, target);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(temp, target);
  }
  return target;
}

/**
 * Loads a tfjs layers model from a local folder (or its `model.json`), or from an http(s) URL
 * of a `model.json`. Errors name the path and what is wrong.
 */
export async function loadModel(pathOrUrl: string): Promise<tf.LayersModel> {
  if (/^https?:\/\//.test(pathOrUrl)) return tf.loadLayersModel(pathOrUrl);
  const file = pathOrUrl.endsWith('.json') ? resolve(pathOrUrl) : join(resolve(pathOrUrl), 'model.json');
  let json: { modelTopology?: object; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; format?: string };
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`model ${file} cannot be read as a tfjs model.json: ${(e as Error).message}`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new InvalidArgumentError(`model ${file} must hold modelTopology and weightsManifest (a tfjs layers model)`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const path = join(dirname(file), p);
      try {
        const b = readFileSync(path);
        buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
      } catch (e) {
        throw new InvalidArgumentError(`model ${file} names weight file ${path}, which cannot be read: ${(e as Error).message}`);
      }
    }
  }
  const weightData = tf.io.concatenateArrayBuffers(buffers);
  const expected = specs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1) * (s.dtype === 'float32' || s.dtype === 'int32' ? 4 : 1), 0);
  if (weightData.byteLength !== expected) throw new InvalidArgumentError(`model ${file}: the weight files hold ${weightData.byteLength} bytes, the manifest describes ${expected}`);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}
