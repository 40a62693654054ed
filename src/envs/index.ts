export { Wrapper } from './wrapper.js';
export { register, make, spec, listEnvs, unregister, type RegisterOptions, type MakeOptions } from './registry.js';
export * from './wrappers/index.js';
export { CartPoleEnv, type CartPoleOptions } from './classic_control/cartpole.js';
export { MountainCarEnv, type MountainCarOptions } from './classic_control/mountain_car.js';
export { ContinuousMountainCarEnv, type MountainCarContinuousOptions } from './classic_control/continuous_mountain_car.js';
export { PendulumEnv, angleNormalize, type PendulumOptions } from './classic_control/pendulum.js';
export { AcrobotEnv } from './classic_control/acrobot.js';
export { RewardTableGameEnv, DelayedRewardGameEnv, type DelayedRewardGameOptions } from './toy_text/tutorial_games.js';
