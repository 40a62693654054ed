import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';
import * as envs from '../../src/envs/index.js';
import { InvalidActionError, InvalidArgumentError, VectorEnvError } from '../../src/core/errors.js';
import { Autoreset, make, makeVec, unregister, type AutoresetMode, type VectorEnv } from '../../src/envs/index.js';
import '../../src/envs/vector/async.js'; // the Node entry's worker-thread vector envs (makeVec's async mode)

const N = 3;
const actionsAt = (t: number): number[] => Array.from({ length: N }, (_, i) => (t * 7 + i * 3) % 3 === 0 ? 0 : 1);

/** Runs single envs with the same seeds by hand, applying one autoreset mode. */
function reference(mode: AutoresetMode, steps: number): number[][] {
  const singles = Array.from({ length: N }, () => make<Float32Array, number>('CartPole-v1', { maxEpisodeSteps: 12 }));
  const auto = singles.map((e) => new Autoreset(e));
  const rows: number[][] = [singles.flatMap((e, i) => Array.from(e.reset({ seed: 10 + i }).observation))];
  auto.forEach((a, i) => a.reset({ seed: 10 + i }));
  singles.forEach((e, i) => e.reset({ seed: 10 + i }));
  for (let t = 0; t < steps; t++) {
    const row: number[] = [];
    singles.forEach((env, i) => {
      const a = actionsAt(t)[i]!;
      let r = mode === 'next-step' ? auto[i]!.step(a) : env.step(a);
      if (mode === 'same-step' && (r.terminated || r.truncated)) r = { ...r, observation: env.reset().observation };
      row.push(...r.observation, r.reward, Number(r.terminated), Number(r.truncated));
    });
    rows.push(row);
  }
  return rows;
}

function vectorRows(venv: VectorEnv, steps: number): number[][] {
  const rows: number[][] = [Array.from(venv.reset({ seed: 10 }).observations)];
  for (let t = 0; t < steps; t++) {
    const r = venv.step(actionsAt(t));
    const row: number[] = [];
    for (let i = 0; i < N; i++) {
      row.push(...r.observations.slice(i * 4, i * 4 + 4), r.rewards[i]!, r.terminations[i]!, r.truncations[i]!);
    }
    rows.push(row);
  }
  return rows;
}

describe.each(['next-step', 'same-step'] as const)('SyncVectorEnv, %s autoreset', (mode) => {
  it('equals single envs stepped by hand with the same seeds', () => {
    const venv = makeVec('CartPole-v1', N, { autoresetMode: mode, makeOptions: { maxEpisodeSteps: 12 } });
    expect(vectorRows(venv, 40)).toEqual(reference(mode, 40));
  });
});

describe('vector envs', () => {
  it('same-step autoreset reports the final observation and info', () => {
    const venv = makeVec('CartPole-v1', 1, { autoresetMode: 'same-step', makeOptions: { maxEpisodeSteps: 2 } });
    venv.reset({ seed: 0 });
    venv.step([0]);
    const r = venv.step([0]);
    expect(r.truncations[0]).toBe(1);
    expect(r.infos[0]!.finalObservation).toBeInstanceOf(Float32Array);
    expect(r.infos[0]!.finalObservation).not.toEqual(r.observations);
  });

  it('disabled autoreset leaves ended envs for a masked reset', () => {
    const venv = makeVec('CartPole-v1', 2, { autoresetMode: 'disabled', makeOptions: { maxEpisodeSteps: 1 } });
    const first = venv.reset({ seed: 4 }).observations;
    const r = venv.step([0, 0]);
    expect(Array.from(r.truncations)).toEqual([1, 1]);
    const after = venv.reset({ mask: [true, false], seed: 4 }).observations;
    expect(after.slice(0, 4)).toEqual(first.slice(0, 4));
    expect(after.slice(4)).toEqual(r.observations.slice(4));
  });

  it('returns copies by default and reuses buffers with copy: false', () => {
    const copied = makeVec('CartPole-v1', 2);
    const a = copied.reset({ seed: 0 }).observations;
    expect(copied.step([0, 1]).observations).not.toBe(a);
    const shared = makeVec('CartPole-v1', 2, { copy: false });
    const b = shared.reset({ seed: 0 }).observations;
    expect(shared.step([0, 1]).observations).toBe(b);
  });

  it('batches continuous actions and discrete observations', () => {
    const pend = makeVec('Pendulum-v1', 2);
    pend.reset({ seed: 0 });
    expect(pend.step(Float32Array.of(1, -1)).observations.length).toBe(6);
    const game = makeVec<Int32Array>('tutorial/DelayedReward-v0', 2);
    expect(game.reset().observations).toEqual(Int32Array.of(0, 0));
    expect(Array.from(game.step([0, 1]).rewards)).toEqual([0, 5]);
  });

  it('rejects bad actions, seeds, masks and modes with clear errors', () => {
    const venv = makeVec('CartPole-v1', 2);
    venv.reset();
    expect(() => venv.step([0])).toThrow(new InvalidActionError('vector env step expects 2 actions (2 envs x 1), got [0]'));
    expect(() => venv.step([0, 5])).toThrow('CartPole-v1 action must be an element of Discrete(2), got 5');
    expect(() => venv.reset({ seed: [1] })).toThrow(new InvalidArgumentError('vector env reset seed must be a number or an array of 2 numbers, got [1]'));
    expect(() => venv.reset({ mask: [true] })).toThrow('vector env reset mask must have 2 entries, got [true]');
    expect(() => makeVec('CartPole-v1', 2, { autoresetMode: 'always' as AutoresetMode })).toThrow('autoresetMode must be one of next-step, same-step, disabled, got "always"');
    expect(() => makeVec('CartPole-v1', 0)).toThrow('makeVec numEnvs must be a positive integer, got 0');
  });
});

describe('AsyncVectorEnv', () => {
  const opened: VectorEnv[] = [];
  afterAll(() => {
    for (const v of opened) v.close();
    unregister('test/Counter-v0');
  });

  it.each(['next-step', 'same-step'] as const)('steps exactly like SyncVectorEnv (%s)', (mode) => {
    const options = { autoresetMode: mode, makeOptions: { maxEpisodeSteps: 12 } };
    const asyncEnv = makeVec('CartPole-v1', N, { ...options, vectorizationMode: 'async' });
    opened.push(asyncEnv);
    expect(vectorRows(asyncEnv, 40)).toEqual(vectorRows(makeVec('CartPole-v1', N, options), 40));
  });

  it('runs a user env registered by a plugin module in every worker, with infos', async () => {
    const plugin = new URL('../fixtures/counter_env_plugin.mjs', import.meta.url).href;
    const mod = (await import(plugin)) as { registerEnvs: (t: unknown) => void };
    mod.registerEnvs({ ...core, ...envs });
    // By URL, and by a path relative to the current directory (not to tfgym's worker file).
    for (const ref of [plugin, `./${relative(process.cwd(), fileURLToPath(plugin))}`]) {
      const venv = makeVec('test/Counter-v0', 2, { vectorizationMode: 'async', imports: [ref] });
      opened.push(venv);
      const start = venv.reset({ seed: 1 }).observations;
      const r = venv.step([1, 0]);
      expect(Array.from(r.observations)).toEqual([start[0]! + 1, start[1]!]);
      expect(r.infos.map((i) => i.count)).toEqual([start[0]! + 1, start[1]!]);
    }
  });

  it('reports worker errors with the env index and refuses use after close', () => {
    const venv = makeVec('CartPole-v1', 2, { vectorizationMode: 'async' });
    venv.reset({ seed: 0 });
    expect(() => venv.step([0, 7])).toThrow(new VectorEnvError('AsyncVectorEnv(CartPole-v1) worker failed: env 1: InvalidActionError: CartPole-v1 action must be an element of Discrete(2), got 7'));
    venv.close();
    venv.close();
    expect(() => venv.step([0, 0])).toThrow('AsyncVectorEnv(CartPole-v1) was used after close()');
  });

  it('refuses wrappers, which cannot cross threads', () => {
    expect(() => makeVec('CartPole-v1', 2, { vectorizationMode: 'async', wrappers: [(e) => e] })).toThrow(
      'makeVec CartPole-v1: wrappers are functions and cannot be sent to worker threads; use vectorizationMode "sync" or register a wrapped env id',
    );
  });
});
