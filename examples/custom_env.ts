import { BaseEnv, Box, Discrete, checkEnv, make, register, type ResetArgs, type ResetResult, type StepResult } from 'tfgym';

/** Walk right along a corridor of `length` cells to reach the goal at its end. */
export class CorridorEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, { shape: [1] }); // position / (length - 1)
  readonly actionSpace = new Discrete(2); // 0: left, 1: right
  private position = 0;

  constructor(private readonly options: { length?: number } = {}) {
    super();
  }

  get length(): number {
    return this.options.length ?? 8;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    this.seedRng(args.seed); // re-seeds this.rng when a seed is given
    this.position = this.rng.int(this.length - 1); // random start, never on the goal
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.position = Math.max(0, Math.min(this.length - 1, this.position + (action === 1 ? 1 : -1)));
    const terminated = this.position === this.length - 1;
    return { observation: this.observe(), reward: terminated ? 1 : -0.01, terminated, truncated: false, info: {} };
  }

  private observe(): Float32Array {
    return Float32Array.of(this.position / (this.length - 1));
  }
}

register({ id: 'Corridor-v0', entryPoint: (kwargs) => new CorridorEnv(kwargs), maxEpisodeSteps: 50 });

const env = make<Float32Array, number>('Corridor-v0', { kwargs: { length: 5 } });
checkEnv(env); // throws if the env breaks the contract
let { observation } = env.reset({ seed: 42 });
let steps = 0;
for (let done = false; !done; steps++) {
  const r = env.step(1); // always walk right
  observation = r.observation;
  done = r.terminated || r.truncated;
}
console.log(`reached ${observation[0]} after ${steps} steps`);
