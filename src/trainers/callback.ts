/**
 * Callbacks: objects with optional handlers for the events they care about. A handler may return
 * `false` (or a promise of it) to stop the run, as in Stable-Baselines3; it sees the event and a
 * narrow {@link RunContext}, never the trainer's internals.
 */
import type { EventOf, RunInfo, TrainerEvent } from '../core/events.js';

export interface RunContext {
  readonly run: RunInfo;
  /** Sends an event to every callback (an evaluator reports `eval` this way). */
  emit(event: TrainerEvent): Promise<void>;
  /** Asks the run to stop after the current step. */
  stop(reason: string): void;
  /** Captures everything needed to resume exactly (RL runs; null where the run cannot). */
  snapshot(): RunSnapshot | null;
}

/** A resumable state: the agent's snapshot plus the loop's counters and the env's generator. */
export interface RunSnapshot {
  step: number;
  episode: number;
  /** True when taken in the middle of an episode (a resume then starts a new episode). */
  midEpisode: boolean;
  envRng: unknown;
  agent: import('../core/agent.js').AgentSnapshot;
  run: RunInfo;
}

type Handler<T extends TrainerEvent['type']> = (event: EventOf<T>, ctx: RunContext) => void | boolean | Promise<void | boolean>;

export interface Callback {
  onRunStart?: Handler<'runStart'>;
  onStep?: Handler<'step'>;
  onEpisodeEnd?: Handler<'episodeEnd'>;
  onUpdate?: Handler<'update'>;
  onEval?: Handler<'eval'>;
  onBatchEnd?: Handler<'batchEnd'>;
  onEpochEnd?: Handler<'epochEnd'>;
  onSamples?: Handler<'samples'>;
  onRunEnd?: Handler<'runEnd'>;
}

const HANDLER: { [T in TrainerEvent['type']]: keyof Callback } = {
  runStart: 'onRunStart',
  step: 'onStep',
  episodeEnd: 'onEpisodeEnd',
  update: 'onUpdate',
  eval: 'onEval',
  batchEnd: 'onBatchEnd',
  epochEnd: 'onEpochEnd',
  samples: 'onSamples',
  runEnd: 'onRunEnd',
};

/**
 * Delivers events to callbacks in order; remembers whether any asked to stop. Events emitted by
 * a callback (through the context) are delivered before the emitting call returns.
 */
export class CallbackList {
  private stopReason: string | null = null;
  readonly wantsSteps: boolean;

  constructor(private readonly callbacks: readonly Callback[]) {
    this.wantsSteps = callbacks.some((c) => typeof c.onStep === 'function');
  }

  get stopRequested(): string | null {
    return this.stopReason;
  }

  requestStop(reason: string): void {
    this.stopReason ??= reason;
  }

  async emit(event: TrainerEvent, ctx: RunContext): Promise<void> {
    const key = HANDLER[event.type];
    for (const cb of this.callbacks) {
      const handler = cb[key] as ((e: TrainerEvent, c: RunContext) => unknown) | undefined;
      if (!handler) continue;
      const result = await handler.call(cb, event, ctx);
      if (result === false) this.requestStop(`${cb.constructor.name} returned false on ${event.type}`);
    }
  }
}
