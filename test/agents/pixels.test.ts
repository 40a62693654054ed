/**
 * Learning from pixels: DQN and PPO with a convolutional torso (the supervised track's head) on
 * stacked grayscale frames of CartPole, end to end through the runs library: deterministic under a
 * seed, tensor-neutral, and the torso's weights saved and restored with the rest.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../src/render/raster_setup.js';
import { DqnAgent } from '../../src/agents/dqn/dqn.js';
import { initBackend } from '../../src/backend/index.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { trainConfig } from '../../src/runs/config.js';
import { buildEnv, runRl } from '../../src/runs/rl.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const pixels = { height: 20, width: 30, grayscale: true, frameStack: 2 };

async function run(agent: 'dqn' | 'ppo', seed: number) {
  const agentConfig = agent === 'dqn'
    ? { convFilters: [4, 8], hiddenLayers: [16], learningStarts: 50, batchSize: 8, bufferSize: 500, trainFrequency: 4 }
    : { convFilters: [4, 8], hiddenLayers: [16], nSteps: 32, minibatchSize: 16, epochs: 2 };
  const config = trainConfig({ env: 'CartPole-v1', agent, seed, steps: 200, numEnvs: 2, evalEvery: 0, evalEpisodes: 1, testEpisodes: 0, pixels, agentConfig });
  const before = tf.memory().numTensors;
  const r = await runRl({ config, runDir: null, progress: false, print: () => {}, backend: 'wasm' });
  return { returns: r.finalEval?.returns ?? [], tensorsAfter: tf.memory().numTensors - before, steps: r.result.steps };
}

describe('learning from pixels', () => {
  it('builds the observation pipeline: rgb_array -> grayscale -> resize -> frame stack', () => {
    const config = trainConfig({ env: 'CartPole-v1', agent: 'dqn', pixels });
    const env = buildEnv(config, false);
    expect((env.observationSpace as Box).shape).toEqual([2, 20, 30]);
    const o = env.reset({ seed: 0 }).observation as Float32Array;
    expect(o).toHaveLength(2 * 20 * 30);
    expect(Math.max(...o)).toBe(255);
    expect(Math.min(...o)).toBeLessThan(100); // the cart and the pole survive the downscale
  });

  it.each(['dqn', 'ppo'] as const)('%s trains end to end on stacked frames, the same under a seed, leaking no tensor', async (agent) => {
    const a = await run(agent, 3);
    const b = await run(agent, 3);
    expect(a.steps).toBe(200);
    expect(a.returns.length).toBeGreaterThan(0);
    expect(b.returns).toEqual(a.returns);
    expect(a.tensorsAfter).toBe(0);
    expect(b.tensorsAfter).toBe(0);
  }, 120_000);

  it('saves and restores the torso with the rest of the network', async () => {
    const space = new Box(0, 255, { shape: [2, 16, 16] });
    const make = (seed: number) => new DqnAgent({ observationSpace: space, actionSpace: new Discrete(2), seed, config: { convFilters: [4], hiddenLayers: [8] } });
    const a = make(1);
    const b = make(2);
    const o = Float32Array.from({ length: 2 * 16 * 16 }, (_, i) => (i * 37) % 256);
    expect(Array.from(b.qValues(o))).not.toEqual(Array.from(a.qValues(o)));
    await b.load(a.save());
    expect(Array.from(b.qValues(o))).toEqual(Array.from(a.qValues(o)));
    expect(() => new DqnAgent({ observationSpace: new Box(-1, 1, { shape: [4] }), actionSpace: new Discrete(2), seed: 0, config: { convFilters: [4] } })).toThrow(/DQN convFilters needs an image observation space of 3 dimensions/);
    a.dispose();
    b.dispose();
  });
});
