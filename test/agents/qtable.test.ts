import { describe, expect, it } from 'vitest';
import { QTableAgent, qtableConfig } from '../../src/agents/qtable.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { make } from '../../src/envs/index.js';
import { trainAgent } from '../../src/trainers/rl.js';

async function train(id: string, steps: number, seed = 0): Promise<QTableAgent> {
  const env = make<number, number>(id);
  const agent = new QTableAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed, config: { exploration: { kind: 'linear', start: 1, end: 0.05, steps: steps / 2 } } });
  const result = await trainAgent({ env, agent, totalSteps: steps, seed });
  expect(result.reason).toBe('completed');
  return agent;
}

describe('tabular Q-learning', () => {
  it('learns the reward-table game: action 1, then 0, then 1', async () => {
    const agent = await train('tutorial/RewardTable-v0', 3000);
    expect(agent.greedyPolicy()).toEqual([1, 0, 1]);
  });

  it('learns to advance for the delayed 20 rather than take the immediate 5', async () => {
    const agent = await train('tutorial/DelayedReward-v0', 20_000);
    expect(agent.greedyPolicy()).toEqual([0, 0, 0, 0]);
    // Going back from state 0 pays 5 now; advancing pays nothing now but leads to 20 a step.
    const [advance, back] = agent.values(0);
    expect(advance!).toBeGreaterThan(back!);
    const text = agent.format();
    expect(text.split('\n')[0]).toMatch(/^state\s+a=0\s+a=1$/);
    expect(text.split('\n')).toHaveLength(5);
    expect(text.split('\n')[1]).toMatch(/\*/);
  });

  it('is deterministic under a seed and saves/loads its table', async () => {
    const a = await train('tutorial/DelayedReward-v0', 2000, 3);
    const b = await train('tutorial/DelayedReward-v0', 2000, 3);
    expect(Array.from(a.table)).toEqual(Array.from(b.table));
    const env = make('tutorial/DelayedReward-v0');
    const c = new QTableAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 9 });
    await c.load(a.save());
    expect(Array.from(c.table)).toEqual(Array.from(a.table));
  });

  it('rejects continuous spaces and bad configs', () => {
    const cart = make('CartPole-v1');
    expect(() => new QTableAgent({ observationSpace: cart.observationSpace, actionSpace: cart.actionSpace, seed: 0 })).toThrow(
      new InvalidArgumentError('Q-table needs a Discrete observation space, got Box([-4.800000190734863, -Infinity, -0.41887903213500977, -Infinity], [4.800000190734863, Infinity, 0.41887903213500977, Infinity], [4], float32)'),
    );
    expect(() => qtableConfig({ alpha: 0 })).toThrow('qtable.alpha must be a number > 0 and <= 1, got 0');
  });
});
