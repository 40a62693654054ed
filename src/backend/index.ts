/**
 * The one module that chooses TensorFlow.js's backend; nothing else imports a backend package.
 *
 * Order of preference in Node: `node-gpu` (@tensorflow/tfjs-node-gpu), `node` (@tensorflow/tfjs-node),
 * `wasm` (@tensorflow/tfjs-backend-wasm), `cpu`. The two native ones are optional dependencies
 * whose install downloads libtensorflow, which fails on machines without network; then they are
 * skipped. In browsers and workers: `webgl` (part of @tensorflow/tfjs; in a worker it draws on an
 * OffscreenCanvas), `wasm`, `cpu`. `TFGYM_BACKEND` or the `backend` option forces one, and fails
 * loudly if it cannot load.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError, InvalidArgumentError, describe } from '../core/errors.js';
import { registerFastGradients } from './gradients.js';
import { registerWasmKernels } from './wasm_kernels.js';

export type BackendName = 'node-gpu' | 'node' | 'webgl' | 'wasm' | 'cpu';
/** Every backend name, in Node's order of preference with webgl (browsers only) before wasm. */
export const BACKENDS: readonly BackendName[] = ['node-gpu', 'node', 'webgl', 'wasm', 'cpu'];
/** Whether this is Node.js (else a browser, a worker or another JavaScript runtime). */
const IN_NODE = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
/** What `auto` tries, in order, here. */
const AUTO: readonly BackendName[] = IN_NODE ? ['node-gpu', 'node', 'wasm', 'cpu'] : ['webgl', 'wasm', 'cpu'];


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
    case 'webgl':
      if (IN_NODE) throw new BackendError('webgl runs in browsers and workers only');
      if (!(await tf.setBackend('webgl'))) throw new BackendError('the webgl backend did not initialise (no WebGL here)');
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
  const requested = options.backend ?? (IN_NODE ? parseBackend(process.env.TFGYM_BACKEND, 'TFGYM_BACKEND') : 'auto');
  if (current && (requested === 'auto' || requested === current.name)) return current;
  tf.enableProdMode();
  registerFastGradients();
  const candidates = requested === 'auto' ? AUTO : [requested];
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
