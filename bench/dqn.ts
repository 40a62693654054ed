/**
 * `npm run bench:dqn`: DQN on MountainCar-v0 (120k steps), CartPole-v1 (50k) and Acrobot-v1
 * (100k) with the CLI presets, over 3 seeds. Reports the greedy evaluation return on the
 * unshaped env against env steps (10 episodes every preset interval), the return over 100 fresh
 * episodes of the final model and of the model kept at its best 10-episode evaluation (as
 * Stable-Baselines3's EvalCallback keeps a best model), the first step an evaluation reached the
 * env's threshold, and training throughput (env steps per second including learning, evaluation
 * time excluded).
 *
 * Options: --envs mountaincar,cartpole,acrobot  --seeds N (default 3)  --episodes N (final
 * evaluation, default 100)  --backend B  --json
 */
import { initBackend, parseBackend } from '../src/backend/index.js';
import { buildAgent, buildEnv } from '../src/runs/rl.js';
import { trainConfig } from '../src/runs/config.js';
import { preset } from '../src/runs/presets.js';
import { spec } from '../src/envs/registry.js';
import { EvaluationCallback, evaluate, meanStd } from '../src/trainers/callbacks/evaluation.js';
import { trainAgent } from '../src/trainers/rl.js';
import { printTable, writeResults, type Row } from './report.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PRESETS = (arg('--envs') ?? 'mountaincar,cartpole,acrobot').split(',');
const SEEDS = Number(arg('--seeds') ?? 3);
const FINAL_EPISODES = Number(arg('--episodes') ?? 100);

interface SeedResult {
  seed: number;
  finalMean: number;
  finalStd: number;
  /** The model kept at its best 10-episode evaluation, re-evaluated on 100 fresh episodes. */
  bestMean: number;
  bestStd: number;
  bestStep: number;
  curve: { step: number; mean: number }[];
  firstAtThreshold: number | null;
  stepsPerSecond: number;
  trainSeconds: number;
}

async function runSeed(name: string, seed: number): Promise<SeedResult> {
  const config = trainConfig({ ...preset(name), seed });
  const env = buildEnv(config, true);
  const evalEnv = buildEnv(config, false);
  const built = buildAgent(config, env);
  if (built.loop !== 'single') throw new Error(`this benchmark trains single-env agents; ${config.agent} trains on vector envs`);
  const agent = built.agent;
  const evaluation = new EvaluationCallback({ env: evalEnv, agent, every: config.evalEvery, episodes: config.evalEpisodes, atEnd: true, keepBest: true });
  const result = await trainAgent({ env, agent, totalSteps: config.steps, seed, callbacks: [evaluation] });
  if (result.reason !== 'completed') throw new Error(`${name} seed ${seed} ended with ${result.reason}: ${result.message}`);
  const final = meanStd(evaluate(evalEnv, agent, FINAL_EPISODES, 10_000_000));
  const best = evaluation.best;
  if (best) await agent.load(best.snapshot);
  const chosen = meanStd(evaluate(evalEnv, agent, FINAL_EPISODES, 10_000_000));
  const threshold = spec(config.env).rewardThreshold ?? Infinity;
  const trainSeconds = result.seconds - evaluation.seconds;
  agent.dispose();
  return {
    seed,
    finalMean: final.mean,
    finalStd: final.std,
    bestMean: chosen.mean,
    bestStd: chosen.std,
    bestStep: best?.step ?? config.steps,
    curve: evaluation.history.map((e) => ({ step: e.step, mean: e.meanReturn })),
    firstAtThreshold: evaluation.history.find((e) => e.meanReturn >= threshold)?.step ?? null,
    stepsPerSecond: config.steps / trainSeconds,
    trainSeconds,
  };
}

/** Microseconds per greedy `act` with the JavaScript forward pass and with a tfjs call. */
function actLatency(): Row[] {
  const rows: Row[] = [];
  for (const fastActing of [true, false]) {
    const config = trainConfig({ ...preset('mountaincar'), agentConfig: { ...preset('mountaincar').agentConfig, fastActing } });
    const env = buildEnv(config, false);
    const built = buildAgent(config, env);
  if (built.loop !== 'single') throw new Error(`this benchmark trains single-env agents; ${config.agent} trains on vector envs`);
  const agent = built.agent;
    const obs = env.reset({ seed: 0 }).observation;
    for (let i = 0; i < 500; i++) agent.act(obs, { explore: false });
    const n = fastActing ? 50_000 : 3_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) agent.act(obs, { explore: false });
    rows.push({ 'act path': fastActing ? 'JavaScript forward pass' : 'tfjs call (batch of 1)', 'us per act': ((performance.now() - t0) * 1000) / n });
    agent.dispose();
  }
  return rows;
}

async function main(): Promise<void> {
  const backend = await initBackend({ backend: parseBackend(arg('--backend') ?? process.env.TFGYM_BACKEND) });
  console.log(`bench:dqn on ${backend.name}: presets ${PRESETS.join(', ')}, ${SEEDS} seeds, final evaluation over ${FINAL_EPISODES} episodes`);
  const results: Record<string, { env: string; steps: number; threshold: number | null; seeds: SeedResult[] }> = {};
  const rows: Row[] = [];
  for (const name of PRESETS) {
    const config = trainConfig(preset(name));
    const seeds: SeedResult[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      process.stdout.write(`  ${config.env} seed ${seed} (${config.steps.toLocaleString('en-US')} steps) ...`);
      const r = await runSeed(name, seed);
      seeds.push(r);
      process.stdout.write(` final ${r.finalMean.toFixed(1)} ± ${r.finalStd.toFixed(1)}, best model ${r.bestMean.toFixed(1)} ± ${r.bestStd.toFixed(1)}, ${Math.round(r.stepsPerSecond)} steps/s\n`);
      rows.push({
        env: config.env, seed, steps: config.steps, 'final model (100 ep)': r.finalMean, 'final std': r.finalStd,
        'best model (100 ep)': r.bestMean, 'best std': r.bestStd, 'best at step': r.bestStep,
        'first eval >= threshold': r.firstAtThreshold, 'steps/s': Math.round(r.stepsPerSecond),
      });
    }
    results[name] = { env: config.env, steps: config.steps, threshold: spec(config.env).rewardThreshold, seeds };
  }
  printTable('DQN: greedy return on the unshaped env, and training throughput (evaluation time excluded)', rows);
  const curves: Row[] = [];
  for (const [name, r] of Object.entries(results)) {
    const steps = r.seeds[0]?.curve.map((c) => c.step) ?? [];
    steps.forEach((step, k) => {
      const values = r.seeds.map((s) => s.curve[k]?.mean ?? Number.NaN);
      curves.push({ preset: name, step, 'mean eval return': values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) });
    });
  }
  printTable('Learning curves: evaluation return (10 episodes) against env steps, over seeds', curves);
  const latency = actLatency();
  printTable('Acting latency, MountainCar preset network (2x64)', latency);
  // A partial run (--envs) gets its own file, so it never overwrites the full benchmark's record.
  writeResults(arg('--envs') ? `dqn-${PRESETS.join('-')}` : 'dqn', { backend: backend.name, seeds: SEEDS, finalEpisodes: FINAL_EPISODES, results, rows, actLatency: latency });
}

await main();
