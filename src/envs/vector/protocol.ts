/**
 * The shared-memory protocol between an AsyncVectorEnv and its worker threads.
 *
 * Per worker i: `control[2i]` is the request counter the main thread bumps, `control[2i + 1]` the
 * counter the worker sets when the request is done (Atomics.wait/notify on both). `command[i]`
 * says what to do; arguments that are not numbers (reset options) travel on the worker's
 * MessagePort and are read synchronously with `receiveMessageOnPort`. Results land in the shared
 * batch arrays; a non-empty info, or an error, comes back as a port message flagged in `status[i]`.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Dtype } from '../../core/spaces/space.js';
import type { MakeOptions } from '../registry.js';
import type { AutoresetMode } from './types.js';

export const Command = { INIT: 1, RESET: 2, STEP: 3, CLOSE: 4 } as const;
export const Status = { OK: 0, INFO: 1, ERROR: 2 } as const;

export interface SharedBuffers {
  control: SharedArrayBuffer;
  command: SharedArrayBuffer;
  status: SharedArrayBuffer;
  observations: SharedArrayBuffer;
  rewards: SharedArrayBuffer;
  terminations: SharedArrayBuffer;
  truncations: SharedArrayBuffer;
  actions: SharedArrayBuffer;
}

export interface WorkerInit {
  index: number;
  envId: string;
  makeOptions: MakeOptions;
  /** Modules to import before `make` (they register custom env ids). */
  imports: string[];
  autoresetMode: AutoresetMode;
  observationDtype: Dtype;
  observationSize: number;
  actionSize: number;
  buffers: SharedBuffers;
  port: MessagePort;
}

export interface ResetMessage {
  seed?: number;
  options?: Record<string, unknown>;
}

export interface ErrorMessage {
  error: { name: string; message: string };
}
