/** Messages between the playground page and its training worker (plain data: structured clone). */
import type { ServerMessage } from '../render/protocol.js';

/** The backends the page offers: `auto` is WebGL on a hardware GPU, wasm otherwise. */
export type PageBackend = 'auto' | 'webgl' | 'wasm' | 'cpu';

/** A file the page read for the worker (a model's parts, an env module). */
export interface PageFile {
  name: string;
  bytes: Uint8Array;
}

/** A tuned-table entry the page offers as a preset. */
export interface PresetInfo {
  name: string;
  agent: string;
  env: string;
  source: string;
}

export type ToWorker =
  /** The registries' ids, after importing the env modules at `modules` (URLs as given, relative to `base`: the page's). */
  | { type: 'describe'; modules: string[]; base: string }
  /** Imports a user's env module (read from a dropped or chosen file) and checks its envs. */
  | { type: 'envModule'; file: PageFile }
  /** The agent's config schema and the values `preset` (or the pair's tuned entry) gives. */
  | { type: 'describeAgent'; agent: string; env: string; preset: string | null }
  /** The run's keys over its preset (or tuned entry), checked by the config schema in the worker. */
  | { type: 'start'; flags: Record<string, unknown>; preset: string | null; backend: PageBackend }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** The current model as a checkpoint tar file. */
  | { type: 'save' }
  /** A checkpoint (one .tar, or its meta.json and arrays.bin) to become the current model; `env` is the page's env. */
  | { type: 'load'; files: PageFile[]; env: string; backend: PageBackend }
  /** Greedy episodes of the current model, played on the page until `stopWatch`. */
  | { type: 'watch'; seed: number }
  | { type: 'stopWatch' };

/** The model the worker holds: the last run's agent, or a loaded checkpoint's. */
export interface ModelInfo {
  env: string;
  agent: string;
  step: number;
  /** `trained here` or the loaded file's name. */
  source: string;
}

export type FromWorker =
  | { type: 'described'; envs: string[]; agents: string[]; presets: PresetInfo[]; added: string[] }
  | { type: 'agentForm'; agent: string; env: string; preset: string | null; schema: Record<string, unknown> | null; values: Record<string, unknown> }
  /** A value out of range, or a bad env module: nothing started. */
  | { type: 'invalid'; message: string }
  | { type: 'started'; backend: string; backendNote: string; numEnvs: number; loop: 'single' | 'vector'; config: Record<string, unknown> }
  /** The viewer's own messages (run header, episodes and their frames, metrics, evaluations, end). */
  | { type: 'viewer'; message: ServerMessage }
  | { type: 'progress'; step: number; stepsPerSecond: number }
  | { type: 'done'; reason: string; step: number; seconds: number; message: string | null; model: ModelInfo | null }
  | { type: 'model'; name: string; bytes: Uint8Array }
  | { type: 'loaded'; model: ModelInfo }
  /** A model file refused (the current model is kept). */
  | { type: 'loadFailed'; message: string }
  | { type: 'watchEpisode'; episode: number; return: number; length: number }
  | { type: 'watchEnded' }
  | { type: 'error'; message: string };
