/**
 * `npm run bench:pg`: on-policy agents. Part 1, the algorithms: PPO and A2C on CartPole-v1
 * (100k steps, 8 env copies), PPO on Acrobot-v1 (100k, RL Zoo's settings: 16 copies, scaled
 * rewards), and PPO with a diagonal-Gaussian
 * policy on Pendulum-v1 (200k, 4 copies, scaled rewards: the `pendulum` CLI preset); 3 seeds,
 * greedy returns of the final model and of the best model over 100 episodes, env steps/s. Part 2, the entropy bonus at work: REINFORCE with a baseline on
 * CartPole-v1 for --steps env steps, entropy coefficients 0, 0.01 and 0.1, on the same 3 seeds:
 * policy entropy (bits) and episodic return over training, and the final greedy return over 100
 * episodes.
 *
 * Options: --steps N (part 2, default 30000), --seeds N (default 3), --skip-algorithms,
 * --only ENV (part 1 on one env id), --skip-entropy, --json
 */
import { ActorCriticAgent, type ActorCriticConfig } from '../src/agents/pg/actor_critic.js';
import { preset } from '../src/runs/presets.js';
import { NormalizeReward } from '../src/envs/wrappers/reward.js';
import type { Env } from '../src/core/env.js';
import { ReinforceAgent } from '../src/agents/pg/reinforce.js';
import { makeVec } from '../src/envs/index.js';
import { EvaluationCallback } from '../src/trainers/callbacks/evaluation.js';
import { trainVectorAgent } from '../src/trainers/rl_vector.js';
import { initBackend } from '../src/backend/index.js';
import { make } from '../src/envs/index.js';
import { evaluate, meanStd } from '../src/trainers/callbacks/evaluation.js';
import { trainAgent } from '../src/trainers/rl.js';
import { printTable, writeResults, type Row } from './report.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const STEPS = arg('--steps', 30_000);
const SEEDS = arg('--seeds', 3);
const COEFS = [0, 0.01, 0.1];
const BINS = 6;

interface Curve {
  entropy: number[];
  ret: number[];
}

async function run(coef: number, seed: number): Promise<{ curve: Curve; final: number; sps: number }> {
  const env = make<ArrayLike<number>, number>('CartPole-v1');
  const agent = new ReinforceAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed, config: { entropyCoef: coef } });
  const ent: { step: number; v: number }[] = [];
  const ret: { step: number; v: number }[] = [];
  const result = await trainAgent({
    env, agent, totalSteps: STEPS, seed,
    callbacks: [{ onUpdate: (e) => void ent.push({ step: e.step, v: e.metrics['charts/entropy']! }), onEpisodeEnd: (e) => void ret.push({ step: e.step, v: e.return }) }],
  });
  // Average each quantity over BINS equal slices of training.
  const binned = (pts: { step: number; v: number }[]) =>
    Array.from({ length: BINS }, (_, b) => {
      const inBin = pts.filter((p) => p.step > (b * STEPS) / BINS && p.step <= ((b + 1) * STEPS) / BINS).map((p) => p.v);
      return inBin.length ? inBin.reduce((x, y) => x + y, 0) / inBin.length : Number.NaN;
    });
  const final = meanStd(evaluate(make('CartPole-v1'), agent, 100, 5_000_000)).mean;
  agent.dispose();
  return { curve: { entropy: binned(ent), ret: binned(ret) }, final, sps: STEPS / result.seconds };
}

interface AlgoRun {
  algorithm: 'ppo' | 'a2c';
  env: string;
  steps: number;
  goal: number;
  numEnvs: number;
  config: Partial<ActorCriticConfig>;
  normalizeReward: boolean;
}

const PENDULUM = preset('pendulum');
const ALGOS: AlgoRun[] = [
  { algorithm: 'ppo', env: 'CartPole-v1', steps: 100_000, goal: 475, numEnvs: 8, config: {}, normalizeReward: false },
  { algorithm: 'a2c', env: 'CartPole-v1', steps: 100_000, goal: 475, numEnvs: 8, config: {}, normalizeReward: false },
  // RL Zoo's Acrobot PPO: 16 envs x 256 steps, GAE 0.94, 4 epochs, no entropy bonus, scaled rewards.
  { algorithm: 'ppo', env: 'Acrobot-v1', steps: 100_000, goal: -100, numEnvs: 16, config: { nSteps: 256, gaeLambda: 0.94, epochs: 4, entropyCoef: 0 }, normalizeReward: true },
  {
    algorithm: 'ppo', env: 'Pendulum-v1', steps: PENDULUM.steps as number, goal: -200, numEnvs: PENDULUM.numEnvs as number,
    config: PENDULUM.agentConfig as Partial<ActorCriticConfig>, normalizeReward: true,
  },
];
const ONLY = (() => {
  const i = process.argv.indexOf('--only');
  return i >= 0 ? process.argv[i + 1] : undefined;
})();

async function algorithms(): Promise<{ rows: Row[]; results: unknown[] }> {
  const rows: Row[] = [];
  const results: unknown[] = [];
  for (const { algorithm, env: id, steps, goal, numEnvs, config, normalizeReward } of ALGOS.filter((a) => !ONLY || a.env === ONLY)) {
    for (let seed = 0; seed < SEEDS; seed++) {
      const probe = make(id);
      const agent = new ActorCriticAgent({ algorithm, observationSpace: probe.observationSpace, actionSpace: probe.actionSpace, numEnvs, seed, totalSteps: steps, config });
      const evalEnv = make<ArrayLike<number>, number | Float32Array>(id);
      const evaluation = new EvaluationCallback({ env: evalEnv, agent, every: 10_000, episodes: 10, keepBest: true });
      const wrappers = normalizeReward ? [(e: Env<unknown, unknown>) => new NormalizeReward(e, { gamma: config.gamma ?? 0.99 })] : [];
      const venv = makeVec(id, numEnvs, { autoresetMode: 'same-step', wrappers });
      const result = await trainVectorAgent({ venv, agent, totalSteps: steps, seed, callbacks: [evaluation] });
      const final = meanStd(evaluate(evalEnv, agent, 100, 5_000_000)).mean;
      if (evaluation.best) await agent.load(evaluation.best.snapshot);
      const best = meanStd(evaluate(evalEnv, agent, 100, 5_000_000)).mean;
      const sps = steps / (result.seconds - evaluation.seconds);
      agent.dispose();
      const first = evaluation.history.find((e) => e.meanReturn >= goal)?.step ?? null;
      console.log(`  ${algorithm} ${id} seed ${seed}: final ${final.toFixed(1)}, best model ${best.toFixed(1)}, ${Math.round(sps)} steps/s`);
      rows.push({ algorithm, env: id, seed, steps, envs: numEnvs, 'final model (100 ep)': final, 'best model (100 ep)': best, 'first eval >= goal': first, goal, 'steps/s': Math.round(sps) });
      results.push({ algorithm, env: id, seed, final, best, curve: evaluation.history.map((e) => ({ step: e.step, mean: e.meanReturn })), sps });
    }
  }
  printTable('PPO and A2C: greedy returns (final model and best model, 100 episodes each) and throughput', rows);
  return { rows, results };
}

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  const algo = process.argv.includes('--skip-algorithms') ? null : await algorithms();
  if (process.argv.includes('--skip-entropy')) {
    writeResults(ONLY ? `pg-${ONLY}` : 'pg-algorithms', { seeds: SEEDS, algorithms: algo });
    return;
  }
  console.log(`bench:pg: REINFORCE on CartPole-v1, ${STEPS.toLocaleString('en-US')} steps, entropy coefficients ${COEFS.join(', ')}, ${SEEDS} seeds`);
  const results: Record<string, { curves: Curve[]; finals: number[]; sps: number[] }> = {};
  for (const coef of COEFS) {
    const r = { curves: [] as Curve[], finals: [] as number[], sps: [] as number[] };
    for (let seed = 0; seed < SEEDS; seed++) {
      const x = await run(coef, seed);
      r.curves.push(x.curve);
      r.finals.push(x.final);
      r.sps.push(x.sps);
    }
    results[String(coef)] = r;
    console.log(`  entropy coefficient ${coef}: final greedy returns ${r.finals.map((f) => f.toFixed(0)).join(', ')}`);
  }
  const avg = (rows: number[][], k: number) => rows.reduce((a, r) => a + (r[k] as number), 0) / rows.length;
  const rows: Row[] = [];
  for (const [coef, r] of Object.entries(results)) {
    for (let b = 0; b < BINS; b++) {
      rows.push({
        'entropy coef': Number(coef), 'steps up to': Math.round(((b + 1) * STEPS) / BINS),
        'policy entropy (bits)': avg(r.curves.map((c) => c.entropy), b), 'episodic return': avg(r.curves.map((c) => c.ret), b),
      });
    }
  }
  printTable('Policy entropy and return over training (means over seeds)', rows);
  const summary: Row[] = Object.entries(results).map(([coef, r]) => ({
    'entropy coef': Number(coef), 'final greedy return (100 ep, mean over seeds)': r.finals.reduce((a, b) => a + b, 0) / r.finals.length,
    'per seed': r.finals.map((f) => f.toFixed(0)).join(' / '), 'steps/s': Math.round(r.sps.reduce((a, b) => a + b, 0) / r.sps.length),
  }));
  printTable('Final greedy return', summary);
  writeResults('pg', { seeds: SEEDS, algorithms: algo, entropy: { steps: STEPS, algorithm: 'reinforce', env: 'CartPole-v1', results, rows, summary } });
}

await main();
