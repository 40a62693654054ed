/**
 * `npm run bench:sac`: SAC's env steps per second on Pendulum-v1 with RL Baselines3 Zoo's settings
 * (256x256 networks, batch 256, one gradient step per env step) and with tfgym's tuned entry
 * (64x64), with the time of each step broken down (acting, env, storing, replay sampling, the
 * target computation, the critics' and the actor's forward/backward and Adam steps, the entropy
 * coefficient, the Polyak update), each network's forward and forward+backward alone, and the
 * arithmetic limit: the FLOPs one env step needs divided by the best matrix-product rate the
 * backend reaches on these shapes.
 *
 * Options: --backend NAME (default: the best that loads), --steps N (measured steps; default
 * 1,000), --json.
 */
import * as tf from '@tensorflow/tfjs';
import { SacAgent } from '../src/agents/continuous/sac.js';
import { type MlpSpec } from '../src/agents/networks.js';
import { initBackend, parseBackend } from '../src/backend/index.js';
import { make } from '../src/envs/index.js';
import { printTable, writeResults, type Row } from './report.js';
import { readTidy } from '../src/core/tensors.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const STEPS = Number(arg('--steps') ?? 1_000);
const backend = await initBackend({ backend: parseBackend(arg('--backend') ?? 'auto') });
console.log(`tensor backend: ${backend.name}`);

const SETTINGS: Record<string, { hiddenLayers: number[]; batchSize: number; learningRate: number }> = {
  'zoo (256x256, batch 256)': { hiddenLayers: [256, 256], batchSize: 256, learningRate: 1e-3 },
  'tfgym entry (64x64, batch 256)': { hiddenLayers: [64, 64], batchSize: 256, learningRate: 1e-3 },
};

/** Multiply-adds per sample of one forward pass. */
const macs = (spec: MlpSpec): number => {
  let prev = spec.inputSize;
  let total = 0;
  for (const h of [...spec.hiddenLayers, spec.outputSize]) {
    total += prev * h;
    prev = h;
  }
  return total;
};

/** Best matrix-product rate (GFLOP/s) over the shapes a gradient step multiplies. */
function peakGflops(batch: number, hidden: number): number {
  let best = 0;
  for (const [m, k, n] of [[batch, hidden, hidden], [hidden, batch, hidden], [batch, hidden, batch]] as const) {
    const a = tf.randomNormal([m, k]);
    const b = tf.randomNormal([k, n]);
    for (let i = 0; i < 5; i++) readTidy(() => tf.matMul(a, b));
    const reps = 50;
    const start = performance.now();
    for (let i = 0; i < reps; i++) readTidy(() => tf.matMul(a, b));
    const seconds = (performance.now() - start) / 1000 / reps;
    best = Math.max(best, (2 * m * k * n) / seconds / 1e9);
    a.dispose();
    b.dispose();
  }
  return best;
}

/** Milliseconds per call of `f` (after a warm-up). */
function timeMs(f: () => void, reps = 30): number {
  for (let i = 0; i < 3; i++) f();
  const start = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - start) / reps;
}

const rows: Row[] = [];
const networks: Row[] = [];
const results: Record<string, unknown>[] = [];
for (const [name, config] of Object.entries(SETTINGS)) {
  const env = make<Float32Array, Float32Array>('Pendulum-v1');
  const agent = new SacAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 0, config, totalSteps: 100_000 });
  let obs = env.reset({ seed: 0 }).observation;
  const phases: Record<string, number> = { act: 0, env: 0, store: 0 };
  const step = (measure: boolean): void => {
    const t = performance.now();
    const action = agent.act(obs);
    const t1 = performance.now();
    const r = env.step(action);
    const t2 = performance.now();
    agent.observe({ observation: obs, action, reward: r.reward, nextObservation: r.observation, terminated: r.terminated, truncated: r.truncated });
    const t3 = performance.now();
    if (measure) {
      phases.act = (phases.act as number) + t1 - t;
      phases.env = (phases.env as number) + t2 - t1;
      phases.store = (phases.store as number) + t3 - t2;
    }
    agent.update();
    obs = r.terminated || r.truncated ? env.reset().observation : r.observation;
  };
  for (let i = 0; i < 300; i++) step(false); // past learningStarts (100) and the first updates
  agent.profile = {};
  const start = performance.now();
  for (let i = 0; i < STEPS; i++) step(true);
  const seconds = (performance.now() - start) / 1000;
  const profile = { ...phases, ...agent.profile };
  const accounted = Object.values(profile).reduce((a, b) => a + b, 0);
  const perStep = (ms: number): number => Number((ms / STEPS).toFixed(3));

  const actorSpec = agent.actor.spec;
  const criticSpec = (agent.critics[0] as (typeof agent.critics)[number]).spec;
  const A = macs(actorSpec);
  const C = macs(criticSpec);
  // per sample: target (actor fwd + 2 target critics), critics (fwd + weight and input grads),
  // actor (actor fwd + 2 critics fwd + their grads + actor grads): 4A + 14C multiply-adds
  const flopsPerStep = 2 * config.batchSize * (4 * A + 14 * C);
  const peak = peakGflops(config.batchSize, config.hiddenLayers[0] as number);
  const limit = (peak * 1e9) / flopsPerStep;
  const stepsPerSecond = STEPS / seconds;
  rows.push({
    setting: name, 'env steps/s': Math.round(stepsPerSecond), 'ms/step': perStep(seconds * 1000),
    act: perStep(profile.act as number), env: perStep(profile.env as number), store: perStep(profile.store as number), sample: perStep(profile.sample ?? 0),
    target: perStep(profile.target ?? 0), critic: perStep(profile.critic ?? 0), actor: perStep(profile.actor ?? 0), alpha: perStep(profile.alpha ?? 0), polyak: perStep(profile.polyak ?? 0),
    other: perStep(seconds * 1000 - accounted), 'MFLOP/step': Math.round(flopsPerStep / 1e6), 'peak GFLOP/s': Number(peak.toFixed(1)), 'limit steps/s': Math.round(limit),
  });

  // each network alone, on one batch
  const batch = config.batchSize;
  const x = tf.randomNormal([batch, actorSpec.inputSize]) as tf.Tensor2D;
  const xa = tf.randomNormal([batch, criticSpec.inputSize]) as tf.Tensor2D;
  const critic = agent.critics[0] as (typeof agent.critics)[number];
  const grads = (net: typeof critic, input: tf.Tensor2D) => () => tf.tidy(() => {
    const g = tf.variableGrads(() => tf.mean(net.apply(input, true)) as tf.Scalar, net.variables);
    Object.values(g.grads).forEach((t) => t.dataSync());
  });
  networks.push({
    setting: name,
    'actor forward ms': Number(timeMs(() => tf.tidy(() => void agent.actor.apply(x, false).dataSync())).toFixed(3)),
    'actor fwd+bwd ms': Number(timeMs(grads(agent.actor, x)).toFixed(3)),
    'critic forward ms': Number(timeMs(() => tf.tidy(() => void critic.apply(xa, false).dataSync())).toFixed(3)),
    'critic fwd+bwd ms': Number(timeMs(grads(critic, xa)).toFixed(3)),
  });
  x.dispose();
  xa.dispose();
  results.push({ setting: name, config, stepsPerSecond, msPerStep: (seconds * 1000) / STEPS, phasesMsPerStep: Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, v / STEPS])), flopsPerStep, peakGflops: peak, limitStepsPerSecond: limit, fractionOfLimit: stepsPerSecond / limit });
  agent.dispose();
}

printTable(`SAC on Pendulum-v1, ${STEPS.toLocaleString('en-US')} measured env steps, one gradient step each (ms per env step by phase)`, rows);
printTable('Each network alone on one batch', networks);
console.log('\nlimit steps/s = peak GFLOP/s of a matrix product on these shapes / FLOPs one env step needs (4A + 14C multiply-adds per sample; A, C = one actor, critic forward).');
writeResults('sac', { backend: backend.name, steps: STEPS, settings: results, networks });
