/**
 * The one module that chooses TensorFlow.js's backend; nothing else imports a backend package.
 *
 * Order of preference: `node-gpu` (@tensorflow/tfjs-node-gpu), `node` (@tensorflow/tfjs-node),
 * `wasm` (@tensorflow/tfjs-backend-wasm), `cpu`. The two native ones are optional dependencies
 * whose install downloads libtensorflow, which fails on machines without network; then they are
 * skipped. `TFGYM_BACKEND` or the `backend` option forces one, and fails loudly if it cannot load.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError, InvalidArgumentError, describe } from '../core/errors.js';
import { registerFastGradients } from './gradients.js';
import { registerWasmKernels } from './wasm_kernels.js';

export type BackendName = 'node-gpu' | 'node' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['node-gpu', 'node', 'wasm', 'cpu'];


export interface BackendOptions {
  /** `auto` (default: the best that loads), or one backend to force. Overridden by nothing. */
  backend?: BackendName | 'auto';
  /** Where to report which backend runs. Default: none (the caller prints it). */
  log?: (message: string) => void;
}

export interface BackendInfo {
  /** The backend in use. */
  name: BackendName;
  /** Backends tried before it, with why each failed. */
  skipped: { name: BackendName; reason: string }[];
}

let current: BackendInfo | null = null;

/**
 * The optional native backends, by package name held in a variable so that bundlers leave them
 * out (they are Node.js addons; in a browser their import fails and the next backend is tried).
 */
const NATIVE: Readonly<Record<'node-gpu' | 'node', string>> = { 'node-gpu': '@tensorflow/tfjs-node-gpu', node: '@tensorflow/tfjs-node' };

async function load(name: BackendName): Promise<void> {
  switch (name) {
    case 'node-gpu':
      await import(/* @vite-ignore */ NATIVE['node-gpu']);
      if (!(await tf.setBackend('tensorflow'))) throw new BackendError('the tensorflow backend did not initialise');
      return;
    case 'node':
      await import(/* @vite-ignore */ NATIVE.node);
      if (!(await tf.setBackend('tensorflow'))) throw new BackendError('the tensorflow backend did not initialise');
      return;
    case 'wasm': {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new BackendError('the wasm backend did not initialise');
      registerWasmKernels();
      return;
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new BackendError('the cpu backend did not initialise');
      return;
  }
}

/** Parses a backend name from the CLI or the environment. */
export function parseBackend(value: unknown, source = 'backend'): BackendName | 'auto' {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (typeof value === 'string' && (BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new InvalidArgumentError(`${source} must be one of auto, ${BACKENDS.join(', ')}, got ${describe(value)}`);
}

/**
 * Selects and initialises the backend (once per process; later calls return the same info unless
 * a different backend is forced). Calls `tf.enableProdMode()`.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const requested = options.backend ?? parseBackend(process.env.TFGYM_BACKEND, 'TFGYM_BACKEND');
  if (current && (requested === 'auto' || requested === current.name)) return current;
  tf.enableProdMode();
  registerFastGradients();
  const candidates = requested === 'auto' ? BACKENDS : [requested];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of candidates) {
    try {
      await load(name);
      await tf.ready();
      current = { name, skipped };
      options.log?.(`tfgym: tensor backend ${name}${skipped.length ? ` (skipped ${skipped.map((s) => s.name).join(', ')})` : ''}`);
      return current;
    } catch (e) {
      skipped.push({ name, reason: e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e) });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new BackendError(`tensor backend ${requested} could not be loaded (${reasons})`);
}

/** The backend in use, or null before {@link initBackend}. */
export function backendInfo(): BackendInfo | null {
  return current;
}

export { tf };
