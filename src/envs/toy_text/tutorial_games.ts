/**
 * The two small games of the Q-learning tutorial (`shared/reference/tutorials.txt`, "Q learning"):
 * a reward-table game and a delayed-reward chain. States and actions are 0-based here; the
 * tutorial's "state 1" is state 0 and its "action 1" is action 0.
 */
import { BaseEnv, type ResetArgs, type ResetResult, type StepResult } from '../../core/env.js';
import { InvalidArgumentError, ResetNeededError, describe } from '../../core/errors.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { assertAction, checkEnvOptions, stateOption } from '../utils.js';

/**
 * The 3-state, 2-action reward-table game. Rewards: state 0: action 0 -> 0, action 1 -> 10;
 * state 1: action 0 -> 10, action 1 -> 0; state 2: as state 0. The tutorial does not say where an
 * action leads, so here every action moves on to the next state and the episode terminates after
 * the action in state 2: an episode is three decisions, and the best return is 30.
 * `reset({ options: { state: [s] } })` starts in state s.
 */
export class RewardTableGameEnv extends BaseEnv<number, number> {
  override readonly metadata = { renderModes: ['human', 'rgb_array'], renderFps: 4, scene: 'tutorial/RewardTable' };
  static readonly REWARDS: readonly (readonly number[])[] = [[0, 10], [10, 0], [0, 10]];
  readonly observationSpace = new Discrete(3);
  readonly actionSpace = new Discrete(2);
  private s = -1;

  /** The game takes no options. */
  constructor(options: Record<string, never> = {}) {
    super();
    checkEnvOptions('RewardTableGameEnv', options, {});
  }

  get state(): Float64Array | null {
    return this.s < 0 ? null : Float64Array.of(this.s);
  }

  reset(args: ResetArgs = {}): ResetResult<number> {
    this.seedRng(args.seed);
    this.s = startState(this.name, args.options, 3);
    return { observation: this.s, info: {} };
  }

  step(action: number): StepResult<number> {
    assertAction(this, this.actionSpace, action);
    if (this.s < 0) throw new ResetNeededError(`${this.name} step() was called before reset()`);
    const reward = RewardTableGameEnv.REWARDS[this.s]?.[action] ?? 0;
    const terminated = this.s === 2;
    if (!terminated) this.s += 1;
    return { observation: this.s, reward, terminated, truncated: false, info: {} };
  }
}

export interface DelayedRewardGameOptions {
  /** Probability that the chosen action is swapped for the other one (NChain's slip). Default 0. */
  slip?: number;
}

/**
 * The 4-state delayed-reward game: action 0 advances one state (staying in the last one),
 * action 1 returns to state 0. Returning pays 5 from states 0-2 and nothing from state 3;
 * an advance that lands in state 3 pays 20, every other advance pays nothing. The game never
 * terminates; the registry truncates it at 100 steps. The best policy always advances.
 */
export class DelayedRewardGameEnv extends BaseEnv<number, number> {
  override readonly metadata = { renderModes: ['human', 'rgb_array'], renderFps: 4, scene: 'tutorial/DelayedReward' };
  static readonly N_STATES = 4;
  readonly observationSpace = new Discrete(DelayedRewardGameEnv.N_STATES);
  readonly actionSpace = new Discrete(2);
  readonly slip: number;
  private s = -1;

  constructor(options: DelayedRewardGameOptions = {}) {
    super();
    checkEnvOptions('DelayedRewardGameEnv', options, { slip: 'number' });
    const slip = options.slip ?? 0;
    if (!(slip >= 0 && slip <= 1)) {
      throw new InvalidArgumentError(`DelayedRewardGame slip must be a probability in [0, 1], got ${describe(slip)}`);
    }
    this.slip = slip;
  }

  get state(): Float64Array | null {
    return this.s < 0 ? null : Float64Array.of(this.s);
  }

  reset(args: ResetArgs = {}): ResetResult<number> {
    this.seedRng(args.seed);
    this.s = startState(this.name, args.options, DelayedRewardGameEnv.N_STATES);
    return { observation: this.s, info: {} };
  }

  step(action: number): StepResult<number> {
    assertAction(this, this.actionSpace, action);
    if (this.s < 0) throw new ResetNeededError(`${this.name} step() was called before reset()`);
    if (this.slip > 0 && this.rng.random() < this.slip) action = 1 - action;
    const last = DelayedRewardGameEnv.N_STATES - 1;
    let reward: number;
    if (action === 0) {
      this.s = Math.min(this.s + 1, last);
      reward = this.s === last ? 20 : 0;
    } else {
      reward = this.s < last ? 5 : 0;
      this.s = 0;
    }
    return { observation: this.s, reward, terminated: false, truncated: false, info: {} };
  }
}

function startState(envName: string, options: Record<string, unknown> | undefined, n: number): number {
  const exact = stateOption(envName, options, 1);
  if (exact === null) return 0;
  const s = exact[0] as number;
  if (!(Number.isInteger(s) && s >= 0 && s < n)) {
    throw new InvalidArgumentError(`${envName} reset option "state" must be [s] with s an integer in [0, ${n - 1}], got ${describe(options?.state)}`);
  }
  return s;
}
