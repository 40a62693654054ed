/**
 * Soft Actor-Critic (Haarnoja et al., 2018, arXiv 1812.05905): twin critics with Polyak targets, a
 * tanh-squashed diagonal-Gaussian actor trained through the reparameterisation trick, and an
 * entropy coefficient alpha that is fixed or learned towards a target entropy (default -dim(A)).
 * One gradient step, in Stable-Baselines3's order:
 *   1. critics: y = r + gamma (1 - d) (min_i Q'_i(s', a') - alpha log pi(a'|s')), a' ~ pi(.|s');
 *      minimise 1/2 sum_i (Q_i(s, a) - y)^2;
 *   2. actor: a~ = tanh(mu(s) + sigma(s) eps); minimise alpha log pi(a~|s) - min_i Q_i(s, a~);
 *   3. alpha (when learned): minimise -log alpha (log pi(a~|s) + target entropy), with the
 *      log-probabilities of step 2 (the actor's before its own step, as SB3 uses them);
 *   4. every `targetUpdateInterval` steps: Q'_i <- tau Q_i + (1 - tau) Q'_i.
 * alpha in steps 1-2 is its value before step 3 (as SB3).
 */
import * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import type { AgentOptions, Metrics, SavedArray } from '../../core/agent.js';
import { checkValue } from '../../core/config.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { ReplayBatch } from '../../memory/replay_buffer.js';
import type { StepMetrics } from '../off_policy.js';
import { ContinuousOffPolicyAgent, normals } from './base.js';
import { StateDependentNoise } from './sde.js';
import { readTidy } from '../../core/tensors.js';
import { sacConfig, type SacConfig } from './config.js';
import { criticLoss, entropyCoefLoss, minOverCritics, sacActorLoss, sacTarget, sampleTanhGaussian } from './losses.js';

export type SacOptions = AgentOptions<SacConfig>;

let entCoefCount = 0;

export class SacAgent extends ContinuousOffPolicyAgent<SacConfig> {
  readonly kind = 'sac';
  /** log alpha, learned when `entCoef` is 'auto'. */
  readonly logEntCoef: tf.Variable | null;
  private readonly entOptimizer: tf.AdamOptimizer | null;
  readonly targetEntropy: number;
  /** alpha as a number (read back once per gradient step). */
  private alpha: number;
  /** gSDE's learned log-std matrix and the exploration matrix acting uses (null without gSDE). */
  readonly sde: StateDependentNoise | null;

  constructor(options: SacOptions) {
    const config = sacConfig(options.config);
    super('SAC', options, config, { actorOutputs: config.useSde ? 1 : 2, nCritics: 2, actorTarget: false });
    const features = config.hiddenLayers[config.hiddenLayers.length - 1] as number;
    this.sde = config.useSde ? new StateDependentNoise(features, this.actionSize, config.sdeLogStdInit, `sac_sde_log_std_${entCoefCount}`) : null;
    this.targetEntropy = config.targetEntropy === 'auto' ? -this.actionSize : config.targetEntropy;
    if (config.entCoef === 'auto') {
      this.alpha = config.entCoefInit;
      this.logEntCoef = tf.tidy(() => tf.variable(tf.scalar(Math.log(config.entCoefInit)), true, `sac_log_ent_coef_${entCoefCount++}`));
      this.entOptimizer = tf.train.adam(this.learningRate(0));
    } else {
      this.alpha = config.entCoef;
      this.logEntCoef = null;
      this.entOptimizer = null;
    }
  }

  /** The entropy coefficient now. */
  get entCoef(): number {
    return this.alpha;
  }

  protected policyAction(observation: ArrayLike<number>, explore: boolean): void {
    const out = this.actorForward(observation, this.sde !== null);
    const n = this.actionSize;
    if (this.sde) {
      const c = this.config;
      if (explore && this.sde.due(this.steps, c.sdeSampleFreq > 0 ? c.sdeSampleFreq : c.trainFrequency)) this.sde.resample(this.exploreRng, this.steps);
      for (let i = 0; i < n; i++) {
        const mean = Math.min(c.clipMean, Math.max(-c.clipMean, out[i] as number));
        this.scaled[i] = Math.tanh(explore ? mean + this.sde.noise(this.actorFeatures, i) : mean);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const mean = out[i] as number;
      if (!explore) {
        this.scaled[i] = Math.tanh(mean);
        continue;
      }
      const logStd = Math.min(this.config.logStdMax, Math.max(this.config.logStdMin, out[n + i] as number));
      this.scaled[i] = Math.tanh(mean + Math.exp(logStd) * this.exploreRng.normal());
    }
  }

  /** The variables the actor's optimiser updates: its network, and gSDE's log-std matrix. */
  private get actorVariables(): tf.Variable[] {
    return this.sde ? [...this.actor.variables, this.sde.logStd] : this.actor.variables;
  }

  /**
   * A reparameterised action for each row of `obs` with its log-probability (call inside tf.tidy):
   * a tanh-Gaussian with the actor's mean and log-std, or with gSDE the noise features @ (std * z)
   * whose per-action variance is features^2 @ std^2.
   */
  private sample(obs: tf.Tensor2D, noise: Float32Array, differentiable: boolean, features: tf.Tensor2D | null = null): { action: tf.Tensor2D; logProb: tf.Tensor1D } {
    const n = obs.shape[0];
    if (!this.sde) {
      const { mean, logStd } = this.meanLogStd(obs, differentiable);
      return sampleTanhGaussian(mean, logStd, tf.tensor2d(noise, [n, this.actionSize]));
    }
    const phi = features ?? this.actor.features(obs, false);
    const mean = tf.clipByValue(this.actor.apply(obs, differentiable), -this.config.clipMean, this.config.clipMean) as tf.Tensor2D;
    return this.sde.sample(mean, phi, tf.tensor2d(noise, [this.sde.features, this.actionSize]));
  }

  /** Mean and clipped log-std of the actor for a batch (call inside tf.tidy). */
  private meanLogStd(obs: tf.Tensor2D, differentiable: boolean): { mean: tf.Tensor2D; logStd: tf.Tensor2D } {
    const out = this.actor.apply(obs, differentiable);
    const n = this.actionSize;
    const mean = tf.slice(out, [0, 0], [-1, n]);
    const logStd = tf.clipByValue(tf.slice(out, [0, n], [-1, n]), this.config.logStdMin, this.config.logStdMax);
    return { mean, logStd };
  }

  protected learn(batch: ReplayBatch): StepMetrics {
    const n = batch.size;
    const alpha = this.alpha;
    const metrics: StepMetrics = {};
    const rng = this.replayRng;
    // gSDE: one exploration matrix per gradient step for both batches (as SB3); else per-row noise
    const sdeZ = this.sde ? normals(rng, this.sde.size) : null;
    const epsNext = sdeZ ? sdeZ : normals(rng, n * this.actionSize);
    const epsNow = sdeZ ? sdeZ : normals(rng, n * this.actionSize);
    let logProbNow: tf.Tensor1D | null = null;
    tf.tidy(() => {
      const obs = tf.tensor2d(batch.observations, [n, this.observationSize]);
      const nextObs = tf.tensor2d(batch.nextObservations, [n, this.observationSize]);
      const actions = tf.tensor2d(batch.actions, [n, this.actionSize]);
      // 1. critics
      const y = this.timed('target', () => {
        const next = this.sample(nextObs, epsNext, false);
        const target = sacTarget(tf.tensor1d(batch.rewards), tf.tensor1d(batch.discounts), tf.tensor1d(batch.terminated), this.criticValues(nextObs, next.action, 'target'), next.logProb, alpha);
        target.dataSync(); // (profiling: the phase ends when its numbers exist)
        return target;
      });
      this.timed('critic', () => {
        const critic = this.criticOptimizer.computeGradients(() => criticLoss(this.criticValues(obs, actions, 'train'), y, 0.5), this.criticVariables);
        metrics['losses/critic_loss'] = this.finite('critic', critic.value);
        this.apply(this.criticOptimizer, critic.grads);
      });
      // 2. actor
      this.timed('actor', () => {
        const features = this.sde ? this.actor.features(obs, false) : null; // gSDE's features: constants for the gradient (SB3 detaches them)
        const actor = this.actorOptimizer.computeGradients(() => {
          const sample = this.sample(obs, epsNow, true, features);
          logProbNow = tf.keep(sample.logProb);
          return sacActorLoss(sample.logProb, minOverCritics(this.criticValues(obs, sample.action, 'actor')), alpha);
        }, this.actorVariables);
        metrics['losses/actor_loss'] = this.finite('actor', actor.value);
        this.apply(this.actorOptimizer, actor.grads);
      });
      // 3. alpha
      if (this.logEntCoef && this.entOptimizer) {
        this.timed('alpha', () => {
          const logProb = logProbNow as unknown as tf.Tensor1D;
          const ent = (this.entOptimizer as tf.AdamOptimizer).computeGradients(() => entropyCoefLoss(this.logEntCoef as tf.Variable, logProb, this.targetEntropy), [this.logEntCoef as tf.Variable]);
          metrics['losses/ent_coef_loss'] = this.finite('entropy coefficient', ent.value);
          (this.entOptimizer as tf.AdamOptimizer).applyGradients(ent.grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
          this.alpha = Math.exp((this.logEntCoef as tf.Variable).dataSync()[0] as number);
        });
      }
      (logProbNow as unknown as tf.Tensor1D).dispose();
    });
    // 4. targets (the core counts this step after `learn` returns)
    if ((this.updates + 1) % this.config.targetUpdateInterval === 0) this.timed('polyak', () => this.updateTargets());
    return metrics;
  }


  protected override afterLearning(): void {
    super.afterLearning();
    this.sde?.invalidate();
  }

  /** The actor's weights, and gSDE's log-std matrix when exploring with it. */
  override actingWeights(): SavedArray[] {
    const own = super.actingWeights();
    return this.sde ? [...own, { shape: [this.sde.features, this.actionSize], data: readTidy(() => tf.clone((this.sde as StateDependentNoise).logStd)) }] : own;
  }

  override loadActingWeights(weights: readonly SavedArray[]): void {
    super.loadActingWeights(weights);
    const logStd = weights[this.actor.variables.length];
    if (this.sde && logStd) {
      const sde = this.sde;
      tf.tidy(() => sde.logStd.assign(tf.tensor(Float32Array.from(logStd.data), [sde.features, this.actionSize])));
      sde.invalidate();
    }
  }

  protected override updateMetrics(): Metrics {
    return { ...super.updateMetrics(), 'charts/ent_coef': this.alpha };
  }

  status(): Metrics {
    return { 'charts/ent_coef': this.alpha };
  }

  protected override optimizers(): tf.AdamOptimizer[] {
    return this.entOptimizer ? [...super.optimizers(), this.entOptimizer] : super.optimizers();
  }

  protected override optimizerVariables(): tf.Variable[][] {
    const [, critics] = super.optimizerVariables();
    return [this.actorVariables, critics as tf.Variable[], ...(this.logEntCoef ? [[this.logEntCoef]] : [])];
  }

  protected saveOwn(): { meta: Record<string, unknown>; arrays: Record<string, SavedArray> } {
    const own = this.saveNetworks();
    if (this.logEntCoef) own.arrays.logEntCoef = { shape: [1], data: this.logEntCoef.dataSync() as Float32Array };
    if (this.sde) Object.assign(own.arrays, this.sde.saveArrays());
    return { meta: { ...own.meta, alpha: this.alpha, sde: this.sde?.saveMeta() ?? null }, arrays: own.arrays };
  }

  protected async loadOwn(meta: Record<string, unknown>, arrays: Record<string, SavedArray>): Promise<void> {
    const { alpha } = checkValue('checkpoint sac', z.object({ alpha: z.number().min(0) }), meta) as { alpha: number };
    await this.loadNetworks(meta, arrays);
    if (this.logEntCoef) {
      const saved = arrays.logEntCoef;
      if (!saved) throw new InvalidArgumentError('checkpoint lacks array logEntCoef');
      tf.tidy(() => (this.logEntCoef as tf.Variable).assign(tf.scalar(saved.data[0] as number)));
    }
    if (this.sde) this.sde.load(meta.sde, arrays);
    this.alpha = alpha;
  }

  override dispose(): void {
    super.dispose();
    this.logEntCoef?.dispose();
    this.sde?.dispose();
  }
}
