/**
 * The playground's training worker: builds the run from its config with the browser-safe part of
 * the runs library (`runs/build.ts`) and trains it with the same trainers as Node (`trainAgent`,
 * `trainVectorAgent`). The page is fed the viewer's own messages (a `LiveRenderer` whose sink is
 * `postMessage`): run header, episodes with their recorded frames, metrics, evaluations. Pausing
 * holds the loop inside a callback; stopping aborts it (the run ends as `interrupted`). The run's
 * agent stays as the current model after the run: it can be saved as a checkpoint, replaced by a
 * loaded one, and watched playing greedy episodes.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initBackend, type BackendInfo } from '../backend/index.js';
import '../envs/builtins.js';
import '../agents/builtins.js';
import { agentEntry, listAgents } from '../agents/registry.js';
import { listEnvs } from '../envs/registry.js';
import { LiveRenderer } from '../render/live.js';
import type { ServerMessage } from '../render/protocol.js';
import { buildAgent, buildEnv, buildVecEnv, rlRunInfo } from '../runs/build.js';
import type { TrainConfig } from '../runs/config.js';
import type { VectorEnv } from '../envs/vector/types.js';
import { hyperparams, listHyperparams, resolveTrainConfig } from '../runs/hyperparams.js';
import { playGreedy } from '../runs/play.js';
import type { Callback, RunContext } from '../trainers/callback.js';
import { EvaluationCallback } from '../trainers/callbacks/evaluation.js';
import { trainAgent } from '../trainers/rl.js';
import { trainVectorAgent } from '../trainers/rl_vector.js';
import { pointBackend } from './backend_choice.js';
import { importEnvModule, importEnvModuleUrl } from './env_modules.js';
import { loadModel, modelFile, type Model } from './model.js';
import type { FromWorker, PageBackend, PresetInfo, ToWorker } from './protocol.js';

const post = (m: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);
const fail = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const sink = { broadcast: (message: ServerMessage) => post({ type: 'viewer', message }) };
let paused: { promise: Promise<void>; release: () => void } | null = null;
let controller: AbortController | null = null;
let watching: AbortController | null = null;
let model: Model | null = null;
/** A save asked for while the run trains: done at its next episode end or update. */
let saveAsked = false;

function presets(): PresetInfo[] {
  return listHyperparams().map((name) => {
    const { entry } = hyperparams(name);
    return { name, agent: entry.agent, env: entry.env, source: entry.source };
  });
}

async function describe(modules: string[], base: string, added: string[] = []): Promise<void> {
  try {
    for (const url of modules) added.push(...(await importEnvModuleUrl(url, base)));
  } catch (e) {
    post({ type: 'invalid', message: fail(e) });
  }
  post({ type: 'described', envs: listEnvs(), agents: listAgents(), presets: presets(), added });
}

/** Starts the backend the page asked for (`auto`: see backend_choice.ts); agents are built after it. */
async function useBackend(asked: PageBackend): Promise<{ info: BackendInfo; note: string }> {
  setWasmPaths(new URL('./', self.location.href).href);
  const choice = pointBackend(asked);
  return { info: await initBackend({ backend: choice.backend }), note: choice.note };
}

function replaceModel(next: Model | null): void {
  watching?.abort();
  model?.dispose();
  model = next;
}

function save(): void {
  if (!model) {
    post({ type: 'error', message: 'there is no model to save yet: train one or load a checkpoint' });
    return;
  }
  const file = modelFile(model);
  post({ type: 'model', ...file }, [file.bytes.buffer]);
}

async function start(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  let config: TrainConfig;
  let agentConfig: unknown;
  try {
    config = resolveTrainConfig(m.preset ?? undefined, m.flags).config as TrainConfig;
    agentConfig = agentEntry(config.agent).config(config.agentConfig); // the hyperparameters too, before anything starts
  } catch (e) {
    post({ type: 'invalid', message: fail(e) }); // a value out of range: nothing starts
    return;
  }
  replaceModel(null);
  const { info, note } = await useBackend(m.backend);
  const live = new LiveRenderer({ server: sink, episodeInterval: 1000, metricsInterval: 1000 });
  const env = buildEnv(config, true);
  const evalEnv = buildEnv(config, false);
  const built = buildAgent(config, env);
  controller = new AbortController();
  post({ type: 'started', backend: info.name, backendNote: note, numEnvs: built.loop === 'vector' ? config.numEnvs : 1, loop: built.loop, config: { ...config, agentConfig } });
  const t0 = performance.now();
  let lastProgress = 0;
  let ctx: RunContext | null = null;
  const held = async (c: RunContext): Promise<void> => {
    ctx = c;
    if (saveAsked && model) {
      saveAsked = false;
      save();
    }
    if (paused) await paused.promise;
  };
  const progress: Callback = {
    onRunStart: (_e, c) => {
      ctx = c;
    },
    onEpisodeEnd: async (e, c) => {
      if (performance.now() - lastProgress > 250) {
        lastProgress = performance.now();
        post({ type: 'progress', step: e.step, stepsPerSecond: e.step / ((performance.now() - t0) / 1000) });
      }
      await held(c);
    },
    onUpdate: async (_e, c) => held(c),
  };
  const evaluation = new EvaluationCallback({ env: evalEnv, agent: built.agent, every: config.evalEvery, episodes: config.evalEpisodes, keepBest: false });
  const run = rlRunInfo(config, null, info.name);
  const common = { totalSteps: config.steps, seed: config.seed, callbacks: [evaluation, live, progress], signal: controller.signal, run };
  let copy = 0;
  let venv: VectorEnv | null = null;
  model = {
    info: { env: config.env, agent: config.agent, step: 0, source: 'trained here' },
    config, agent: built.agent,
    snapshot: () => {
      const s = ctx?.snapshot();
      if (!s) throw new Error('the run has not started yet');
      return s;
    },
    dispose: () => {
      built.agent.dispose();
      env.close();
      evalEnv.close();
      venv?.close();
    },
  };
  const result = built.loop === 'vector'
    ? await trainVectorAgent({ ...common, venv: (venv = buildVecEnv(config, (e) => live.wrap(e, copy++))), agent: built.agent })
    : await trainAgent({ ...common, env: live.wrap(env), agent: built.agent });
  controller = null;
  model.info.step = result.steps;
  if (result.reason === 'error') replaceModel(null);
  post({ type: 'done', reason: result.reason, step: result.steps, seconds: (performance.now() - t0) / 1000, message: result.message, model: model?.info ?? null });
}

async function watch(seed: number): Promise<void> {
  if (!model || controller) {
    post({ type: 'error', message: model ? 'the model is training: watch it when the run has ended (or stop it)' : 'there is no model to watch yet: train one or load a checkpoint' });
    post({ type: 'watchEnded' });
    return;
  }
  watching?.abort();
  const signal = (watching = new AbortController()).signal;
  const live = new LiveRenderer({ server: sink, episodeInterval: 0 });
  const env = live.wrap(buildEnv(model.config, false));
  live.onRunStart({ type: 'runStart', run: { ...rlRunInfo(model.config, null, null), start: model.info.step } });
  try {
    await playGreedy({ env, agent: model.agent, live, seed, step: model.info.step, signal, onEpisode: (episode, total, length) => post({ type: 'watchEpisode', episode, return: total, length }) });
  } finally {
    env.close();
    post({ type: 'watchEnded' });
  }
}

const handlers: { [K in ToWorker['type']]: (m: Extract<ToWorker, { type: K }>) => Promise<void> | void } = {
  describe: (m) => describe(m.modules, m.base),
  envModule: async (m) => {
    try {
      await describe([], '', await importEnvModule(m.file.name, new TextDecoder().decode(m.file.bytes)));
    } catch (e) {
      post({ type: 'invalid', message: fail(e) });
    }
  },
  describeAgent: (m) => {
    try {
      const { config } = resolveTrainConfig(m.preset ?? undefined, { agent: m.agent, env: m.env });
      post({ type: 'agentForm', agent: m.agent, env: m.env, preset: m.preset, schema: agentEntry(m.agent).jsonSchema?.() ?? null, values: agentEntry(m.agent).config(config.agentConfig) as Record<string, unknown> });
    } catch (e) {
      post({ type: 'invalid', message: fail(e) });
    }
  },
  start: (m) => start(m),
  pause: () => {
    if (paused) return;
    let release = () => undefined as void;
    const promise = new Promise<void>((ok) => (release = ok));
    paused = { promise, release };
  },
  resume: () => {
    paused?.release();
    paused = null;
  },
  stop: () => {
    controller?.abort();
    paused?.release();
    paused = null;
  },
  save: () => {
    if (controller && !paused) saveAsked = true; // at the loop's next callback
    else save();
  },
  load: async (m) => {
    if (controller) {
      post({ type: 'loadFailed', message: 'a run is training: stop it before loading a model' });
      return;
    }
    try {
      await useBackend(m.backend);
      const next = await loadModel(m.files, m.env);
      replaceModel(next);
      post({ type: 'loaded', model: next.info });
    } catch (e) {
      post({ type: 'loadFailed', message: fail(e) }); // the current model is kept
    }
  },
  watch: (m) => watch(m.seed),
  stopWatch: () => watching?.abort(),
};

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  const handler = handlers[m.type] as (m: ToWorker) => Promise<void> | void;
  Promise.resolve()
    .then(() => handler(m))
    .catch((e: unknown) => post({ type: 'error', message: fail(e) }));
};
