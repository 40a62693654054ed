/**
 * The playground's training worker: builds the run from its config with the browser-safe part of
 * the runs library (`runs/build.ts`) and trains it with the same trainers as Node (`trainAgent`,
 * `trainVectorAgent`), posting episodes, updates, evaluations and progress to the page. Pausing
 * holds the loop inside a callback; stopping aborts it (the run ends as `interrupted`).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../backend/index.js';
import '../envs/builtins.js';
import '../agents/builtins.js';
import { buildAgent, buildEnv, buildVecEnv } from '../runs/build.js';
import { trainAgent } from '../trainers/rl.js';
import { trainVectorAgent } from '../trainers/rl_vector.js';
import { EvaluationCallback } from '../trainers/callbacks/evaluation.js';
import type { Callback } from '../trainers/callback.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { resolveTrainConfig } from '../runs/hyperparams.js';
import type { TrainConfig } from '../runs/config.js';
import { agentEntry, listAgents } from '../agents/registry.js';
import { listEnvs } from '../envs/registry.js';

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);
let paused: { promise: Promise<void>; release: () => void } | null = null;
let controller: AbortController | null = null;

async function holdWhilePaused(): Promise<void> {
  if (paused) await paused.promise;
}

async function start(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  let config: TrainConfig;
  try {
    config = resolveTrainConfig(undefined, m.flags).config as TrainConfig;
    agentEntry(config.agent).config(config.agentConfig); // the hyperparameters too, before anything starts
  } catch (e) {
    post({ type: 'invalid', message: (e as Error).message }); // a value out of range: nothing starts
    return;
  }
  setWasmPaths(new URL('./', self.location.href).href);
  const info = await initBackend({ backend: m.backend });
  const env = buildEnv(config, true);
  const evalEnv = buildEnv(config, false);
  const built = buildAgent(config, env);
  controller = new AbortController();
  post({ type: 'started', backend: info.name, numEnvs: built.loop === 'vector' ? config.numEnvs : 1, loop: built.loop, config: { ...config, agentConfig: agentEntry(config.agent).config(config.agentConfig) } });
  const t0 = performance.now();
  let lastProgress = 0;
  const progress: Callback = {
    onEpisodeEnd: async (e) => {
      post({ type: 'episode', step: e.step, episode: e.episode, return: e.rawReturn ?? e.return, length: e.length });
      if (performance.now() - lastProgress > 250) {
        lastProgress = performance.now();
        post({ type: 'progress', step: e.step, stepsPerSecond: e.step / ((performance.now() - t0) / 1000) });
      }
      await holdWhilePaused();
    },
    onUpdate: async (e) => {
      post({ type: 'update', step: e.step, metrics: e.metrics });
      await holdWhilePaused();
    },
    onEval: (e) => post({ type: 'eval', step: e.step, meanReturn: e.meanReturn }),
  };
  const evaluation = new EvaluationCallback({ env: evalEnv, agent: built.agent, every: config.evalEvery, episodes: config.evalEpisodes, keepBest: false });
  const common = { totalSteps: config.steps, seed: config.seed, callbacks: [evaluation, progress], signal: controller.signal, run: { task: config.env, algorithm: config.agent } };
  try {
    const result = built.loop === 'vector'
      ? await trainVectorAgent({ ...common, venv: buildVecEnv(config), agent: built.agent })
      : await trainAgent({ ...common, env, agent: built.agent });
    post({ type: 'done', reason: result.reason, step: result.steps, seconds: (performance.now() - t0) / 1000, message: result.message });
  } finally {
    built.agent.dispose();
    env.close();
    evalEnv.close();
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'describe') {
    post({ type: 'described', envs: listEnvs(), agents: listAgents() });
  } else if (m.type === 'describeAgent') {
    try {
      const { config } = resolveTrainConfig(undefined, { agent: m.agent, env: m.env });
      post({ type: 'agentForm', agent: m.agent, env: m.env, schema: agentEntry(m.agent).jsonSchema?.() ?? null, values: agentEntry(m.agent).config(config.agentConfig) as Record<string, unknown> });
    } catch (e) {
      post({ type: 'invalid', message: (e as Error).message });
    }
  } else if (m.type === 'start') {
    start(m).catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
  } else if (m.type === 'pause' && !paused) {
    let release = () => undefined as void;
    const promise = new Promise<void>((ok) => (release = ok));
    paused = { promise, release };
  } else if (m.type === 'resume' && paused) {
    paused.release();
    paused = null;
  } else if (m.type === 'stop') {
    controller?.abort();
    paused?.release();
    paused = null;
  }
};
