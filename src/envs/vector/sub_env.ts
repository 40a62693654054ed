/**
 * One sub-env of a vector env with its autoreset bookkeeping. Sync vector envs hold several;
 * each async worker holds one. This is the only place the three autoreset modes are implemented.
 */
import type { Env, Info, ResetArgs, StepResult } from '../../core/env.js';
import type { AutoresetMode } from './types.js';

export class SubEnv {
  private needsReset = false;

  constructor(readonly env: Env<unknown, unknown>, readonly mode: AutoresetMode) {}

  reset(args: ResetArgs): { observation: unknown; info: Info } {
    this.needsReset = false;
    return this.env.reset(args);
  }

  step(action: unknown): StepResult<unknown> {
    let r: StepResult<unknown>;
    if (this.mode === 'next-step' && this.needsReset) {
      const { observation, info } = this.env.reset();
      r = { observation, reward: 0, terminated: false, truncated: false, info };
    } else {
      r = this.env.step(action);
    }
    const done = r.terminated || r.truncated;
    if (this.mode === 'same-step' && done) {
      const next = this.env.reset();
      r = { ...r, observation: next.observation, info: { ...next.info, finalObservation: r.observation, finalInfo: r.info } };
    }
    this.needsReset = this.mode === 'next-step' && done;
    return r;
  }

  close(): void {
    this.env.close();
  }
}
