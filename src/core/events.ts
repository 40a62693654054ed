/**
 * The typed events a training run emits. RL and supervised training share them, and every
 * logger, progress bar, checkpoint writer, evaluator and the live renderer is a callback on this
 * one stream.
 */
import type { Metrics } from './agent.js';

export interface RunInfo {
  kind: 'rl' | 'supervised';
  /** Where the run writes its files, when it has a folder. */
  runDir: string | null;
  /** The env id (RL) or task name (supervised). */
  task: string;
  /** Algorithm or model name (`dqn`, `polynomial`, ...). */
  algorithm: string;
  seed: number;
  /** The resolved config, for the record. */
  config: Record<string, unknown>;
  /** Env steps (RL) or epochs (supervised) the run aims for. */
  total: number;
  /** Where a resumed run starts (0 for a new one). */
  start: number;
  backend: string | null;
}

/** One image of a `samples` event: bytes in [0, 255], row-major, `channels` bytes per pixel. */
export interface SampleImage {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
  /** The true class. */
  label: number;
  /** The model's predicted class. */
  prediction: number;
}

export type TrainerEvent =
  | { type: 'runStart'; run: RunInfo }
  | { type: 'step'; step: number; reward: number }
  | { type: 'episodeEnd'; step: number; episode: number; return: number; rawReturn: number | null; length: number; metrics: Metrics }
  | { type: 'update'; step: number; metrics: Metrics }
  | { type: 'eval'; step: number; episodes: number; meanReturn: number; stdReturn: number; returns: number[] }
  | { type: 'batchEnd'; epoch: number; batch: number; step: number; metrics: Metrics }
  | { type: 'epochEnd'; epoch: number; step: number; metrics: Metrics }
  /** A few inputs with the model's predictions (supervised runs; the viewer and TensorBoard show them). */
  | { type: 'samples'; step: number; images: SampleImage[] }
  | { type: 'runEnd'; step: number; seconds: number; reason: RunEndReason; message: string | null; summary: Record<string, unknown> };

export type RunEndReason = 'completed' | 'stopped' | 'interrupted' | 'error';

export type EventOf<T extends TrainerEvent['type']> = Extract<TrainerEvent, { type: T }>;
