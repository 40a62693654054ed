export { argmax, GreedyPolicy, EpsilonGreedyPolicy, BoltzmannPolicy, type ExplorationPolicy } from './exploration.js';
