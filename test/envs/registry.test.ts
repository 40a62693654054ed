import { afterEach, describe, expect, it } from 'vitest';
import { RegistryError, InvalidArgumentError } from '../../src/core/errors.js';
import { setWarningHandler } from '../../src/core/logger.js';
import {
  CartPoleEnv, OrderEnforcing, PassiveEnvChecker, TimeLimit, make, register, spec, unregister, listEnvs,
} from '../../src/envs/index.js';

afterEach(() => {
  unregister('test/Short-v0');
});

describe('registry', () => {
  it('registers the classic-control suite and the tutorial games with Gymnasium\'s limits', () => {
    expect(listEnvs()).toEqual([
      'Acrobot-v1', 'CartPole-v0', 'CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1',
      'tutorial/DelayedReward-v0', 'tutorial/RewardTable-v0',
    ]);
    expect([spec('CartPole-v1').maxEpisodeSteps, spec('CartPole-v1').rewardThreshold]).toEqual([500, 475]);
    expect([spec('MountainCar-v0').maxEpisodeSteps, spec('MountainCar-v0').rewardThreshold]).toEqual([200, -110]);
    expect(spec('MountainCarContinuous-v0').maxEpisodeSteps).toBe(999);
    expect(spec('Acrobot-v1').rewardThreshold).toBe(-100);
    expect(spec('Pendulum-v1').rewardThreshold).toBeNull();
  });

  it('make wraps as Gymnasium: TimeLimit(OrderEnforcing(PassiveEnvChecker(env)))', () => {
    const env = make('CartPole-v1');
    expect(String(env)).toBe('TimeLimit<OrderEnforcing<PassiveEnvChecker<CartPoleEnv<CartPole-v1>>>>');
    expect(env).toBeInstanceOf(TimeLimit);
    const inner = (env as TimeLimit<unknown, unknown>).env;
    expect(inner).toBeInstanceOf(OrderEnforcing);
    expect((inner as OrderEnforcing<unknown, unknown>).env).toBeInstanceOf(PassiveEnvChecker);
    expect(env.unwrapped).toBeInstanceOf(CartPoleEnv);
    expect(env.spec?.id).toBe('CartPole-v1');
  });

  it('overrides and removes the time limit, and leaves out the checker on request', () => {
    const env = make('CartPole-v1', { maxEpisodeSteps: 3, disableEnvChecker: true });
    expect(String(env)).toBe('TimeLimit<OrderEnforcing<CartPoleEnv<CartPole-v1>>>');
    env.reset({ options: { state: [0, 0, 0, 0] } });
    const flags = [0, 1, 2].map(() => env.step(0).truncated);
    expect(flags).toEqual([false, false, true]);
    expect(env.spec?.maxEpisodeSteps).toBe(3);
    expect(String(make('CartPole-v1', { maxEpisodeSteps: -1 }))).toBe('OrderEnforcing<PassiveEnvChecker<CartPoleEnv<CartPole-v1>>>');
    expect(() => make('CartPole-v1', { maxEpisodeSteps: 0 })).toThrow(new InvalidArgumentError('make CartPole-v1: maxEpisodeSteps must be a positive integer or -1 (no limit), got 0'));
  });

  it('merges kwargs over the registered defaults', () => {
    register({ id: 'test/Short-v0', entryPoint: (k) => new CartPoleEnv(k), maxEpisodeSteps: 10, kwargs: { suttonBartoReward: true } });
    const env = make('test/Short-v0');
    env.reset({ options: { state: [0, 0, 0, 0] } });
    expect(env.step(0).reward).toBe(0);
    expect(env.spec?.kwargs).toEqual({ suttonBartoReward: true });
    const other = make('test/Short-v0', { kwargs: { suttonBartoReward: false } });
    other.reset({ options: { state: [0, 0, 0, 0] } });
    expect(other.step(0).reward).toBe(1);
  });

  it('suggests the nearest ids for unknown ones', () => {
    expect(() => make('CartPol-v1')).toThrow(new RegistryError('Environment CartPol-v1 doesn\'t exist. Did you mean: CartPole-v1, CartPole-v0?'));
    expect(() => make('CartPole-v7')).toThrow('Environment CartPole-v7 doesn\'t exist; registered versions of CartPole: CartPole-v0, CartPole-v1');
    expect(() => make('Zzzzzzzzzzzzzz')).toThrow('Environment Zzzzzzzzzzzzzz doesn\'t exist.');
  });

  it('rejects malformed registrations and warns on overrides', () => {
    expect(() => register({ id: 'bad id!', entryPoint: () => new CartPoleEnv() })).toThrow(new RegistryError('register id must look like "[namespace/]Name[-vN]", got "bad id!"'));
    expect(() => register({ id: 'test/Short-v0', entryPoint: 'x' as never })).toThrow('register test/Short-v0: entryPoint must be a function that builds the env, got "x"');
    expect(() => register({ id: 'test/Short-v0', entryPoint: () => new CartPoleEnv(), maxEpisodeSteps: 1.5 })).toThrow('register test/Short-v0: maxEpisodeSteps must be a positive integer or null, got 1.5');
    const warnings: string[] = [];
    const restore = setWarningHandler((m) => warnings.push(m));
    register({ id: 'test/Short-v0', entryPoint: () => new CartPoleEnv() });
    register({ id: 'test/Short-v0', entryPoint: () => new CartPoleEnv() });
    restore();
    expect(warnings).toEqual(['Overriding environment test/Short-v0 already in registry.']);
  });
});
