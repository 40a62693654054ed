export { argmax, GreedyPolicy, EpsilonGreedyPolicy, BoltzmannPolicy, type ExplorationPolicy } from './exploration.js';
export { GaussianNoise, OrnsteinUhlenbeckNoise, makeNoise, NOISE_SPEC, type ActionNoise, type NoiseSpec } from './noise.js';
