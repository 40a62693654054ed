import { describe, expect, it } from 'vitest';
import { BaseEnv, type ResetArgs, type ResetResult, type StepResult } from '../../src/core/env.js';
import { EnvCheckError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { checkEnv, make, listEnvs } from '../../src/envs/index.js';

/** A small env whose faults can be switched on one at a time. */
class Faulty extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, { shape: [2] });
  readonly actionSpace = new Discrete(2);
  constructor(private readonly fault: string | null = null) {
    super();
  }
  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    this.seedRng(args.seed);
    if (this.fault === 'unseeded') this.rng = new Rng((this.resets += 1)); // ignores the seed
    const v = this.rng.uniform(-0.5, 0.5);
    return { observation: Float32Array.of(v, this.fault === 'obs-out-of-space' ? 3 : 0), info: {} };
  }
  step(action: number): StepResult<Float32Array> {
    const f = this.fault;
    return {
      observation: Float32Array.of(action * 0.1, 0),
      reward: f === 'nan-reward' ? Number.NaN : 1,
      terminated: (f === 'numeric-flag' ? 0 : false) as boolean,
      truncated: false,
      info: (f === 'no-info' ? null : {}) as Record<string, unknown>,
    };
  }
  override close(): void {
    if (this.fault === 'close-twice' && this.closed) throw new Error('already closed');
    this.closed = true;
  }
  private closed = false;
  private resets = 0;
}

describe('checkEnv', () => {
  it.each(listEnvs())('passes %s', (id) => {
    expect(checkEnv(make(id)).failures).toEqual([]);
  });

  it.each([
    ['obs-out-of-space', /reset returns \{ observation, info \} with the observation in the space: reset observation Float32Array\[-?0\.\d+, 3\] is not in Box\(-1, 1, \[2\], float32\)/],
    ['nan-reward', /step returns a valid StepResult: step reward must be a finite number, got NaN/],
    ['numeric-flag', /step terminated must be a boolean, got 0/],
    ['no-info', /step info must be an object, got null/],
    ['unseeded', /same seed gives the same reset observation: reset\(\{ seed: 123 \}\) twice gave/],
    ['close-twice', /close twice is fine: threw Error: already closed/],
  ])('catches %s', (fault, message) => {
    expect(() => checkEnv(new Faulty(fault))).toThrow(EnvCheckError);
    expect(() => checkEnv(new Faulty(fault))).toThrow(message);
    expect(checkEnv(new Faulty(fault), { throwOnFailure: false }).failures.length).toBeGreaterThan(0);
  });

  it('passes the healthy version and rejects non-spaces', () => {
    expect(checkEnv(new Faulty()).failures).toEqual([]);
    const broken = new Faulty() as unknown as { observationSpace: unknown };
    Object.defineProperty(broken, 'observationSpace', { value: 'box' });
    expect(() => checkEnv(broken as never)).toThrow('spaces: observationSpace must be a Space, got "box"');
  });
});
