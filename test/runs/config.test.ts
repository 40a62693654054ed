import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { trainConfig, type TrainConfig } from '../../src/runs/config.js';
import { buildAgent, buildEnv, runRl } from '../../src/runs/rl.js';

describe('run configs', () => {
  it('checks the agent kind and its config through the registry', () => {
    expect(() => trainConfig({ agent: 'rainbow' })).toThrow(/^unknown agent "rainbow"; agents: dqn, reinforce, a2c, ppo, sac, td3, ddpg, qtable/);
    expect(() => trainConfig({ agent: 'ppo', agentConfig: { clipRange: 3 } })).toThrow(new InvalidArgumentError('ppo.clipRange must be a number >= 0 and <= 1, got 3'));
    const c = trainConfig({ agent: 'ppo', agentConfig: { clipRange: 0.1 } });
    expect([c.agent, c.agentConfig]).toEqual(['ppo', { clipRange: 0.1 }]);
  });

  it("refuses MountainCar's shapings for another env", () => {
    expect(() => trainConfig({ env: 'CartPole-v1', shaping: 'energy' })).toThrow(new InvalidArgumentError(`train.shaping "energy" reads MountainCar's state and is for MountainCar-v0 only, got env "CartPole-v1"`));
    expect(() => trainConfig({ env: 'Acrobot-v1', shaping: 'tutorial' })).toThrow(new InvalidArgumentError(`train.shaping "tutorial" reads MountainCar's state and is for MountainCar-v0 only, got env "Acrobot-v1"`));
    expect(trainConfig({ env: 'MountainCar-v0', shaping: 'energy' }).shaping).toBe('energy');
  });

  it('types agentConfig by agent, and builds the agent the registry names for the env', () => {
    const typed: TrainConfig = { ...trainConfig({}), agent: 'qtable', env: 'tutorial/DelayedReward-v0', agentConfig: { alpha: 0.5 } };
    const env = buildEnv(typed, false);
    const built = buildAgent(typed, env);
    expect([built.loop, built.agent.kind]).toEqual(['single', 'qtable']);
    built.agent.dispose();
    const wrong = trainConfig({ env: 'Pendulum-v1', agent: 'dqn' });
    expect(() => buildAgent(wrong, buildEnv(wrong, false))).toThrow(/^agent dqn needs a Box observation space and a Discrete action space; Pendulum-v1 has/);
  });

  it('stops at the first evaluation at a given return (stopAtThreshold: a number), or at the env threshold (true)', async () => {
    const base = { env: 'tutorial/RewardTable-v0', agent: 'qtable', steps: 3_000, evalEvery: 30, evalEpisodes: 5, testEpisodes: 0 };
    const run = async (stopAtThreshold: boolean | number) => (await runRl({ config: trainConfig({ ...base, stopAtThreshold }), runDir: null, progress: false, print: () => {}, backend: 'cpu' })).result;
    const never = await run(false);
    const at20 = await run(20);
    expect([never.reason, never.steps]).toEqual(['completed', 3_000]);
    expect(at20.reason).toBe('stopped');
    expect(at20.steps).toBeLessThan(3_000);
    expect((await run(true)).reason).toBe('stopped'); // RewardTable's threshold is 30, its best return
    expect(() => trainConfig({ ...base, stopAtThreshold: 'yes' })).toThrow(/stopAtThreshold/);
    expect(() => trainConfig({ ...base, stopAtThreshold: Number.NaN })).toThrow(/stopAtThreshold/);
  });
});
