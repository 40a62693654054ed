import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { DelayedRewardGameEnv, RewardTableGameEnv, make } from '../../src/envs/index.js';

describe('tutorial games', () => {
  it('the reward-table game pays its table and ends after three decisions', () => {
    const env = make<number, number>('tutorial/RewardTable-v0');
    env.reset({ seed: 0 });
    const rs = [env.step(1), env.step(0), env.step(1)];
    expect(rs.map((r) => r.reward)).toEqual([10, 10, 10]);
    expect(rs.map((r) => r.terminated)).toEqual([false, false, true]);
    env.reset({ options: { state: [1] } });
    expect(env.step(1).reward).toBe(0);
    expect(RewardTableGameEnv.REWARDS).toEqual([[0, 10], [10, 0], [0, 10]]);
  });

  it('the delayed-reward game pays 5 for going back and 20 for reaching and holding state 3', () => {
    const env = make<number, number>('tutorial/DelayedReward-v0');
    env.reset();
    expect([0, 0, 0, 0].map((a) => env.step(a)).map((r) => [r.observation, r.reward])).toEqual([[1, 0], [2, 0], [3, 20], [3, 20]]);
    expect([env.step(1).reward, env.step(1).reward]).toEqual([0, 5]);
    expect(env.spec?.maxEpisodeSteps).toBe(100);
  });

  it('slips with the given probability, seeded', () => {
    const run = (seed: number): number[] => {
      const env = new DelayedRewardGameEnv({ slip: 0.5 });
      env.reset({ seed });
      return Array.from({ length: 30 }, () => env.step(0).observation);
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).toContain(0);
    expect(() => new DelayedRewardGameEnv({ slip: 2 })).toThrow(new InvalidArgumentError('DelayedRewardGame slip must be a probability in [0, 1], got 2'));
    expect(() => make('tutorial/DelayedReward-v0').reset({ options: { state: [4] } })).toThrow('tutorial/DelayedReward-v0 reset option "state" must be [s] with s an integer in [0, 3], got [4]');
  });
});
