/**
 * The one error hierarchy of tfgym.
 *
 * Every message names the subject, the rule it broke and the value it got, in the style of
 * Gymnasium: `Box low.shape doesn't match provided shape, low.shape=[3], shape=[2]`.
 * Tests pin the exact text, so change a message only together with its test.
 */

/** Base class: catch this to catch every error tfgym raises on purpose. */
export class TfgymError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value given by the user (an argument, an option, a config field) breaks a rule. */
export class InvalidArgumentError extends TfgymError {}

/** A space was constructed with inconsistent parameters (shape, bounds, dtype). */
export class InvalidSpaceError extends TfgymError {}

/** An action given to `step` is not an element of the env's action space. */
export class InvalidActionError extends TfgymError {}

/** The env was used out of order: `step` before `reset`, or after the episode ended. */
export class ResetNeededError extends TfgymError {}

/** An env id that the registry does not know, or a registration that clashes. */
export class RegistryError extends TfgymError {}

/** `checkEnv` found an env that breaks the Env contract. */
export class EnvCheckError extends TfgymError {}

/** A worker of an async vector env failed or was used after `close()`. */
export class VectorEnvError extends TfgymError {}

/**
 * A training loss became NaN or infinite. Every learner (DQN, REINFORCE, A2C/PPO, the supervised
 * tasks) throws this before applying the step, so the weights are left unchanged and the run ends
 * with reason `error` instead of writing NaN weights.
 */
export class NonFiniteLossError extends TfgymError {}

/** The tfjs backend could not be loaded. */
export class BackendError extends TfgymError {}

/** A checkpoint that cannot be read: missing, corrupt, or from another run. */
export class CheckpointError extends TfgymError {}

/** Renders any value compactly and unambiguously for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = Array.from(value as unknown as ArrayLike<number>, (v) => describe(v));
    const body = arr.length > 12 ? `${arr.slice(0, 12).join(', ')}, …` : arr.join(', ');
    return `${value.constructor.name}[${body}]`;
  }
  if (Array.isArray(value)) {
    const body = value.slice(0, 12).map(describe).join(', ');
    return `[${body}${value.length > 12 ? ', …' : ''}]`;
  }
  if (typeof value === 'object') {
    const ctor = (value as object).constructor;
    if (ctor && ctor !== Object) {
      const s = String(value);
      return s === '[object Object]' ? `${ctor.name} {}` : s;
    }
    const entries = Object.entries(value as Record<string, unknown>).slice(0, 12);
    return `{${entries.map(([k, v]) => `${k}: ${describe(v)}`).join(', ')}}`;
  }
  return String(value);
}
