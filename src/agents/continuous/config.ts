/**
 * Configs of the continuous-action off-policy agents: SAC, and TD3 with DDPG as its one-critic,
 * no-smoothing, no-delay case. Defaults are Stable-Baselines3's (SAC: 256x256, lr 3e-4; TD3 and
 * DDPG: 400x300, lr 1e-3; all: batch 256, a 1,000,000-transition buffer, 100 random steps
 * first, Polyak tau 0.005, one gradient step per env step). Every field is checked once.
 */
import * as z from 'zod';
import { mergeConfig, type ConfigSchema } from '../../core/config.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { LEARNING_RATE, type ScheduledValue } from '../../core/schedules.js';
import { NOISE_SPEC, type NoiseSpec } from '../../policies/noise.js';
import type { WeightInit } from '../networks.js';
import { OFF_POLICY_SCHEDULE_SCHEMA, type OffPolicySchedule } from '../off_policy.js';

/** What SAC, TD3 and DDPG share. */
export interface ContinuousOffPolicyConfig extends OffPolicySchedule {
  /** Hidden layers of the actor and of each critic. */
  hiddenLayers: number[];
  /** Adam's learning rate of every network (a number or a schedule over env steps). */
  learningRate: ScheduledValue;
  /** Polyak weight of the target networks: target <- tau online + (1 - tau) target; 1 copies. */
  tau: number;
  /** Clip each network's global gradient norm to this; 0 disables (SB3 does not clip). */
  maxGradNorm: number;
  /** Act with the plain-JavaScript forward pass of the actor instead of a tfjs call. */
  fastActing: boolean;
  /** Initial weights: `glorot` (Keras' Dense, zero biases; default) or `pytorch` (nn.Linear's, as SB3's networks start). */
  weightInit: WeightInit;
}

export interface SacConfig extends ContinuousOffPolicyConfig {
  /** Entropy coefficient alpha: a fixed number, or 'auto' to learn it towards `targetEntropy`. Default auto. */
  entCoef: number | 'auto';
  /** alpha at the start when it is learned. Default 1 (SB3's 'auto'). */
  entCoefInit: number;
  /** Entropy the learned alpha aims at: a number, or 'auto' for -dim(A) (the paper's choice). */
  targetEntropy: number | 'auto';
  /** Update the target critics every this many gradient steps. Default 1. */
  targetUpdateInterval: number;
  /** Bounds of the actor's log standard deviation (SB3: -20 and 2). */
  logStdMin: number;
  logStdMax: number;
  /**
   * Generalized state-dependent exploration (gSDE; Raffin et al., 2022, "Smooth Exploration for
   * Robotic Reinforcement Learning"): the action noise is the actor's last hidden features times a
   * random matrix drawn from a learned per-entry standard deviation, held for `sdeSampleFreq`
   * steps, so exploration is consistent over many steps (what MountainCarContinuous needs).
   * Default false.
   */
  useSde: boolean;
  /** Draw a new gSDE matrix every this many env steps; -1: at the start of every rollout of `trainFrequency` steps (SB3). */
  sdeSampleFreq: number;
  /** Initial log standard deviation of every gSDE matrix entry (SB3: -3). */
  sdeLogStdInit: number;
  /** With gSDE, the actor's mean is clipped to [-clipMean, clipMean] before the tanh (SB3: 2). */
  clipMean: number;
}

export interface Td3Config extends ContinuousOffPolicyConfig {
  /** Critics: 2 for TD3's clipped double-Q, 1 for DDPG. */
  nCritics: number;
  /** Actor and target updates once every this many critic updates. TD3: 2; DDPG: 1. */
  policyDelay: number;
  /** Standard deviation of the target policy smoothing noise; 0 disables (DDPG). TD3: 0.2. */
  targetPolicyNoise: number;
  /** Clip of that noise. TD3: 0.5. */
  targetNoiseClip: number;
  /** Exploration noise added to the actor's action while training. Default Gaussian 0.1. */
  actionNoise: NoiseSpec;
}

const SHARED_SCHEMA: ConfigSchema<ContinuousOffPolicyConfig> = {
  hiddenLayers: z.array(z.int().min(1)).min(1),
  learningRate: LEARNING_RATE,
  ...OFF_POLICY_SCHEDULE_SCHEMA,
  tau: z.number().gt(0).max(1),
  maxGradNorm: z.number().min(0),
  fastActing: z.boolean(),
  weightInit: z.enum(['glorot', 'pytorch']),
};

const SHARED_DEFAULTS = {
  learningRate: 3e-4, gamma: 0.99, batchSize: 256, bufferSize: 1_000_000, learningStarts: 100, trainFrequency: 1, gradientSteps: 1,
  nStep: 1, tau: 0.005, maxGradNorm: 0, fastActing: true, weightInit: 'glorot',
} as const;

export const SAC_DEFAULTS: Readonly<SacConfig> = Object.freeze<SacConfig>({
  ...SHARED_DEFAULTS,
  hiddenLayers: [256, 256],
  entCoef: 'auto',
  entCoefInit: 1,
  targetEntropy: 'auto',
  targetUpdateInterval: 1,
  logStdMin: -20,
  logStdMax: 2,
  useSde: false,
  sdeSampleFreq: -1,
  sdeLogStdInit: -3,
  clipMean: 2,
});

export const SAC_SCHEMA: ConfigSchema<SacConfig> = {
  ...SHARED_SCHEMA,
  entCoef: z.union([z.number().min(0), z.literal('auto')]),
  entCoefInit: z.number().gt(0),
  targetEntropy: z.union([z.number(), z.literal('auto')]),
  targetUpdateInterval: z.int().min(1),
  logStdMin: z.number(),
  logStdMax: z.number(),
  useSde: z.boolean(),
  sdeSampleFreq: z.int().min(-1).refine((v) => v !== 0, 'must be -1 (every rollout) or a positive number of steps, got 0'),
  sdeLogStdInit: z.number(),
  clipMean: z.number().gt(0),
};

export const TD3_DEFAULTS: Readonly<Td3Config> = Object.freeze<Td3Config>({
  ...SHARED_DEFAULTS,
  learningRate: 1e-3,
  hiddenLayers: [400, 300],
  nCritics: 2,
  policyDelay: 2,
  targetPolicyNoise: 0.2,
  targetNoiseClip: 0.5,
  actionNoise: { kind: 'gaussian', sigma: 0.1 },
});

/** DDPG is TD3 with one critic, no target smoothing and no delay (as in Stable-Baselines3). */
export const DDPG_DEFAULTS: Readonly<Td3Config> = Object.freeze<Td3Config>({ ...TD3_DEFAULTS, nCritics: 1, policyDelay: 1, targetPolicyNoise: 0, targetNoiseClip: 0 });

export const TD3_SCHEMA: ConfigSchema<Td3Config> = {
  ...SHARED_SCHEMA,
  nCritics: z.int().min(1).max(10),
  policyDelay: z.int().min(1),
  targetPolicyNoise: z.number().min(0),
  targetNoiseClip: z.number().min(0),
  actionNoise: NOISE_SPEC,
};

export function sacConfig(input: Partial<SacConfig> = {}): Readonly<SacConfig> {
  const c = mergeConfig('sac', SAC_DEFAULTS, SAC_SCHEMA, input);
  if (!(c.logStdMin < c.logStdMax)) throw new InvalidArgumentError(`sac.logStdMin must be < sac.logStdMax, got ${c.logStdMin} and ${c.logStdMax}`);
  return c;
}

/** TD3's config (`algorithm: 'ddpg'` starts from DDPG's defaults). */
export function td3Config(algorithm: 'td3' | 'ddpg', input: Partial<Td3Config> = {}): Readonly<Td3Config> {
  return mergeConfig(algorithm, algorithm === 'td3' ? TD3_DEFAULTS : DDPG_DEFAULTS, TD3_SCHEMA, input);
}
