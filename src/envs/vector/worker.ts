/**
 * The worker thread of an AsyncVectorEnv: builds one env with `make`, then serves requests over
 * shared memory (see protocol.ts) until told to close.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Info } from '../../core/env.js';
import { TYPED_ARRAY } from '../../core/spaces/space.js';
import * as core from '../../core/index.js';
import * as envs from '../index.js';
import { make } from '../registry.js';
import { readAction, writeObservation } from './batch.js';
import { Command, Status, type ResetMessage, type WorkerInit } from './protocol.js';
import { SubEnv } from './sub_env.js';
import type { BatchArray } from './types.js';

const init = workerData as WorkerInit;
const { index: i, buffers, port } = init;
const control = new Int32Array(buffers.control);
const command = new Int32Array(buffers.command);
const status = new Int32Array(buffers.status);
const observations = new (TYPED_ARRAY[init.observationDtype] as unknown as new (b: SharedArrayBuffer) => BatchArray)(buffers.observations);
const rewards = new Float64Array(buffers.rewards);
const terminations = new Uint8Array(buffers.terminations);
const truncations = new Uint8Array(buffers.truncations);
const actions = new Float64Array(buffers.actions);

function reply(info: Info | null): void {
  if (info !== null && Object.keys(info).length > 0) {
    port.postMessage({ info });
    status[i] = Status.INFO;
  } else {
    status[i] = Status.OK;
  }
}

async function main(): Promise<void> {
  let sub: SubEnv | null = null;
  let seen = 0;
  for (;;) {
    Atomics.wait(control, 2 * i, seen);
    seen = Atomics.load(control, 2 * i);
    const cmd = command[i];
    try {
      if (cmd === Command.INIT) {
        for (const m of init.imports) {
          const mod = (await import(m)) as { registerEnvs?: (tfgym: unknown) => unknown };
          if (typeof mod.registerEnvs === 'function') await mod.registerEnvs({ ...core, ...envs });
        }
        const env = make(init.envId, init.makeOptions);
        sub = new SubEnv(env, init.autoresetMode);
        port.postMessage({ spaces: [env.observationSpace.toJSON(), env.actionSpace.toJSON()] });
        status[i] = Status.INFO;
      } else if (cmd === Command.RESET && sub) {
        const msg = receiveMessageOnPort(port)?.message as ResetMessage | undefined;
        const r = sub.reset(msg ?? {});
        writeObservation(observations, i, init.observationSize, r.observation);
        reply(r.info);
      } else if (cmd === Command.STEP && sub) {
        const r = sub.step(readAction(sub.env.actionSpace, actions, i, init.actionSize));
        writeObservation(observations, i, init.observationSize, r.observation);
        rewards[i] = r.reward;
        terminations[i] = r.terminated ? 1 : 0;
        truncations[i] = r.truncated ? 1 : 0;
        reply(r.info);
      } else if (cmd === Command.CLOSE) {
        sub?.close();
        status[i] = Status.OK;
        Atomics.store(control, 2 * i + 1, seen);
        Atomics.notify(control, 2 * i + 1);
        port.close();
        return;
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ error: { name: err.name, message: err.message } });
      status[i] = Status.ERROR;
    }
    Atomics.store(control, 2 * i + 1, seen);
    Atomics.notify(control, 2 * i + 1);
  }
}

void main();
