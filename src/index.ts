/**
 * tfgym: a reinforcement-learning gym and agent framework for TypeScript.
 */
export * from './core/index.js';
export * from './envs/index.js';
