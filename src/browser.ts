/**
 * tfgym for browsers (and any JavaScript runtime): envs, agents, memory, policies, the trainer
 * core, the supervised models and tasks, configs and the backend choice, with no Node.js built-in
 * in its module graph. `import { make, DqnAgent } from 'tfgym'` resolves here in a bundler's
 * browser build (the package's `browser` condition), or as `tfgym/browser`. The Node entry
 * (index.ts) adds files, worker threads, the viewer's server and the runs library.
 */
export * from './core/index.js';
export * from './envs/index.js';
export * from './scenes/index.js';
export * from './memory/index.js';
export * from './policies/index.js';
export * from './agents/index.js';
export * from './trainers/index.js';
export * from './supervised/index.js';
export { initBackend, backendInfo, parseBackend, BACKENDS, type BackendName, type BackendInfo, type BackendOptions } from './backend/index.js';
export { trainConfig, TRAIN_DEFAULTS, SHAPING_ENVS, type TrainConfig, type TrainConfigBase, type TrainConfigInput } from './runs/config.js';
export { agentFromSnapshot, buildAgent, buildEnv, buildVecEnv, rlRunInfo, type BuiltAgent } from './runs/build.js';
export { hyperparams, tunedEntry, listHyperparams, registerHyperparams, resolveTrainConfig, entryConfig, mergeLayers, type HyperparamsEntry, type ZooResult, type ResolvedTrainConfig } from './runs/hyperparams.js';
export { parseClientMessage, PROTOCOL_VERSION, MAX_CLIENT_MESSAGE_BYTES, type ServerMessage, type ClientMessage, type Frame, type RunSummary } from './render/protocol.js';
export { LiveRenderer, type LiveRendererOptions, type ViewerSink } from './render/live.js';
export { playGreedy, type PlayOptions } from './runs/play.js';
