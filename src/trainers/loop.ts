/**
 * The one training loop shell that RL and supervised training share: it announces the run,
 * delivers events to callbacks, turns a callback's `false`, the abort signal (Ctrl-C) or a thrown
 * error into the run's end reason, yields to the event loop, and announces the end.
 */
import type { RunEndReason, RunInfo } from '../core/events.js';
import { CallbackList, type Callback, type RunContext, type RunSnapshot } from './callback.js';

/** The options every training entry point (`trainAgent`, `trainVectorAgent`, `trainSupervised`) takes. */
export interface RunOptions {
  /** Seed of the run (the first env reset, or the data order). */
  seed: number;
  callbacks?: readonly Callback[];
  /** Describes the run to callbacks (task, algorithm, config, run folder). */
  run?: Partial<Omit<RunInfo, 'kind' | 'seed' | 'total' | 'start'>>;
  /** Aborting stops the run after the current step with reason `interrupted`. */
  signal?: AbortSignal;
}

/**
 * The run's description from what the caller said of it (`options.run`) and what the loop knows:
 * its kind, seed, length and start; the task and algorithm default to the loop's own names.
 */
export function describeRun(
  options: Pick<RunOptions, 'run' | 'seed'>,
  known: Pick<RunInfo, 'kind' | 'total' | 'start'> & { task: string; algorithm: string },
): RunInfo {
  const r = options.run ?? {};
  return {
    kind: known.kind, runDir: r.runDir ?? null, task: r.task ?? known.task, algorithm: r.algorithm ?? known.algorithm,
    seed: options.seed, config: r.config ?? {}, total: known.total, start: known.start, backend: r.backend ?? null,
  };
}

/**
 * A macrotask turn: Node's setImmediate; in browsers and workers (no setImmediate) a
 * MessageChannel message, which is not clamped to 4 ms as nested setTimeout calls are.
 */
export const yieldToEventLoop: () => Promise<void> = typeof setImmediate === 'function'
  ? () => new Promise((resolve) => setImmediate(resolve))
  : (() => {
      const channel = new MessageChannel();
      const waiting: (() => void)[] = [];
      channel.port1.onmessage = () => waiting.shift()?.();
      return () => new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      });
    })();

export interface TrainResult {
  /** Where the run started (non-zero when resumed). */
  start: number;
  /** Steps (RL) or epochs (supervised) reached. */
  steps: number;
  seconds: number;
  reason: RunEndReason;
  message: string | null;
  /** Anything the body reports (episodes, final metrics). */
  summary: Record<string, unknown>;
}

export interface LoopControl {
  readonly ctx: RunContext;
  /** Whether a callback wants `step` events (they cost a call per env step). */
  readonly wantsSteps: boolean;
  /** Why the loop must stop now, or null to go on. Call it once per iteration. */
  shouldStop(): RunEndReason | null;
  /** Yields to the event loop (call it every few hundred steps). */
  yieldNow(): Promise<void>;
  /**
   * Whether it is time to yield: 10 ms have passed since the last yield (sockets, timers and
   * Ctrl-C then get their turn within a frame, however slow or fast a step is). Cheap enough to
   * ask every step: it reads the clock every 16th call.
   */
  yieldDue(): boolean;
}

export interface LoopOptions {
  callbacks?: readonly Callback[];
  signal?: AbortSignal;
  /** How to capture a resumable state, when the run supports it. */
  snapshot?: () => RunSnapshot | null;
  /** Where the run is now (steps or epochs), so that a run that fails reports the step it failed at. */
  position?: () => number;
}

export async function runLoop(
  run: RunInfo,
  options: LoopOptions,
  body: (control: LoopControl) => Promise<{ step: number; summary: Record<string, unknown> }>,
): Promise<TrainResult> {
  const callbacks = new CallbackList(options.callbacks ?? []);
  const ctx: RunContext = {
    run,
    emit: (event) => callbacks.emit(event, ctx),
    stop: (reason) => callbacks.requestStop(reason),
    snapshot: () => options.snapshot?.() ?? null,
  };
  let lastYield = performance.now();
  let calls = 0;
  let reason: RunEndReason = 'completed';
  let message: string | null = null;
  const control: LoopControl = {
    ctx,
    wantsSteps: callbacks.wantsSteps,
    shouldStop: () => {
      if (options.signal?.aborted) return (reason = 'interrupted');
      if (callbacks.stopRequested) {
        message = callbacks.stopRequested;
        return (reason = 'stopped');
      }
      return null;
    },
    yieldNow: () => {
      lastYield = performance.now();
      return yieldToEventLoop();
    },
    yieldDue: () => (++calls & 15) === 0 && performance.now() - lastYield >= 10,
  };
  const started = performance.now();
  let step = run.start;
  let summary: Record<string, unknown> = {};
  await ctx.emit({ type: 'runStart', run });
  try {
    ({ step, summary } = await body(control));
  } catch (e) {
    reason = 'error';
    message = e instanceof Error ? e.message : String(e);
    summary = { error: message };
    step = options.position?.() ?? step;
  }
  const seconds = (performance.now() - started) / 1000;
  const result: TrainResult = { start: run.start, steps: step, seconds, reason, message, summary };
  await ctx.emit({ type: 'runEnd', step, seconds, reason, message, summary: { ...summary, steps: step, seconds, stepsPerSecond: (step - run.start) / Math.max(seconds, 1e-9) } });
  return result;
}
