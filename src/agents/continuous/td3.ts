/**
 * TD3 (Fujimoto et al., 2018) and DDPG (Lillicrap et al., 2015) as one class: a deterministic
 * tanh actor mu(s) with a target copy, `nCritics` critics with target copies, exploration noise
 * added to mu(s) while training (Gaussian or Ornstein-Uhlenbeck, reset at episode ends). One
 * gradient step:
 *   1. critics: a' = clip(mu'(s') + clip(N(0, sigma~), -c, c), -1, 1) (target policy smoothing;
 *      sigma~ = 0 for DDPG), y = r + gamma (1 - d) min_i Q'_i(s', a'); minimise sum_i MSE(Q_i, y);
 *   2. every `policyDelay` critic steps: actor maximises Q_1(s, mu(s)); then every target network
 *      moves by Polyak averaging (the delayed policy update).
 * DDPG is `nCritics: 1, policyDelay: 1, targetPolicyNoise: 0` (its registry entry's defaults).
 */
import * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import type { AgentOptions, Metrics, SavedArray, Transition } from '../../core/agent.js';
import { checkValue } from '../../core/config.js';
import type { ReplayBatch } from '../../memory/replay_buffer.js';
import { makeNoise, type ActionNoise } from '../../policies/noise.js';
import type { StepMetrics } from '../off_policy.js';
import { ContinuousOffPolicyAgent, normals } from './base.js';
import { td3Config, type Td3Config } from './config.js';
import { clippedDoubleQTarget, criticLoss, deterministicActorLoss, smoothedTargetAction } from './losses.js';

export interface Td3Options extends AgentOptions<Td3Config> {
  /** Which defaults and name: TD3 (default) or DDPG. */
  algorithm?: 'td3' | 'ddpg';
}

export class Td3Agent extends ContinuousOffPolicyAgent<Td3Config> {
  readonly kind: 'td3' | 'ddpg';
  readonly noise: ActionNoise | null;
  private readonly noiseOut: Float64Array;

  constructor(options: Td3Options) {
    const algorithm = options.algorithm ?? 'td3';
    const config = td3Config(algorithm, options.config);
    super(algorithm.toUpperCase(), options, config, { actorOutputs: 1, nCritics: config.nCritics, actorTarget: true });
    this.kind = algorithm;
    this.noise = makeNoise(config.actionNoise, this.actionSize, () => this.exploreRng);
    this.noiseOut = new Float64Array(this.actionSize);
  }

  protected policyAction(observation: ArrayLike<number>, explore: boolean): void {
    const out = this.actorForward(observation);
    if (explore && this.noise) this.noise.sample(this.noiseOut);
    for (let i = 0; i < this.actionSize; i++) {
      const mu = Math.tanh(out[i] as number);
      this.scaled[i] = explore && this.noise ? Math.min(1, Math.max(-1, mu + (this.noiseOut[i] as number))) : mu;
    }
  }

  protected override onStep(t: Transition<ArrayLike<number>, Float32Array>): void {
    if (t.terminated || t.truncated) this.noise?.reset();
  }

  /** mu(s) = tanh(actor(s)) for a batch (call inside tf.tidy). */
  private mu(obs: tf.Tensor2D, differentiable: boolean, target: boolean): tf.Tensor2D {
    return tf.tanh((target ? (this.actorTarget as NonNullable<typeof this.actorTarget>) : this.actor).apply(obs, differentiable));
  }

  protected learn(batch: ReplayBatch): StepMetrics {
    const c = this.config;
    const n = batch.size;
    const metrics: StepMetrics = { 'losses/actor_loss': Number.NaN };
    const smoothing = c.targetPolicyNoise > 0 ? normals(this.replayRng, n * this.actionSize, c.targetPolicyNoise) : null;
    const delayed = (this.updates + 1) % c.policyDelay === 0;
    tf.tidy(() => {
      const obs = tf.tensor2d(batch.observations, [n, this.observationSize]);
      const nextObs = tf.tensor2d(batch.nextObservations, [n, this.observationSize]);
      const actions = tf.tensor2d(batch.actions, [n, this.actionSize]);
      // 1. critics
      let nextAction = this.mu(nextObs, false, true);
      if (smoothing) nextAction = smoothedTargetAction(nextAction, tf.tensor2d(smoothing, [n, this.actionSize]), c.targetNoiseClip);
      const y = clippedDoubleQTarget(tf.tensor1d(batch.rewards), tf.tensor1d(batch.discounts), tf.tensor1d(batch.terminated), this.criticValues(nextObs, nextAction, 'target'));
      const critic = this.criticOptimizer.computeGradients(() => criticLoss(this.criticValues(obs, actions, 'train'), y, 1), this.criticVariables);
      metrics['losses/critic_loss'] = this.finite('critic', critic.value);
      this.apply(this.criticOptimizer, critic.grads);
      // 2. delayed actor and targets
      if (!delayed) return;
      const actor = this.actorOptimizer.computeGradients(() => deterministicActorLoss(this.criticValues(obs, this.mu(obs, true, false), 'actor', 1)[0] as tf.Tensor1D), this.actor.variables);
      metrics['losses/actor_loss'] = this.finite('actor', actor.value);
      this.apply(this.actorOptimizer, actor.grads);
    });
    if (delayed) this.updateTargets();
    return metrics;
  }


  status(): Metrics {
    return {};
  }

  protected saveOwn(): { meta: Record<string, unknown>; arrays: Record<string, SavedArray> } {
    const own = this.saveNetworks();
    return { meta: { ...own.meta, noise: this.noise?.state() ?? null }, arrays: own.arrays };
  }

  protected async loadOwn(meta: Record<string, unknown>, arrays: Record<string, SavedArray>): Promise<void> {
    const { noise } = checkValue(`checkpoint ${this.kind}`, z.object({ noise: z.array(z.number()).nullable() }), meta) as { noise: number[] | null };
    await this.loadNetworks(meta, arrays);
    if (this.noise && noise) this.noise.load(noise);
  }
}
