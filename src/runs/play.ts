/**
 * Greedy episodes played for people to watch: `tfgym watch` (in the viewer) and the playground's
 * watch mode (in the page) run this one loop. Each episode goes to the live renderer as it ends,
 * then the loop waits as long as the episode lasts at the env's frame rate, so the page plays
 * every episode whole before the next arrives. Browser-safe.
 */
import type { AgentBase } from '../core/agent.js';
import type { Env } from '../core/env.js';
import type { LiveRenderer } from '../render/live.js';
import { greedyEpisode } from '../trainers/callbacks/evaluation.js';

export interface PlayOptions<Obs, Act> {
  /** The env, wrapped by `live.wrap` so its episodes are recorded. */
  env: Env<Obs, Act>;
  agent: AgentBase<Obs, Act>;
  live: LiveRenderer;
  /** Episodes to play (default: until aborted). */
  episodes?: number;
  /** Seed of the first episode (then +1 per episode). Default 0. */
  seed?: number;
  /** The env step the model was trained to (the episodes' `step` on the page). */
  step: number;
  signal?: AbortSignal;
  /** Told each episode as it ends. */
  onEpisode?: (episode: number, totalReturn: number, length: number) => void;
}

/** Plays greedy episodes (the agent's `explore: false` action); returns their returns. */
export async function playGreedy<Obs, Act>(o: PlayOptions<Obs, Act>): Promise<number[]> {
  const fps = o.env.metadata.renderFps ?? 30;
  const returns: number[] = [];
  for (let ep = 0; ep < (o.episodes ?? Infinity) && !o.signal?.aborted; ep++) {
    const { return: total, length } = greedyEpisode(o.env, o.agent, (o.seed ?? 0) + ep);
    returns.push(total);
    o.live.onEpisodeEnd({ type: 'episodeEnd', step: o.step, episode: ep + 1, return: total, rawReturn: null, length, metrics: {} });
    o.onEpisode?.(ep + 1, total, length);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, (length / fps) * 1000);
      o.signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }
  return returns;
}
