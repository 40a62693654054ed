/**
 * `npm run bench:dqn`: DQN on MountainCar-v0 (120k steps), CartPole-v1 (50k) and Acrobot-v1
 * (100k) with their tuned entries over seeds 0-9, through `tfgym benchmark` (options: see
 * bench/benchmark.ts), then the cost of acting: microseconds per greedy `act` with the
 * JavaScript forward pass and with a tfjs call, on the MountainCar entry's network.
 */
import { initBackend } from '../src/backend/index.js';
import { buildAgent, buildEnv } from '../src/runs/rl.js';
import { resolveTrainConfig } from '../src/runs/hyperparams.js';
import { benchmarkPairs } from './benchmark.js';
import { printTable, writeResults, type Row } from './report.js';

/** Microseconds per greedy `act` with the JavaScript forward pass and with a tfjs call. */
function actLatency(): Row[] {
  const rows: Row[] = [];
  for (const fastActing of [true, false]) {
    const { config } = resolveTrainConfig('mountaincar', { agentConfig: { fastActing } });
    const env = buildEnv(config, false);
    const built = buildAgent(config, env);
    const agent = built.agent;
    const obs = env.reset({ seed: 0 }).observation;
    for (let i = 0; i < 500; i++) agent.act(obs, { explore: false });
    const n = fastActing ? 50_000 : 3_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) agent.act(obs, { explore: false });
    rows.push({ 'act path': fastActing ? 'JavaScript forward pass' : 'tfjs call (batch of 1)', network: JSON.stringify((config.agentConfig as { hiddenLayers?: number[] }).hiddenLayers), 'us per act': ((performance.now() - t0) * 1000) / n });
    agent.dispose();
  }
  return rows;
}

await benchmarkPairs('dqn', [['dqn', 'MountainCar-v0'], ['dqn', 'CartPole-v1'], ['dqn', 'Acrobot-v1']]);
await initBackend({ backend: 'wasm' });
const latency = actLatency();
printTable('Acting latency, MountainCar entry network', latency);
writeResults('dqn-act-latency', { rows: latency });
