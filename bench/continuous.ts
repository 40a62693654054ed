/**
 * `npm run bench:continuous`: the off-policy continuous-control agents with their tuned entries
 * and budgets on seeds 0-4 (issue 14's goal table) through `tfgym benchmark`: SAC, TD3 and DDPG on
 * Pendulum-v1 (20k steps), SAC (50k) and TD3 (300k ceiling) on MountainCarContinuous-v0. The
 * speed of a SAC step is `npm run bench:sac`.
 */
import { benchmarkPairs } from './benchmark.js';

export const CONTINUOUS_PAIRS: [string, string][] = [
  ['sac', 'Pendulum-v1'], ['td3', 'Pendulum-v1'], ['ddpg', 'Pendulum-v1'],
  ['sac', 'MountainCarContinuous-v0'], ['td3', 'MountainCarContinuous-v0'],
];

await benchmarkPairs('continuous', CONTINUOUS_PAIRS, '0-4');
