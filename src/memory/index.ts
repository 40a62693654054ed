export { ReplayBuffer, type ReplayBatch, type ReplayBufferOptions, type ReplayBufferState, type StoredTransition } from './replay_buffer.js';
export { UniformSampler, PrioritizedSampler, type Sampler, type PrioritizedSamplerOptions } from './samplers.js';
export { SumTree } from './sum_tree.js';
export { NStepAccumulator, type StepTransition } from './nstep.js';
