/**
 * tfgym: a reinforcement-learning gym and agent framework for TypeScript, on TensorFlow.js.
 */
export * from './core/index.js';
export * from './envs/index.js';
export * from './memory/index.js';
export * from './policies/index.js';
export * from './agents/index.js';
export * from './trainers/index.js';
export * from './supervised/index.js';
export { initBackend, backendInfo, parseBackend, BACKENDS, type BackendName, type BackendInfo, type BackendOptions } from './backend/index.js';
export * from './runs/index.js';
