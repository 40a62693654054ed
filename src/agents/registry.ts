/**
 * The agents registry: every agent kind by name, with its config, the spaces it accepts, how to
 * build it and which loop trains it ({@link AgentEntry}). The runs library, the CLI and the
 * benchmarks build agents only through here, so a new agent is one `registerAgent` call:
 *
 *   registerAgent(defineAgent<MyConfig, MyAgent>({ kind: 'my-agent', loop: 'single', ... }));
 *   declare module 'tfgym' { interface AgentConfigs { 'my-agent': MyConfig } } // typed configs
 */
import type { Space } from '../core/spaces/space.js';
import { InvalidArgumentError, RegistryError, describe } from '../core/errors.js';
import { BUILTIN_AGENTS } from './builtins.js';
import type { SacConfig, Td3Config } from './continuous/config.js';
import type { DqnConfig } from './dqn/config.js';
import type { AgentEntry } from './entry.js';
import type { ActorCriticConfig } from './pg/actor_critic.js';
import type { ReinforceConfig } from './pg/reinforce.js';
import type { QTableConfig } from './qtable.js';

/**
 * The config type of each agent kind, so that a run config's `agentConfig` is typed by its
 * `agent`. A user's agent adds its kind by declaration merging:
 * `declare module 'tfgym' { interface AgentConfigs { 'my-agent': MyConfig } }`.
 */
export interface AgentConfigs {
  dqn: DqnConfig;
  reinforce: ReinforceConfig;
  a2c: ActorCriticConfig;
  ppo: ActorCriticConfig;
  qtable: QTableConfig;
  sac: SacConfig;
  td3: Td3Config;
  ddpg: Td3Config;
}

/** The name of an agent kind with a typed config. */
export type AgentKind = keyof AgentConfigs & string;

const entries = new Map<string, AgentEntry>();

/** Adds an agent kind; a kind that is registered already is an error (agents are never replaced silently). */
export function registerAgent(entry: AgentEntry): void {
  if (typeof entry?.kind !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(entry.kind)) {
    throw new RegistryError(`agent kind must be lower-case letters, digits, "-" or "_", starting with a letter, got ${describe(entry?.kind)}`);
  }
  if (entries.has(entry.kind)) throw new RegistryError(`agent ${describe(entry.kind)} is registered already`);
  const loop: unknown = entry.loop;
  if (loop !== 'single' && loop !== 'vector') throw new RegistryError(`agent ${describe(entry.kind)} loop must be "single" or "vector", got ${describe(loop)}`);
  entries.set(entry.kind, entry);
}

/** Removes a registered kind (tests, hot reloading); returns whether it was there. */
export function unregisterAgent(kind: string): boolean {
  return entries.delete(kind);
}

/** The registered kinds, in registration order (built-ins first). */
export function listAgents(): string[] {
  return [...entries.keys()];
}

/** The entry of `kind`; an unknown kind is an error listing the known ones. */
export function agentEntry(kind: string): AgentEntry {
  const entry = entries.get(kind);
  if (!entry) throw new InvalidArgumentError(`unknown agent ${describe(kind)}; agents: ${listAgents().join(', ')} (a module of yours adds more with registerAgent; the CLI loads it with --import FILE)`);
  return entry;
}

/** Throws unless `entry` can act in these spaces; `where` names the env in the message. */
export function checkAgentSpaces(entry: AgentEntry, observationSpace: Space<unknown>, actionSpace: Space<unknown>, where: string): void {
  if (entry.spaces.observation.includes(observationSpace.kind) && entry.spaces.action.includes(actionSpace.kind)) return;
  const needs = (kinds: readonly string[], what: string): string => `${kinds.join(' or ')} ${what} space`;
  throw new InvalidArgumentError(
    `agent ${entry.kind} needs a ${needs(entry.spaces.observation, 'observation')} and a ${needs(entry.spaces.action, 'action')}; ` +
      `${where} has observation space ${String(observationSpace)} and action space ${String(actionSpace)}`,
  );
}

for (const entry of BUILTIN_AGENTS) registerAgent(entry);
