/**
 * DQN's configuration: every hyperparameter a documented field with its default (the defaults
 * follow Stable-Baselines3's DQN where it has one, with Double DQN on), merged once and checked.
 */
import * as z from 'zod';
import { mergeConfig, type ConfigSchema } from '../../core/config.js';
import { OFF_POLICY_SCHEDULE_SCHEMA, type OffPolicySchedule } from '../off_policy.js';
import { LEARNING_RATE, PROBABILITY_SCHEDULE, type ScheduleSpec, type ScheduledValue } from '../../core/schedules.js';

export interface DqnConfig extends OffPolicySchedule {
  /** Sizes of the hidden layers of the Q-network. Default [64, 64]. */
  hiddenLayers: number[];
  /** Activation of the hidden layers. Default relu. */
  activation: 'relu' | 'tanh';
  /**
   * Adam's learning rate: a number, or a schedule over env steps, e.g.
   * `{ kind: 'linear', start: 1e-3, end: 1e-4 }` (without `steps`, over the whole run), which
   * steadies the end of training, where DQN's greedy return oscillates. Default 1e-4.
   */
  learningRate: ScheduledValue;
  /** Discount factor. Default 0.99. */
  gamma: number;
  /** Transitions per gradient step. Default 32. */
  batchSize: number;
  /** Replay capacity. Default 100,000. */
  bufferSize: number;
  /** Env steps collected before learning starts. Default 1,000. */
  learningStarts: number;
  /** Learn every this many env steps. Default 4. */
  trainFrequency: number;
  /** Gradient steps each time it learns. Default 1. */
  gradientSteps: number;
  /** Update the target network every this many env steps. Default 10,000. */
  targetUpdateInterval: number;
  /** Target update weight: 1 copies the online network (hard update); < 1 is Polyak averaging. Default 1. */
  tau: number;
  /** Select the next action with the online network and value it with the target (van Hasselt et al., 2016). Default true. */
  doubleDqn: boolean;
  /** Separate value and advantage heads (Wang et al., 2016). Default false. */
  dueling: boolean;
  /**
   * Filters of a convolutional torso before the hidden layers, for image observations (e.g.
   * [16, 32]: 3x3 convolutions with ReLU and 2x2 pooling, the supervised track's head). Default []: none.
   */
  convFilters: number[];
  /**
   * Advantage learning's alpha (Bellemare et al., 2016): the TD target subtracts
   * alpha (max_b Q_target(s, b) - Q_target(s, a)), which widens the gap between the greedy action
   * and the others, so that the small errors a network always has stop flipping the greedy
   * policy late in training. 0 disables (plain DQN). Default 0.
   */
  advantageLearning: number;
  /** TD loss: Huber (smooth L1, as in the Nature DQN) or mean squared error. Default huber. */
  loss: 'huber' | 'mse';
  /** Clip the global gradient norm to this value; 0 disables. Default 10. */
  maxGradNorm: number;
  /** Steps in each return (n-step DQN). Default 1. */
  nStep: number;
  /** Prioritized experience replay (Schaul et al., 2016). Default false. */
  prioritizedReplay: boolean;
  /** PER: how much prioritisation is used. Default 0.6. */
  priorityAlpha: number;
  /** PER: initial importance-sampling exponent, annealed to 1 over the run. Default 0.4. */
  priorityBeta0: number;
  /** Exploration rate over env steps. Default linear from 1 to 0.05 over 10,000 steps. */
  exploration: ScheduleSpec;
  /** Act with the plain-JavaScript forward pass (same weights) instead of a tfjs call. Default true. */
  fastActing: boolean;
  /** Scale observations from the (bounded) observation space's box onto [-1, 1] inside the network. Default false. */
  normalizeObservations: boolean;
}

export const DQN_DEFAULTS: Readonly<DqnConfig> = Object.freeze<DqnConfig>({
  hiddenLayers: [64, 64],
  activation: 'relu',
  learningRate: 1e-4,
  gamma: 0.99,
  batchSize: 32,
  bufferSize: 100_000,
  learningStarts: 1_000,
  trainFrequency: 4,
  gradientSteps: 1,
  nStep: 1,
  targetUpdateInterval: 10_000,
  tau: 1,
  doubleDqn: true,
  dueling: false,
  convFilters: [],
  advantageLearning: 0,
  loss: 'huber',
  maxGradNorm: 10,
  prioritizedReplay: false,
  priorityAlpha: 0.6,
  priorityBeta0: 0.4,
  exploration: { kind: 'linear', start: 1, end: 0.05, steps: 10_000 },
  fastActing: true,
  normalizeObservations: false,
});

export const DQN_SCHEMA: ConfigSchema<DqnConfig> = {
  hiddenLayers: z.array(z.int().min(1)).min(1),
  activation: z.enum(['relu', 'tanh']),
  learningRate: LEARNING_RATE,
  ...OFF_POLICY_SCHEDULE_SCHEMA,
  targetUpdateInterval: z.int().min(1),
  tau: z.number().gt(0).max(1),
  doubleDqn: z.boolean(),
  dueling: z.boolean(),
  convFilters: z.array(z.int().min(1).max(1024)).max(6),
  advantageLearning: z.number().min(0).lt(1),
  loss: z.enum(['huber', 'mse']),
  maxGradNorm: z.number().min(0),
  prioritizedReplay: z.boolean(),
  priorityAlpha: z.number().min(0).max(1),
  priorityBeta0: z.number().min(0).max(1),
  exploration: PROBABILITY_SCHEDULE,
  fastActing: z.boolean(),
  normalizeObservations: z.boolean(),
};

/** The keys of configs saved before learning rates were schedules (still read). */
export interface LegacyDqnKeys {
  /** Linear decay of the learning rate over this many env steps (0: none). Now a `learningRate` schedule. */
  learningRateDecaySteps?: number;
  /** The fraction of the learning rate reached at the end of that decay. */
  learningRateFinal?: number;
}

/** A saved config's `learningRateDecaySteps`/`learningRateFinal` as the `learningRate` schedule they meant. */
function upgrade(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('learningRateDecaySteps' in input || 'learningRateFinal' in input)) return input;
  const { learningRateDecaySteps: steps = 0, learningRateFinal: final = 0.1, ...rest } = input as Partial<DqnConfig> & LegacyDqnKeys;
  if (steps === 0) return rest;
  const lr = typeof rest.learningRate === 'number' ? rest.learningRate : (DQN_DEFAULTS.learningRate as number);
  return { ...rest, learningRate: { kind: 'linear', start: lr, end: lr * final, steps } };
}

/** The full config: `input` merged over the defaults, every field checked. */
export function dqnConfig(input: Partial<DqnConfig> & LegacyDqnKeys = {}): Readonly<DqnConfig> {
  return mergeConfig('dqn', DQN_DEFAULTS, DQN_SCHEMA, upgrade(input));
}

/**
 * The tutorial's agent: a 2x50 ReLU Q-network trained with Adam (default rate 1e-3) on the MSE
 * between Q(s, a) and r + gamma max Q(s', a'), a batch of 50 every step from a 50,000-transition
 * memory, epsilon decaying as 0.01 + 0.99 exp(-0.0001 t), and no separate target network (the
 * tutorial computes targets with the same network; an update interval of 1 is the same thing).
 * Use it with the shaped MountainCar reward (`mountainCarTutorialShaping`).
 */
export const DQN_TUTORIAL: Readonly<Partial<DqnConfig>> = Object.freeze<Partial<DqnConfig>>({
  hiddenLayers: [50, 50],
  activation: 'relu',
  learningRate: 1e-3,
  gamma: 0.99,
  batchSize: 50,
  bufferSize: 50_000,
  learningStarts: 50,
  trainFrequency: 1,
  gradientSteps: 1,
  targetUpdateInterval: 1,
  tau: 1,
  doubleDqn: false,
  dueling: false,
  convFilters: [],
  loss: 'mse',
  maxGradNorm: 0,
  nStep: 1,
  prioritizedReplay: false,
  exploration: { kind: 'exponential', start: 1, end: 0.01, decay: 0.0001 },
});
