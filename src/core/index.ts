export * from './errors.js';
export * from './rng.js';
export * from './logger.js';
export * from './env.js';
export * from './spaces/index.js';
export * from './agent.js';
export * from './config.js';
export * from './events.js';
