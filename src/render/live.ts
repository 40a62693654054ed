/**
 * Feeding the viewer from a training run without slowing it down.
 *
 * `LiveRenderer` is two things that share a server: a wrapper for the training env (or for each
 * copy of a vector env) that records the state snapshots of at most one episode per copy every
 * `episodeInterval` ms (a copy of a few numbers per step, nothing while not recording) and sends
 * it when it ends, and a trainer callback that sends the run's header, episode summaries,
 * aggregated metrics and evaluations. Sending is fire-and-forget.
 */
import type { Env, ResetArgs, ResetResult, StepResult } from '../core/env.js';
import type { EventOf } from '../core/events.js';
import { Wrapper } from '../envs/wrapper.js';
import type { Callback } from '../trainers/callback.js';
import { MetricStream } from '../trainers/metrics.js';
import type { Frame, ServerMessage } from './protocol.js';

/** Where the viewer's messages go: the viewer's server (Node), or the playground worker's `postMessage`. */
export interface ViewerSink {
  broadcast(message: ServerMessage): void;
}

export interface LiveRendererOptions {
  /** The viewer's {@link RenderServer}, or any {@link ViewerSink}. */
  server: ViewerSink;
  /** At most one recorded episode is sent per this many milliseconds. Default 1000. */
  episodeInterval?: number;
  /** Update metrics are averaged over this many steps before sending. Default 1000. */
  metricsInterval?: number;
}

/** The env's state snapshot: `unwrapped.state` when the env exposes one, else the observation. */
function snapshot(env: Env<unknown, unknown>, observation: unknown): number[] {
  const state = (env.unwrapped as { state?: unknown }).state;
  const source = state ?? observation;
  if (typeof source === 'number') return [source];
  return Array.from(source as ArrayLike<number>);
}

export class LiveRenderer implements Callback {
  private readonly server: ViewerSink;
  private readonly episodeInterval: number;
  private readonly metricsInterval: number;
  private stream: MetricStream | null = null;
  private readonly copies: CopyState[] = [];
  private lastStep = 0;
  private envId: string | null = null;
  private renderFps = 30;
  private spaces: { observation: unknown; action: unknown } = { observation: null, action: null };

  constructor(options: LiveRendererOptions) {
    this.server = options.server;
    this.episodeInterval = options.episodeInterval ?? 1000;
    this.metricsInterval = options.metricsInterval ?? 1000;
  }

  /** Wraps the training env, or copy `copy` of a vector env, so that its episodes can be recorded. */
  wrap<Obs, Act>(env: Env<Obs, Act>, copy = this.copies.length): Env<Obs, Act> {
    this.envId = env.spec?.id ?? null;
    this.renderFps = env.metadata.renderFps ?? 30;
    this.spaces = { observation: env.observationSpace.toJSON(), action: env.actionSpace.toJSON() };
    this.copies[copy] = { recording: false, lastSent: -Infinity, initial: [], frames: [], episodes: 0 };
    return new FrameRecorder(env, this, copy);
  }

  /** Called by a wrapper at each reset: decides whether this episode of `copy` is recorded. */
  episodeStarted(copy: number, state: number[]): void {
    const c = this.copies[copy] as CopyState;
    c.recording = performance.now() - c.lastSent >= this.episodeInterval;
    c.initial = c.recording ? state : [];
    c.frames = [];
  }

  isRecording(copy: number): boolean {
    return (this.copies[copy] as CopyState).recording;
  }

  recordFrame(copy: number, frame: Frame): void {
    (this.copies[copy] as CopyState).frames.push(frame);
  }

  /** Called by a wrapper when an episode of `copy` ends: sends it if it was recorded. */
  episodeEnded(copy: number): void {
    const c = this.copies[copy] as CopyState;
    c.episodes += 1;
    if (!c.recording || c.frames.length === 0) return;
    this.server.broadcast({ type: 'episodeFrames', episode: c.episodes, step: this.lastStep, copy, initialState: c.initial, frames: c.frames });
    c.lastSent = performance.now();
    c.recording = false;
  }

  onRunStart(e: EventOf<'runStart'>): void {
    const r = e.run;
    this.stream = new MetricStream(this.metricsInterval, r.start);
    this.server.broadcast({
      type: 'hello', protocol: 1, envId: this.envId, renderFps: this.renderFps,
      observationSpace: this.spaces.observation, actionSpace: this.spaces.action,
      run: { kind: r.kind, task: r.task, algorithm: r.algorithm, seed: r.seed, total: r.total, start: r.start, config: r.config },
    });
  }

  onEpisodeEnd(e: EventOf<'episodeEnd'>): void {
    this.lastStep = e.step;
    this.server.broadcast({ type: 'episode', episode: e.episode, step: e.step, return: e.return, rawReturn: e.rawReturn, length: e.length });
    this.metrics(e);
  }

  onUpdate(e: EventOf<'update'>): void {
    this.lastStep = e.step;
    this.metrics(e);
  }

  onEval(e: EventOf<'eval'>): void {
    this.server.broadcast({ type: 'eval', step: e.step, meanReturn: e.meanReturn, stdReturn: e.stdReturn });
  }

  onEpochEnd(e: EventOf<'epochEnd'>): void {
    this.server.broadcast({ type: 'epoch', epoch: e.epoch, values: e.metrics });
  }

  /** Shows sample images with their labels and the model's predictions (supervised runs), in grey. */
  onSamples(e: EventOf<'samples'>): void {
    const images = e.images.map(({ width, height, channels, pixels, label, prediction }) => ({
      width, height, label, prediction,
      pixels: Array.from({ length: width * height }, (_, p) => {
        let s = 0;
        for (let k = 0; k < channels; k++) s += pixels[p * channels + k] as number;
        return Math.round(s / channels);
      }),
    }));
    this.server.broadcast({ type: 'samples', step: e.step, images });
  }

  onRunEnd(e: EventOf<'runEnd'>): void {
    this.metrics(e);
    this.server.broadcast({ type: 'end', step: e.step, seconds: e.seconds, reason: e.reason, message: e.message });
  }

  private metrics(e: EventOf<'episodeEnd' | 'update' | 'runEnd'>): void {
    for (const r of this.stream?.records(e) ?? []) {
      const values = Object.fromEntries(Object.entries(r.values).filter(([k]) => !k.startsWith('charts/episodic')));
      if (Object.keys(values).length > 0) this.server.broadcast({ type: 'metrics', step: r.step, values });
    }
  }
}

interface CopyState {
  recording: boolean;
  lastSent: number;
  initial: number[];
  frames: Frame[];
  episodes: number;
}

/** Records state snapshots of the episodes the renderer asks for. */
class FrameRecorder<Obs, Act> extends Wrapper<Obs, Act> {
  constructor(env: Env<Obs, Act>, private readonly renderer: LiveRenderer, private readonly copy: number) {
    super(env);
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const r = this.env.reset(args);
    this.renderer.episodeStarted(this.copy, snapshot(this.env as Env<unknown, unknown>, r.observation));
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    if (this.renderer.isRecording(this.copy)) {
      const a = typeof action === 'number' ? action : ArrayBuffer.isView(action) || Array.isArray(action) ? Array.from(action as ArrayLike<number>) : null;
      this.renderer.recordFrame(this.copy, { state: snapshot(this.env as Env<unknown, unknown>, r.observation), action: a, reward: r.reward });
    }
    if (r.terminated || r.truncated) this.renderer.episodeEnded(this.copy);
    return r;
  }
}
