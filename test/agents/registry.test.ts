import { describe, expect, it } from 'vitest';
import { defineAgent, type AgentEntry } from '../../src/agents/entry.js';
import { agentEntry, checkAgentSpaces, listAgents, registerAgent, unregisterAgent } from '../../src/agents/registry.js';
import { InvalidArgumentError, RegistryError } from '../../src/core/errors.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { make } from '../../src/envs/index.js';
import { QTableAgent, qtableConfig, type QTableConfig } from '../../src/agents/qtable.js';

describe('agents registry', () => {
  it('lists every built-in agent with its loop, spaces and checked config', () => {
    expect(listAgents().slice(0, 8)).toEqual(['dqn', 'reinforce', 'a2c', 'ppo', 'sac', 'td3', 'ddpg', 'qtable']);
    expect(listAgents().map((k) => [k, agentEntry(k).loop])).toEqual(expect.arrayContaining([['dqn', 'single'], ['reinforce', 'single'], ['a2c', 'vector'], ['ppo', 'vector'], ['qtable', 'single']]));
    expect(agentEntry('ppo').config(undefined)).toMatchObject({ clipRange: 0.2, nSteps: 128 });
    expect(agentEntry('a2c').config(undefined)).toMatchObject({ clipRange: 0, nSteps: 5 });
    expect(() => agentEntry('dqn').config({ gamma: 2 })).toThrow(new InvalidArgumentError('dqn.gamma must be a number >= 0 and <= 1, got 2'));
    expect(agentEntry('qtable').gamma(agentEntry('qtable').config({ gamma: 0.5 }))).toBe(0.5);
    // Each built-in gives its config's JSON Schema with the defaults (forms, docs, list-agents --json).
    for (const kind of ['dqn', 'reinforce', 'a2c', 'ppo', 'sac', 'td3', 'ddpg', 'qtable']) {
      const js = agentEntry(kind).jsonSchema?.() as { properties: Record<string, { default?: unknown }> };
      expect(Object.fromEntries(Object.entries(js.properties).map(([k, p]) => [k, p.default])), kind).toEqual({ ...agentEntry(kind).config(undefined) });
    }
  });

  it('rejects an unknown kind with the list of known ones', () => {
    expect(() => agentEntry('rainbow')).toThrow(new InvalidArgumentError(`unknown agent "rainbow"; agents: ${listAgents().join(', ')} (a module of yours adds more with registerAgent; the CLI loads it with --import FILE)`));
  });

  it('rejects a space an agent cannot handle, naming the agent, the env and both spaces', () => {
    const pendulum = make('Pendulum-v1');
    expect(() => checkAgentSpaces(agentEntry('dqn'), pendulum.observationSpace, pendulum.actionSpace, 'Pendulum-v1')).toThrow(new InvalidArgumentError(
      'agent dqn needs a Box observation space and a Discrete action space; Pendulum-v1 has observation space Box([-1, -1, -8], [1, 1, 8], [3], float32) and action space Box(-2, 2, [1], float32)',
    ));
    const cart = make('CartPole-v1');
    expect(() => checkAgentSpaces(agentEntry('qtable'), cart.observationSpace, cart.actionSpace, 'CartPole-v1')).toThrow(/^agent qtable needs a Discrete observation space and a Discrete action space; CartPole-v1 has observation space Box\(/);
    expect(() => checkAgentSpaces(agentEntry('ppo'), new Box(-1, 1, { shape: [2] }), new Discrete(3), 'x')).not.toThrow();
  });

  it('registers a new kind once, refuses duplicates and bad names, and forgets it on unregister', () => {
    const entry: AgentEntry = defineAgent<QTableConfig, QTableAgent>({
      kind: 'my-qtable', description: 'a copy', loop: 'single', spaces: { observation: ['Discrete'], action: ['Discrete'] },
      config: qtableConfig, gamma: (c) => c.gamma, build: (o) => new QTableAgent(o),
    });
    registerAgent(entry);
    try {
      expect(listAgents()).toContain('my-qtable');
      expect(() => registerAgent(entry)).toThrow(new RegistryError('agent "my-qtable" is registered already'));
      expect(() => registerAgent({ ...entry, kind: 'Bad Name' })).toThrow(new RegistryError('agent kind must be lower-case letters, digits, "-" or "_", starting with a letter, got "Bad Name"'));
      expect(() => registerAgent({ ...entry, kind: 'other', loop: 'batch' } as never)).toThrow(new RegistryError('agent "other" loop must be "single" or "vector", got "batch"'));
    } finally {
      expect(unregisterAgent('my-qtable')).toBe(true);
    }
    expect(listAgents()).not.toContain('my-qtable');
  });
});
