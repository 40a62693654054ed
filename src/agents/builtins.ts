/**
 * The built-in agent kinds, one registry entry each: DQN, REINFORCE, A2C, PPO, SAC, TD3, DDPG and
 * tabular Q-learning. A user's own agent is one more entry, given to `registerAgent`.
 */
import { configJsonSchema } from '../core/config.js';
import { DQN_DEFAULTS, DQN_SCHEMA, dqnConfig, type DqnConfig } from './dqn/config.js';
import { DqnAgent } from './dqn/dqn.js';
import { defineAgent, type AgentEntry } from './entry.js';
import { A2C_DEFAULTS, ACTOR_CRITIC_SCHEMA, ActorCriticAgent, PPO_DEFAULTS, actorCriticConfig, type ActorCriticConfig } from './pg/actor_critic.js';
import { REINFORCE_DEFAULTS, REINFORCE_SCHEMA, ReinforceAgent, reinforceConfig, type ReinforceConfig } from './pg/reinforce.js';
import { DDPG_DEFAULTS, SAC_DEFAULTS, SAC_SCHEMA, TD3_DEFAULTS, TD3_SCHEMA, sacConfig, td3Config, type SacConfig, type Td3Config } from './continuous/config.js';
import { SacAgent } from './continuous/sac.js';
import { Td3Agent } from './continuous/td3.js';
import { QTABLE_DEFAULTS, QTABLE_SCHEMA, QTableAgent, qtableConfig, type QTableConfig } from './qtable.js';

/** The same entry for TD3 and DDPG: one class, two sets of defaults. */
function td3(algorithm: 'td3' | 'ddpg', description: string): AgentEntry {
  return defineAgent<Td3Config, Td3Agent>({
    kind: algorithm,
    description,
    loop: 'single',
    spaces: { observation: ['Box'], action: ['Box'] },
    config: (input) => td3Config(algorithm, input),
    jsonSchema: () => configJsonSchema(TD3_SCHEMA, algorithm === 'td3' ? TD3_DEFAULTS : DDPG_DEFAULTS),
    gamma: (c) => c.gamma,
    build: (o) => new Td3Agent({ ...o, algorithm }),
  });
}

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
  defineAgent<SacConfig, SacAgent>({
    kind: 'sac',
    description: 'soft actor-critic (twin critics, tanh-Gaussian actor, learned entropy coefficient) for Box actions',
    loop: 'single',
    spaces: { observation: ['Box'], action: ['Box'] },
    config: sacConfig,
    jsonSchema: () => configJsonSchema(SAC_SCHEMA, SAC_DEFAULTS),
    gamma: (c) => c.gamma,
    build: (o) => new SacAgent(o),
  }),
  td3('td3', 'twin delayed DDPG (clipped double-Q, target policy smoothing, delayed actor) for Box actions'),
  td3('ddpg', 'deep deterministic policy gradient (TD3 with one critic, no smoothing, no delay) for Box actions'),
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
