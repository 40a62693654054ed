/**
 * The built-in env registrations, with Gymnasium's ids, time limits and reward thresholds.
 */
import type { Env, RegisterOptions } from '../core/env.js';
// The built-in envs' pictures: loading the envs makes render() draw them.
import '../scenes/index.js';
import { AcrobotEnv } from './classic_control/acrobot.js';
import { CartPoleEnv, type CartPoleOptions } from './classic_control/cartpole.js';
import { ContinuousMountainCarEnv, type MountainCarContinuousOptions } from './classic_control/continuous_mountain_car.js';
import { MountainCarEnv, type MountainCarOptions } from './classic_control/mountain_car.js';
import { PendulumEnv, type PendulumOptions } from './classic_control/pendulum.js';
import { DelayedRewardGameEnv, RewardTableGameEnv, type DelayedRewardGameOptions } from './toy_text/tutorial_games.js';

type Factory = (kwargs: Record<string, unknown>) => Env<unknown, unknown>;
const asFactory = <K>(build: (kwargs: K) => unknown): Factory => build as Factory;

export const BUILTIN_ENVS: readonly RegisterOptions[] = [
  { id: 'CartPole-v0', entryPoint: asFactory((k: CartPoleOptions) => new CartPoleEnv(k)), maxEpisodeSteps: 200, rewardThreshold: 195.0 },
  { id: 'CartPole-v1', entryPoint: asFactory((k: CartPoleOptions) => new CartPoleEnv(k)), maxEpisodeSteps: 500, rewardThreshold: 475.0 },
  { id: 'MountainCar-v0', entryPoint: asFactory((k: MountainCarOptions) => new MountainCarEnv(k)), maxEpisodeSteps: 200, rewardThreshold: -110.0 },
  {
    id: 'MountainCarContinuous-v0',
    entryPoint: asFactory((k: MountainCarContinuousOptions) => new ContinuousMountainCarEnv(k)),
    maxEpisodeSteps: 999,
    rewardThreshold: 90.0,
  },
  { id: 'Pendulum-v1', entryPoint: asFactory((k: PendulumOptions) => new PendulumEnv(k)), maxEpisodeSteps: 200 },
  { id: 'Acrobot-v1', entryPoint: asFactory((k: Record<string, never>) => new AcrobotEnv(k)), maxEpisodeSteps: 500, rewardThreshold: -100.0 },
  { id: 'tutorial/RewardTable-v0', entryPoint: asFactory((k: Record<string, never>) => new RewardTableGameEnv(k)), rewardThreshold: 30 },
  {
    id: 'tutorial/DelayedReward-v0',
    entryPoint: asFactory((k: DelayedRewardGameOptions) => new DelayedRewardGameEnv(k)),
    maxEpisodeSteps: 100,
  },
];
