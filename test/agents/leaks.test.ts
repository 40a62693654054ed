import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DqnAgent } from '../../src/agents/dqn/dqn.js';
import { ActorCriticAgent } from '../../src/agents/pg/actor_critic.js';
import { ReinforceAgent } from '../../src/agents/pg/reinforce.js';
import { initBackend } from '../../src/backend/index.js';
import { make, makeVec } from '../../src/envs/index.js';
import { trainAgent } from '../../src/trainers/rl.js';
import { trainVectorAgent } from '../../src/trainers/rl_vector.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

const env = make('CartPole-v1');
const spaces = { observationSpace: env.observationSpace, actionSpace: env.actionSpace };

describe('no tensor outlives its agent', () => {
  it('creating, training, saving, loading (twice) and disposing agents leaves the tensor count where it was', async () => {
    const cycle = async (): Promise<void> => {
      const dqn = new DqnAgent({ ...spaces, seed: 0, config: { learningStarts: 50, batchSize: 8 } });
      await trainAgent({ env: make('CartPole-v1'), agent: dqn, totalSteps: 200, seed: 0 });
      const snap = dqn.save();
      await dqn.load(snap);
      await dqn.load(snap);
      dqn.dispose();
      const ppo = new ActorCriticAgent({ ...spaces, algorithm: 'ppo', numEnvs: 2, seed: 0, config: { nSteps: 16 } });
      await trainVectorAgent({ venv: makeVec('CartPole-v1', 2, { autoresetMode: 'same-step' }), agent: ppo, totalSteps: 64, seed: 0 });
      const ps = ppo.save();
      await ppo.load(ps);
      await ppo.load(ps);
      ppo.dispose();
      const reinforce = new ReinforceAgent({ ...spaces, seed: 0 });
      await trainAgent({ env: make('CartPole-v1'), agent: reinforce, totalSteps: 100, seed: 0 });
      await reinforce.load(reinforce.save());
      reinforce.dispose();
    };
    await cycle(); // kernels and backend caches settle on the first round
    const before = tf.memory().numTensors;
    await cycle();
    await cycle();
    expect(tf.memory().numTensors - before).toBe(0);
  });
});
