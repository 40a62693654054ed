/**
 * The config of an RL run: the env, the agent kind and its hyperparameters, and how the run is
 * trained, evaluated, logged and checkpointed. `agentConfig` is typed by `agent` (a discriminated
 * union over the agents registry's {@link AgentConfigs}); every field is checked once, here,
 * including the agent's own config (by its registry entry).
 */
import * as z from 'zod';
import { agentEntry, type AgentConfigs, type AgentKind } from '../agents/registry.js';
import { mergeConfig, type ConfigSchema } from '../core/config.js';
import { InvalidArgumentError, describe } from '../core/errors.js';

/** Reward shapings that read MountainCar's state, with the env they are defined for. */
export const SHAPING_ENVS: Readonly<Record<'tutorial' | 'energy', string>> = Object.freeze({ tutorial: 'MountainCar-v0', energy: 'MountainCar-v0' });

/** What every RL run config has, whatever its agent. */
/** See {@link TrainConfig.pixels}. */
export interface PixelsConfig {
  height: number;
  width: number;
  grayscale: boolean;
  frameStack: number;
}

export interface TrainConfigBase {
  /** Registered env id. */
  env: string;
  /** Env copies for vector agents (a2c, ppo): a sync vector env. */
  numEnvs: number;
  /** Seed of the env, the agent and everything else. */
  seed: number;
  /** Env steps to train for. */
  steps: number;
  /**
   * Reward shaping during training: none; the tutorial's MountainCar position bonus; or
   * potential-based shaping with MountainCar's mechanical energy (policy-invariant). Both read
   * MountainCar's state, so they are for MountainCar-v0 only. Evaluation is always unshaped.
   */
  shaping: 'none' | 'tutorial' | 'energy';
  /**
   * Scale training rewards by the running standard deviation of the discounted return
   * (NormalizeReward, like SB3's VecNormalize reward scaling; per env copy). Evaluation and the
   * reported episodic returns stay unscaled.
   */
  normalizeReward: boolean;
  /** Env steps between greedy evaluations (0: only at the end). */
  evalEvery: number;
  /** Episodes per evaluation. */
  evalEpisodes: number;
  /**
   * Stop once an evaluation reaches a return: `true` for the env's reward threshold, a number for
   * that return (as SB3's `StopTrainingOnRewardThreshold(reward_threshold)`), `false` never.
   */
  stopAtThreshold: boolean | number;
  /**
   * Fresh episodes the delivered model (`RUN/best`) is tested on when training ends, with seeds
   * no evaluation used (0: no test).
   */
  testEpisodes: number;
  /** Env steps between checkpoints. */
  checkpointEvery: number;
  /** Checkpoints kept. */
  keepCheckpoints: number;
  /** Env steps over which update metrics are averaged in the logs. */
  logInterval: number;
  /** Env steps between videos of one greedy episode in RUN/videos/ (0: none). Needs an env with rgb_array rendering. */
  videoEvery: number;
  /**
   * Learn from pixels: the env is made with renderMode 'rgb_array' and its frames become the
   * observation (AddRenderObservation, GrayscaleObservation when `grayscale`, ResizeObservation to
   * `[height, width]`, FrameStackObservation of `frameStack`). Null (default): the env's own observations.
   */
  pixels: PixelsConfig | null;
}

/**
 * A full RL run config. `agent` names a registered agent kind (`dqn`, `reinforce`, `a2c`, `ppo`,
 * `qtable`, or one of the user's); `agentConfig` holds overrides of that agent's defaults.
 */
export type TrainConfig = { [K in AgentKind]: TrainConfigBase & { agent: K; agentConfig: Partial<AgentConfigs[K]> } }[AgentKind];

/** What a user writes: any subset of a config (presets, --config files). */
export type TrainConfigInput = Partial<TrainConfigBase> & { agent?: string; agentConfig?: Record<string, unknown> };

export const TRAIN_DEFAULTS: Readonly<TrainConfig> = Object.freeze<TrainConfig>({
  env: 'CartPole-v1',
  agent: 'dqn',
  numEnvs: 8,
  seed: 0,
  steps: 50_000,
  agentConfig: {},
  shaping: 'none',
  normalizeReward: false,
  evalEvery: 10_000,
  evalEpisodes: 10,
  stopAtThreshold: false,
  testEpisodes: 100,
  checkpointEvery: 10_000,
  keepCheckpoints: 3,
  logInterval: 1_000,
  videoEvery: 0,
  pixels: null,
});

const SCHEMA: ConfigSchema<TrainConfigBase & { agent: string; agentConfig: object }> = {
  env: z.string(),
  agent: z.string(),
  numEnvs: z.int().min(1),
  seed: z.int().min(0),
  steps: z.int().min(1),
  agentConfig: z.record(z.string(), z.unknown()),
  shaping: z.enum(['none', 'tutorial', 'energy']),
  normalizeReward: z.boolean(),
  evalEvery: z.int().min(0),
  evalEpisodes: z.int().min(1),
  stopAtThreshold: z.union([z.boolean(), z.number().finite()]),
  testEpisodes: z.int().min(0),
  checkpointEvery: z.int().min(1),
  keepCheckpoints: z.int().min(1),
  logInterval: z.int().min(1),
  videoEvery: z.int().min(0),
  pixels: z.object({ height: z.int().min(8).max(512), width: z.int().min(8).max(512), grayscale: z.boolean(), frameStack: z.int().min(1).max(16) }).strict().nullable(),
};

/**
 * A full training config: `input` over the defaults, every key checked, the agent kind looked up
 * in the registry and its `agentConfig` checked by that agent's entry.
 */
export function trainConfig(input: unknown): Readonly<TrainConfig> {
  const config = mergeConfig<TrainConfigBase & { agent: string; agentConfig: object }>('train', TRAIN_DEFAULTS, SCHEMA, input);
  agentEntry(config.agent).config(config.agentConfig);
  if (config.shaping !== 'none' && config.env !== SHAPING_ENVS[config.shaping]) {
    throw new InvalidArgumentError(`train.shaping ${describe(config.shaping)} reads MountainCar's state and is for ${SHAPING_ENVS[config.shaping]} only, got env ${describe(config.env)}`);
  }
  return config as Readonly<TrainConfig>;
}
