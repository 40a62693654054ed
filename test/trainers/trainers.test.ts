import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DqnAgent } from '../../src/agents/dqn/dqn.js';
import { initBackend } from '../../src/backend/index.js';
import { make } from '../../src/envs/index.js';
import { PolynomialFit, TRUE_COEFFICIENTS } from '../../src/supervised/polynomial.js';
import type { Callback } from '../../src/trainers/callback.js';
import { CheckpointCallback } from '../../src/trainers/callbacks/checkpoint.js';
import { EvaluationCallback, StopOnRewardThreshold } from '../../src/trainers/callbacks/evaluation.js';
import { FileLogger, TensorBoardLogger } from '../../src/trainers/callbacks/loggers.js';
import { listCheckpoints, readCheckpoint } from '../../src/trainers/checkpoint_io.js';
import { CheckpointError, InvalidArgumentError } from '../../src/core/errors.js';
import { trainAgent } from '../../src/trainers/rl.js';
import { trainSupervised } from '../../src/trainers/supervised.js';
import { readEventFile } from '../../src/trainers/tensorboard/event_file.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tfgym-run-'));

function agentFor(seed = 0): { env: ReturnType<typeof make<ArrayLike<number>, number>>; agent: DqnAgent } {
  const env = make<ArrayLike<number>, number>('CartPole-v1');
  const agent = new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed, config: { hiddenLayers: [16], learningStarts: 100, batchSize: 16, trainFrequency: 4 } });
  return { env, agent };
}

describe('the shared trainer serves supervised training', () => {
  it('fits the tutorial\'s noisy cubic through the same callbacks and recovers about [1, -4, -2, 2]', async () => {
    const task = new PolynomialFit({ seed: 1 });
    const dir = tmp();
    const epochs: number[] = [];
    const result = await trainSupervised({
      task, epochs: 40, seed: 1,
      callbacks: [new FileLogger({ dir }), new TensorBoardLogger(join(dir, 'tb')), { onEpochEnd: (e) => void epochs.push(e.epoch) }],
    });
    expect(result.reason).toBe('completed');
    expect(epochs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const w = task.coefficients();
    // Least squares on the same noisy points is the best any fit can do; the trained weights must be close to it.
    const X = Array.from(task.xs, (x) => [x ** 3, x ** 2, x, 1]);
    const best = leastSquares(X, Array.from(task.ys));
    w.forEach((v, i) => expect(Math.abs(v - best[i]!)).toBeLessThan(0.3));
    // With noise sd 1.5 on 50 points the cubic's coefficients are ill-determined (least squares
    // itself lands ~1 away on some), but the fitted curve must follow the true one closely.
    const poly = (c: readonly number[], x: number) => c[0]! * x ** 3 + c[1]! * x ** 2 + c[2]! * x + c[3]!;
    const rms = Math.sqrt(Array.from(task.xs).reduce((s, x) => s + (poly(w, x) - poly(TRUE_COEFFICIENTS, x)) ** 2, 0) / task.xs.length);
    expect(rms).toBeLessThan(1.5); // the noise's standard deviation
    expect(Math.sign(w[0]!) === 1 && Math.sign(w[1]!) === -1 && Math.sign(w[2]!) === -1 && Math.sign(w[3]!) === 1).toBe(true);
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => 'train/loss' in l);
    expect(lines.map((l) => l.step)).toEqual(epochs);
    expect(lines.at(-1)['train/loss']).toBeLessThan(lines[0]['train/loss']);
    const tb = readEventFile(join(dir, 'tb', readdirSync(join(dir, 'tb'))[0]!));
    expect(tb.some((e) => e.values.some((v) => v.tag === 'train/w0'))).toBe(true);
    task.dispose();
  });
});

function leastSquares(X: number[][], y: number[]): number[] {
  const n = X[0]!.length;
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j < n ? X.reduce((s, r) => s + r[i]! * r[j]!, 0) : X.reduce((s, r, k) => s + r[i]! * y[k]!, 0))));
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= n; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  const w = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) w[r] = (A[r]![n]! - A[r]!.slice(r + 1, n).reduce((s, a, k) => s + a * w[r + 1 + k]!, 0)) / A[r]![r]!;
  return w;
}

describe('RL callbacks', () => {
  it('logs namespaced metrics to JSONL, CSV and TensorBoard', async () => {
    const dir = tmp();
    const { env, agent } = agentFor();
    await trainAgent({ env, agent, totalSteps: 1500, seed: 0, callbacks: [new FileLogger({ dir, interval: 500 }), new TensorBoardLogger(join(dir, 'tb'), 500)] });
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const names = new Set(lines.flatMap((l) => Object.keys(l)));
    for (const n of ['step', 'charts/episodic_return', 'charts/episodic_length', 'charts/epsilon', 'losses/td_loss', 'charts/SPS']) expect(names).toContain(n);
    expect(readFileSync(join(dir, 'metrics.csv'), 'utf8').split('\n')[0]).toBe('step,name,value');
    const tags = new Set(readEventFile(join(dir, 'tb', readdirSync(join(dir, 'tb'))[0]!)).flatMap((e) => e.values.map((v) => v.tag)));
    expect(tags).toContain('losses/td_loss');
    agent.dispose();
  });

  it('writes checkpoints atomically at episode ends, keeps the last k, and reads them back', async () => {
    const dir = tmp();
    const { env, agent } = agentFor();
    const written: string[] = [];
    mkdirSync(join(dir, '.step-000000100.tmp-99999'), { recursive: true }); // left by a process killed mid-write
    await trainAgent({ env, agent, totalSteps: 2000, seed: 0, callbacks: [new CheckpointCallback({ dir, every: 400, keep: 2, onWrite: (p) => written.push(p) })] });
    expect(written.length).toBeGreaterThanOrEqual(4);
    const kept = listCheckpoints(dir);
    expect(kept).toEqual(written.slice(-2));
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const snap = readCheckpoint(kept[0]!);
    expect(snap.midEpisode).toBe(false);
    expect(snap.agent.arrays['online/0']?.data).toBeInstanceOf(Float32Array);
    expect(snap.agent.arrays['replay/rewards']?.data).toBeInstanceOf(Float64Array);
    agent.dispose();
  });

  it("checks every field of a checkpoint's meta.json, its arrays' layout and values, and the agent's own state before loading", async () => {
    const dir = tmp();
    const { env, agent } = agentFor();
    await trainAgent({ env, agent, totalSteps: 600, seed: 0, callbacks: [new CheckpointCallback({ dir, every: 300, keep: 1 })] });
    const ckpt = listCheckpoints(dir)[0]!;
    const good = JSON.parse(readFileSync(join(ckpt, 'meta.json'), 'utf8')) as Record<string, unknown> & { arrays: Record<string, { offset: number; shape: number[] }> };
    const bin = readFileSync(join(ckpt, 'arrays.bin'));
    const corrupt = (meta: unknown, bytes: Uint8Array = bin): string => {
      writeFileSync(join(ckpt, 'meta.json'), JSON.stringify(meta));
      writeFileSync(join(ckpt, 'arrays.bin'), bytes);
      try {
        readCheckpoint(ckpt);
        return 'accepted';
      } catch (e) {
        expect(e).toBeInstanceOf(CheckpointError);
        return (e as Error).message.replace(`checkpoint ${ckpt} `, '');
      }
    };
    expect(corrupt({ ...good, step: 'abc' })).toBe('is corrupt: meta.json.step must be an integer >= 0, got "abc"');
    expect(corrupt({ ...good, agent: null })).toBe('is corrupt: meta.json.agent must be an object, got null');
    const o0 = good.arrays['online/0']!;
    expect(corrupt({ ...good, arrays: { ...good.arrays, 'online/0': { ...o0, offset: o0.offset + 2 } } })).toBe('is corrupt: array online/0 starts at byte ' + (o0.offset + 2) + ', not a multiple of its 4-byte float32 elements');
    expect(corrupt({ ...good, arrays: { ...good.arrays, 'online/0': { ...o0, shape: [3, 3] } } })).toMatch(/^is corrupt: array online\/0 has shape \[3, 3\] \(9 values\) but length \d+$/);
    const nan = Uint8Array.from(bin);
    new DataView(nan.buffer).setFloat32(o0.offset, Number.NaN, true);
    expect(corrupt(good, nan)).toBe('is corrupt: array online/0 holds NaN at index 0 (weights and state must be finite)');
    writeFileSync(join(ckpt, 'arrays.bin'), bin);
    // The agent checks its own state: a replay size outside the buffer is refused, nothing is loaded.
    const snap = readCheckpoint((corrupt(good), ckpt));
    const meta = snap.agent.meta as { replay: { size: number } };
    const fresh = agentFor().agent;
    await expect(fresh.load({ ...snap.agent, meta: { ...meta, replay: { ...meta.replay, size: -1 } } })).rejects.toThrow(new InvalidArgumentError('checkpoint dqn.replay.size must be an integer >= 0 and <= 100000, got -1'));
    expect(fresh.stepCount).toBe(0);
    fresh.dispose();
    agent.dispose();
  });

  it('a NaN loss ends the run with an error and leaves the last good checkpoint the newest', async () => {
    const dir = tmp();
    const { env, agent } = agentFor();
    let steps = 0;
    const poisoned = new Proxy(env, {
      get(target, prop, receiver) {
        if (prop !== 'step') return Reflect.get(target, prop, receiver);
        return (a: number) => {
          const r = target.step(a);
          steps += 1;
          return steps > 700 ? { ...r, reward: Number.NaN } : r;
        };
      },
    });
    const written: string[] = [];
    const result = await trainAgent({ env: poisoned, agent, totalSteps: 3000, seed: 0, callbacks: [new CheckpointCallback({ dir, every: 200, onWrite: (p) => written.push(p) })] });
    expect(result.reason).toBe('error');
    expect(result.message).toMatch(/^DQN loss became NaN at update \d+ \(env step \d+\); weights were left unchanged$/);
    const kept = listCheckpoints(dir);
    expect(kept.at(-1)).toBe(written.at(-1));
    expect(readCheckpoint(kept.at(-1)!).step).toBeLessThanOrEqual(700);
    agent.dispose();
  });

  it('refuses corrupt or incomplete checkpoints without touching them', () => {
    const dir = tmp();
    expect(() => readCheckpoint(dir)).toThrow(new CheckpointError(`checkpoint ${dir} is incomplete: it needs meta.json and arrays.bin`));
    const run = { kind: 'rl', runDir: null, task: 'CartPole-v1', algorithm: 'dqn', seed: 0, config: {}, total: 1, start: 0, backend: null };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ format: 'tfgym-checkpoint-1', step: 0, episode: 0, midEpisode: false, envRng: null, run, agent: { kind: 'dqn', meta: {} }, bytes: 10, arrays: {} }));
    writeFileSync(join(dir, 'arrays.bin'), new Uint8Array(4));
    expect(() => readCheckpoint(dir)).toThrow(`checkpoint ${dir} is corrupt: arrays.bin has 4 bytes, meta.json says 10`);
    writeFileSync(join(dir, 'meta.json'), '{not json');
    expect(() => readCheckpoint(dir)).toThrow(/is corrupt: meta.json is not valid JSON/);
    expect(existsSync(join(dir, 'arrays.bin'))).toBe(true);
  });

  it('evaluates greedily on a separate env and stops at the reward threshold', async () => {
    const { env, agent } = agentFor();
    const evals: number[] = [];
    const result = await trainAgent({
      env, agent, totalSteps: 3000, seed: 0,
      callbacks: [new EvaluationCallback({ env: make('CartPole-v1'), agent, every: 500, episodes: 2 }), new StopOnRewardThreshold(-1), { onEval: (e) => void evals.push(e.meanReturn) }],
    });
    expect(result.reason).toBe('stopped');
    expect(result.message).toMatch(/StopOnRewardThreshold|reached the threshold -1/);
    expect(evals.length).toBe(1);
    agent.dispose();
  });

  it('a callback returning false stops the run; the abort signal interrupts it', async () => {
    const { env, agent } = agentFor();
    const stopper: Callback = { onEpisodeEnd: (e) => e.episode < 3 };
    const r1 = await trainAgent({ env, agent, totalSteps: 5000, seed: 0, callbacks: [stopper] });
    expect([r1.reason, r1.summary.episodes]).toEqual(['stopped', 3]);
    const controller = new AbortController();
    const r2 = await trainAgent({ env, agent, totalSteps: 5000, seed: 0, signal: controller.signal, callbacks: [{ onUpdate: (e) => void (e.step >= 300 && controller.abort()) }] });
    expect(r2.reason).toBe('interrupted');
    expect(r2.steps).toBeLessThan(400);
    agent.dispose();
  });
});
