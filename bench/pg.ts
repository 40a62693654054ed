/**
 * `npm run bench:pg`: on-policy agents. Part 1, the algorithms: PPO and A2C on CartPole-v1, PPO
 * on Acrobot-v1 and PPO with a diagonal-Gaussian policy on Pendulum-v1, each with its tuned entry
 * and budget over seeds 0-9, through `tfgym benchmark` (options --pairs, --seeds, --jobs: see
 * bench/benchmark.ts). Part 2, the entropy bonus at work: REINFORCE with a baseline on
 * CartPole-v1 for --entropy-steps env steps, entropy coefficients 0, 0.01 and 0.1, on
 * --entropy-seeds seeds: policy entropy (bits) and episodic return over training, and the final
 * greedy return over 100 episodes.
 *
 * Options: --entropy-steps N (default 30000), --entropy-seeds N (default 3), --skip-algorithms,
 * --skip-entropy, --json
 */
import { ReinforceAgent } from '../src/agents/pg/reinforce.js';
import { initBackend } from '../src/backend/index.js';
import { make } from '../src/envs/index.js';
import { evaluate, meanStd } from '../src/trainers/callbacks/evaluation.js';
import { trainAgent } from '../src/trainers/rl.js';
import { benchmarkPairs } from './benchmark.js';
import { printTable, writeResults, type Row } from './report.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const STEPS = arg('--entropy-steps', 30_000);
const SEEDS = arg('--entropy-seeds', 3);
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

async function main(): Promise<void> {
  if (!process.argv.includes('--skip-algorithms')) await benchmarkPairs('pg', [['ppo', 'CartPole-v1'], ['a2c', 'CartPole-v1'], ['ppo', 'Acrobot-v1'], ['ppo', 'Pendulum-v1']]);
  if (process.argv.includes('--skip-entropy')) return;
  await initBackend({ backend: 'wasm' });
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
  writeResults('pg-entropy', { seeds: SEEDS, entropy: { steps: STEPS, algorithm: 'reinforce', env: 'CartPole-v1', results, rows, summary } });
}

await main();
