/**
 * The built-in agent kinds, one registry entry each: DQN, REINFORCE, A2C, PPO and tabular
 * Q-learning. A user's own agent is one more entry, given to `registerAgent`.
 */
import { configJsonSchema } from '../core/config.js';
import { DQN_DEFAULTS, DQN_SCHEMA, dqnConfig, type DqnConfig } from './dqn/config.js';
import { DqnAgent } from './dqn/dqn.js';
import { defineAgent, type AgentEntry } from './entry.js';
import { A2C_DEFAULTS, ACTOR_CRITIC_SCHEMA, ActorCriticAgent, PPO_DEFAULTS, actorCriticConfig, type ActorCriticConfig } from './pg/actor_critic.js';
import { REINFORCE_DEFAULTS, REINFORCE_SCHEMA, ReinforceAgent, reinforceConfig, type ReinforceConfig } from './pg/reinforce.js';
import { QTABLE_DEFAULTS, QTABLE_SCHEMA, QTableAgent, qtableConfig, type QTableConfig } from './qtable.js';

/** The same entry for A2C and PPO: one actor-critic class, two sets of defaults. */
function actorCritic(algorithm: 'a2c' | 'ppo', description: string): AgentEntry {
  return defineAgent<ActorCriticConfig, ActorCriticAgent>({
    kind: algorithm,
    description,
    loop: 'vector',
    spaces: { observation: ['Box'], action: ['Discrete', 'Box'] },
    config: (input) => actorCriticConfig(algorithm, input),
    jsonSchema: () => configJsonSchema(ACTOR_CRITIC_SCHEMA, algorithm === 'a2c' ? A2C_DEFAULTS : PPO_DEFAULTS),
    gamma: (c) => c.gamma,
    build: (o) => new ActorCriticAgent({ ...o, algorithm }),
  });
}

export const BUILTIN_AGENTS: readonly AgentEntry[] = [
  defineAgent<DqnConfig, DqnAgent>({
    kind: 'dqn',
    description: 'deep Q-learning (Double DQN, dueling heads, n-step returns, prioritized replay as options)',
    loop: 'single',
    spaces: { observation: ['Box'], action: ['Discrete'] },
    config: dqnConfig,
    jsonSchema: () => configJsonSchema(DQN_SCHEMA, DQN_DEFAULTS),
    gamma: (c) => c.gamma,
    build: (o) => new DqnAgent(o),
  }),
  defineAgent<ReinforceConfig, ReinforceAgent>({
    kind: 'reinforce',
    description: 'REINFORCE with a learned baseline and an entropy bonus',
    loop: 'single',
    spaces: { observation: ['Box'], action: ['Discrete', 'Box'] },
    config: reinforceConfig,
    jsonSchema: () => configJsonSchema(REINFORCE_SCHEMA, REINFORCE_DEFAULTS),
    gamma: (c) => c.gamma,
    build: (o) => new ReinforceAgent(o),
  }),
  actorCritic('a2c', 'advantage actor-critic on a vector env'),
  actorCritic('ppo', 'proximal policy optimisation (clipped surrogate, GAE) on a vector env'),
  defineAgent<QTableConfig, QTableAgent>({
    kind: 'qtable',
    description: 'tabular Q-learning, for discrete observation spaces',
    loop: 'single',
    spaces: { observation: ['Discrete'], action: ['Discrete'] },
    config: qtableConfig,
    jsonSchema: () => configJsonSchema(QTABLE_SCHEMA, QTABLE_DEFAULTS),
    gamma: (c) => c.gamma,
    build: (o) => new QTableAgent(o),
  }),
];
