/**
 * What every policy-gradient agent shares: its PolicyValueNets, the step and update counters, acting
 * from the policy, and save/load. Subclasses keep their own experience (an episode batch, a
 * rollout) and say how to drop it when a snapshot is loaded.
 */
import type { AgentSnapshot, Metrics } from '../../core/agent.js';
import type { QNetwork } from '../networks.js';
import type { PolicyAction } from './distributions.js';
import type { PolicyValueNets } from './policy_value.js';

export abstract class PolicyGradientAgent<K extends string, C extends object> {
  protected steps = 0;
  protected updates = 0;

  constructor(
    readonly kind: K,
    readonly config: Readonly<C>,
    protected readonly nets: PolicyValueNets,
  ) {}

  /** The policy network. */
  get policy(): QNetwork {
    return this.nets.policy;
  }

  /** Action probabilities of one observation (categorical policies). */
  probabilities(observation: ArrayLike<number>): Float64Array {
    return this.nets.probabilities(observation);
  }

  /** An index for a Discrete action space, a Float32Array (clipped to the Box) for a Box. */
  act(observation: ArrayLike<number>, options: { explore?: boolean } = {}): PolicyAction {
    return this.nets.act(observation, options.explore !== false);
  }

  status(): Metrics {
    return {};
  }

  save(): AgentSnapshot {
    return this.nets.save(this.kind, { steps: this.steps, updates: this.updates }, { config: this.config });
  }

  /** Restores weights, optimizer and counters; experience gathered since the last update is dropped. */
  async load(snapshot: AgentSnapshot): Promise<void> {
    ({ steps: this.steps, updates: this.updates } = await this.nets.load(this.kind, snapshot));
    this.clearExperience();
  }

  dispose(): void {
    this.nets.dispose();
  }

  /** Drops the experience gathered since the last update. */
  protected abstract clearExperience(): void;
}
