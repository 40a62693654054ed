import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, RegistryError } from '../../src/core/errors.js';
import { TRAIN_DEFAULTS } from '../../src/runs/config.js';
import { entryConfig, hyperparams, pairThreshold, listHyperparams, mergeLayers, registerHyperparams, resolveTrainConfig, tunedEntry } from '../../src/runs/hyperparams.js';
import { lastJson, tfgym } from '../cli/run_cli.js';

describe('tuned hyperparameters', () => {
  it('has entries that all pass their run and agent schemas, with a budget and the pair in their name', () => {
    const names = listHyperparams();
    expect(names).toEqual(expect.arrayContaining(['dqn/MountainCar-v0', 'dqn/CartPole-v1', 'dqn/Acrobot-v1', 'ppo/CartPole-v1', 'ppo/Acrobot-v1', 'a2c/CartPole-v1', 'ppo/Pendulum-v1', 'tutorial']));
    for (const name of names) {
      const { entry } = hyperparams(name);
      const config = entryConfig(name, entry, 7);
      expect([config.agent, config.env, config.seed, config.steps]).toEqual([entry.agent, entry.env, 7, entry.config.steps]);
      if (name.includes('/')) expect(name).toBe(`${entry.agent}/${entry.env}`);
    }
    expect(hyperparams('mountaincar').name).toBe('dqn/MountainCar-v0');
    // The benchmark's threshold: the env's own, else the entry's goal (Pendulum has none in Gymnasium).
    expect([pairThreshold('dqn', 'CartPole-v1'), pairThreshold('ppo', 'Pendulum-v1'), pairThreshold('reinforce', 'Pendulum-v1')]).toEqual([475, -200, null]);
    expect(() => hyperparams('mountaincars')).toThrow(/^unknown hyperparameters "mountaincars"; entries: a2c\/CartPole-v1, ddpg\/Pendulum-v1, dqn\/Acrobot-v1/);
  });

  it('starts from the pair\'s tuned entry, then the config file, then the flags; agentConfig merges key by key', () => {
    const entry = tunedEntry('dqn', 'CartPole-v1');
    if (!entry) throw new Error('no entry');
    const tuned = resolveTrainConfig(undefined, { agent: 'dqn', env: 'CartPole-v1' });
    expect(tuned.entry).toBe('dqn/CartPole-v1');
    expect(tuned.config.agentConfig).toEqual(entry.config.agentConfig);
    expect(tuned.description).toMatch(/^hyperparameters: entry dqn\/CartPole-v1 \(/);
    const file = { steps: 3000, agentConfig: { batchSize: 16, gamma: 0.95 } };
    const flags = { env: 'CartPole-v1', steps: 4000 };
    const layered = resolveTrainConfig(undefined, file, flags).config;
    expect(layered.steps).toBe(4000);
    expect(layered.agentConfig).toEqual({ ...entry.config.agentConfig, batchSize: 16, gamma: 0.95 });
    // The defaults pair (dqn on CartPole) is found without naming it.
    expect(resolveTrainConfig(undefined, {}).entry).toBe(`${TRAIN_DEFAULTS.agent}/${TRAIN_DEFAULTS.env}`);
    // No entry: the generic defaults, said so.
    const generic = resolveTrainConfig(undefined, { agent: 'reinforce', env: 'CartPole-v1' });
    expect([generic.entry, generic.config.agentConfig, generic.description]).toEqual([null, {}, 'hyperparameters: generic defaults of reinforce (no tuned entry for reinforce/CartPole-v1)']);
    expect(resolveTrainConfig('none', { env: 'CartPole-v1' }).config.agentConfig).toEqual({});
    expect(mergeLayers({ a: 1, agentConfig: { x: 1, y: 2 } }, { agentConfig: { y: 3 }, b: undefined }, { a: 2 })).toEqual({ a: 2, agentConfig: { x: 1, y: 3 } });
  });

  it('takes a named entry with --preset, and refuses one that names another pair', () => {
    const tutorial = resolveTrainConfig('tutorial', { seed: 3 });
    expect([tutorial.entry, tutorial.config.shaping, tutorial.config.seed]).toEqual(['tutorial', 'tutorial', 3]);
    expect(() => resolveTrainConfig('mountaincar', { env: 'CartPole-v1' })).toThrow(new InvalidArgumentError(
      '--preset mountaincar is dqn on MountainCar-v0, but env "CartPole-v1" was asked for; leave out --preset to start from the tuned entry of that pair',
    ));
  });

  it('registers a user entry only when it passes the schemas and its name matches its pair', () => {
    const entry = { agent: 'reinforce', env: 'Acrobot-v1', aliases: [], source: 'a test', config: { steps: 1000, agentConfig: { gamma: 0.9 } }, zoo: null };
    expect(() => registerHyperparams('dqn/Acrobot-v1', entry)).toThrow(RegistryError);
    expect(() => registerHyperparams('reinforce/CartPole-v1', entry)).toThrow(/a name with a '\/' must be the entry's agent\/env \(reinforce\/Acrobot-v1\)/);
    expect(() => registerHyperparams('bad-gamma', { ...entry, config: { steps: 1000, agentConfig: { gamma: 2 } } })).toThrow('hyperparameters bad-gamma: reinforce.gamma must be a number >= 0 and <= 1, got 2');
    registerHyperparams('reinforce/Acrobot-v1', entry);
    expect(resolveTrainConfig(undefined, { agent: 'reinforce', env: 'Acrobot-v1' }).config.agentConfig).toEqual({ gamma: 0.9 });
  });

  it('is printed by tfgym hyperparams, and named by tfgym train when a run starts', async () => {
    const table = await tfgym('hyperparams', '--agent', 'dqn', '--env', 'MountainCar-v0', '--json');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/dqn\/MountainCar-v0 +dqn +MountainCar-v0 +120,000 +-100\.8 ± 9\.9 at 120,000 +mountaincar/);
    const entries = lastJson(table.stdout).entries as { name: string; config: { steps: number } }[];
    expect(entries.map((e) => e.name)).toEqual(['dqn/MountainCar-v0', 'tutorial']);
    const none = await tfgym('hyperparams', '--agent', 'reinforce', '--env', 'CartPole-v1');
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([1, expect.stringMatching(/^tfgym: no hyperparameters entry for reinforce on CartPole-v1 \(that pair trains with its agent's generic defaults\)/)]);
  });
});
