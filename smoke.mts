import { initBackend } from './src/backend/index.ts';
import { DqnAgent } from './src/agents/dqn/dqn.ts';
import { make } from './src/envs/index.ts';
import * as tf from '@tensorflow/tfjs';
await initBackend({ log: console.log });
const env = make<Float32Array, number>('CartPole-v1');
const agent = new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 1, config: { learningStarts: 500, exploration: { kind: 'linear', start: 1, end: 0.05, steps: 5000 }, targetUpdateInterval: 500, learningRate: 1e-3 } });
let obs = env.reset({ seed: 1 }).observation; let ret = 0; const rets: number[] = [];
const t0 = performance.now(); let n0 = tf.memory().numTensors;
for (let t = 0; t < 15000; t++) {
  const a = agent.act(obs);
  const r = env.step(a);
  agent.observe({ observation: obs, action: a, reward: r.reward, nextObservation: r.observation, terminated: r.terminated, truncated: r.truncated });
  agent.update();
  ret += r.reward; obs = r.observation;
  if (r.terminated || r.truncated) { rets.push(ret); ret = 0; obs = env.reset().observation; }
  if (t === 2000) n0 = tf.memory().numTensors;
}
console.log('steps/s', (15000 / ((performance.now() - t0) / 1000)).toFixed(0), 'tensors', n0, tf.memory().numTensors, 'last returns', rets.slice(-10));
