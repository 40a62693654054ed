/**
 * `AsyncVectorEnv`: each sub-env runs in its own worker thread (Node.js `worker_threads`), as
 * Gymnasium's `AsyncVectorEnv` runs subprocesses. Observations, rewards and flags travel through
 * shared memory and the calls stay synchronous (the main thread waits with `Atomics.wait`), so it
 * is a drop-in replacement for SyncVectorEnv. Worth it when one env step costs more than the
 * ~10 µs round trip to a worker; classic-control envs are faster in a SyncVectorEnv.
 *
 * Sub-envs are built inside the workers by `make(envId, makeOptions)`, so the id must be
 * registered there: built-in ids always are. For your own envs, give a module in `imports` (or as
 * the registration's `module`) that exports `registerEnvs(tfgym)`: each worker imports it and
 * calls it with the worker's tfgym API (`register`, the spaces, `BaseEnv`, ...), so the env and
 * its spaces come from the same tfgym instance as the worker's. Node.js only (browsers forbid
 * Atomics.wait on the main thread).
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Info } from '../../core/env.js';
import { InvalidArgumentError, VectorEnvError, describe } from '../../core/errors.js';
import { spaceFromJSON } from '../../core/spaces/flatten.js';
import type { Space, SpaceJSON } from '../../core/spaces/space.js';
import { TYPED_ARRAY } from '../../core/spaces/space.js';
import { workerScript } from '../../node/worker_script.js';
import { spec, type MakeOptions } from '../registry.js';
import { batchLayout, checkActionBatch, checkAutoresetMode, maskFor, output, seedsFor, stepOutput, type StepBuffers } from './batch.js';
import { setAsyncVectorEnvFactory } from './make_vec.js';
import { Command, Status, type ErrorMessage, type SharedBuffers, type WorkerInit } from './protocol.js';
import type { AutoresetMode, BatchArray, VectorEnv, VectorEnvOptions, VectorResetArgs, VectorResetResult, VectorStepResult } from './types.js';

export interface AsyncVectorEnvOptions extends VectorEnvOptions {
  /** Options for `make` in each worker (kwargs must be structured-cloneable). */
  makeOptions?: MakeOptions;
  /**
   * Modules each worker imports before `make`; each may export `registerEnvs(tfgym)`. Paths
   * (`./my_envs.mjs`, absolute) are taken from the current directory; other names are packages or URLs.
   */
  imports?: readonly string[];
  /** How long one call may wait for a worker before failing. Default 60 s. */
  timeoutMs?: number;
}

/** How many times the main thread polls a worker before sleeping on it. */
const SPIN_CHECKS = 2000;
const SHARED = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);

export class AsyncVectorEnv<O extends BatchArray = Float32Array> implements VectorEnv<O> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly observationSize: number;
  readonly actionSize: number;
  readonly envId: string;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly control: Int32Array;
  private readonly command: Int32Array;
  private readonly status: Int32Array;
  /** The batch buffers every step writes into. */
  private readonly buf: StepBuffers<O>;
  private readonly actions: Float64Array;
  private readonly copy: boolean;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(envId: string, numEnvs: number, options: AsyncVectorEnvOptions = {}) {
    if (!(Number.isSafeInteger(numEnvs) && numEnvs > 0)) {
      throw new InvalidArgumentError(`AsyncVectorEnv numEnvs must be a positive integer, got ${describe(numEnvs)}`);
    }
    this.envId = envId;
    this.numEnvs = numEnvs;
    this.autoresetMode = checkAutoresetMode(options.autoresetMode ?? 'next-step');
    this.copy = options.copy ?? true;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    // A worker resolves specifiers against its own file, so paths are made URLs here.
    const imports = (options.imports ?? []).map((m) => (m.startsWith('.') || isAbsolute(m) ? pathToFileURL(resolve(m)).href : m));
    // Probe the spaces in this thread (the id must also be registered here).
    const s = spec(envId);
    if (s.module !== null) imports.push(s.module);
    const probe = s.entryPoint({ ...s.kwargs, ...(options.makeOptions?.kwargs ?? {}) });
    this.singleObservationSpace = probe.observationSpace;
    this.singleActionSpace = probe.actionSpace;
    probe.close();
    const obsLayout = batchLayout(this.singleObservationSpace, 'observation');
    this.observationSize = obsLayout.size;
    this.actionSize = batchLayout(this.singleActionSpace, 'action').size;
    const obsBytes = (TYPED_ARRAY[obsLayout.dtype] as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const buffers: SharedBuffers = {
      control: SHARED(8 * numEnvs),
      command: SHARED(4 * numEnvs),
      status: SHARED(4 * numEnvs),
      observations: SHARED(obsBytes * obsLayout.size * numEnvs),
      rewards: SHARED(8 * numEnvs),
      terminations: SHARED(numEnvs),
      truncations: SHARED(numEnvs),
      actions: SHARED(8 * this.actionSize * numEnvs),
    };
    this.control = new Int32Array(buffers.control);
    this.command = new Int32Array(buffers.command);
    this.status = new Int32Array(buffers.status);
    this.buf = {
      observations: new (TYPED_ARRAY[obsLayout.dtype] as unknown as new (b: SharedArrayBuffer) => O)(buffers.observations),
      rewards: new Float64Array(buffers.rewards),
      terminations: new Uint8Array(buffers.terminations),
      truncations: new Uint8Array(buffers.truncations),
    };
    this.actions = new Float64Array(buffers.actions);

    for (let i = 0; i < numEnvs; i++) {
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = {
        index: i, envId, makeOptions: options.makeOptions ?? {}, imports, autoresetMode: this.autoresetMode,
        observationDtype: obsLayout.dtype, observationSize: this.observationSize, actionSize: this.actionSize, buffers, port: port2,
      };
      this.workers.push(spawnWorker(init, [port2]));
      this.ports.push(port1);
    }
    try {
      const infos = this.request(range(numEnvs), Command.INIT);
      infos.forEach((info, i) => this.checkSpaces(i, info.spaces));
    } catch (e) {
      this.terminate();
      throw e;
    }
  }

  reset(args: VectorResetArgs = {}): VectorResetResult<O> {
    const seeds = seedsFor(args.seed, this.numEnvs);
    const mask = maskFor(args.mask, this.numEnvs);
    const which = range(this.numEnvs).filter((i) => mask[i]);
    for (const i of which) {
      const seed = seeds[i];
      (this.ports[i] as MessagePort).postMessage({
        ...(seed === undefined ? {} : { seed }),
        ...(args.options === undefined ? {} : { options: args.options }),
      });
    }
    const infos = this.request(which, Command.RESET);
    return { observations: output(this.copy, this.buf.observations), infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult<O> {
    checkActionBatch(actions, this.numEnvs, this.actionSize);
    this.actions.set(actions);
    const infos = this.request(range(this.numEnvs), Command.STEP);
    return stepOutput(this.copy, this.buf, infos);
  }

  close(): void {
    if (this.closed) return;
    try {
      this.request(range(this.numEnvs), Command.CLOSE);
    } finally {
      this.terminate();
    }
  }

  /** Sends `cmd` to the workers in `which`, waits for all of them, and collects their infos. */
  private request(which: number[], cmd: number): Info[] {
    if (this.closed) throw new VectorEnvError(`AsyncVectorEnv(${this.envId}) was used after close()`);
    for (const i of which) {
      this.command[i] = cmd;
      Atomics.add(this.control, 2 * i, 1);
      Atomics.notify(this.control, 2 * i);
    }
    const infos: Info[] = Array.from({ length: this.numEnvs }, () => ({}));
    const errors: string[] = [];
    for (const i of which) {
      this.await(i);
      const st = this.status[i];
      if (st === Status.OK) continue;
      const msg = receiveMessageOnPort(this.ports[i] as MessagePort)?.message as { info?: Info } & Partial<ErrorMessage> & { spaces?: unknown };
      if (st === Status.ERROR && msg?.error) errors.push(`env ${i}: ${msg.error.name}: ${msg.error.message}`);
      else if (msg?.info) infos[i] = msg.info;
      else if (msg?.spaces) infos[i] = { spaces: msg.spaces };
    }
    if (errors.length > 0) throw new VectorEnvError(`AsyncVectorEnv(${this.envId}) worker failed: ${errors.join('; ')}`);
    return infos;
  }

  private await(i: number): void {
    const target = Atomics.load(this.control, 2 * i);
    // A short spin first: most env steps finish in microseconds, sooner than a sleep and wake-up.
    for (let spin = 0; spin < SPIN_CHECKS; spin++) if (Atomics.load(this.control, 2 * i + 1) === target) return;
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const done = Atomics.load(this.control, 2 * i + 1);
      if (done === target) return;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new VectorEnvError(`AsyncVectorEnv(${this.envId}) worker ${i} did not answer within ${this.timeoutMs} ms`);
      }
      Atomics.wait(this.control, 2 * i + 1, done, left);
    }
  }

  private checkSpaces(i: number, reported: unknown): void {
    const spaces = reported as [SpaceJSON, SpaceJSON] | undefined;
    if (!spaces) throw new VectorEnvError(`AsyncVectorEnv(${this.envId}) worker ${i} did not report its spaces`);
    if (!spaceFromJSON(spaces[0]).equals(this.singleObservationSpace) || !spaceFromJSON(spaces[1]).equals(this.singleActionSpace)) {
      throw new VectorEnvError(`AsyncVectorEnv(${this.envId}) worker ${i} built an env with other spaces than this thread's`);
    }
  }

  private terminate(): void {
    this.closed = true;
    for (const p of this.ports) p.close();
    for (const w of this.workers) void w.terminate();
  }

  toString(): string {
    return `AsyncVectorEnv(${this.envId}, numEnvs=${this.numEnvs})`;
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}


function spawnWorker(init: WorkerInit, transfer: MessagePort[]): Worker {
  return new Worker(workerScript(import.meta.url, 'worker'), { workerData: init, transferList: transfer });
}

setAsyncVectorEnvFactory((id, numEnvs, options) => new AsyncVectorEnv(id, numEnvs, options));
