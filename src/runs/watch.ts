/**
 * Watching a checkpoint: greedy episodes played in the live viewer one after another at the env's
 * frame rate, until `episodes` are done or the signal aborts (`tfgym watch`).
 */
import { LiveRenderer } from '../render/live.js';
import { RenderServer } from '../render/server.js';
import { viewerWebRoot } from '../render/web_root.js';
import { loadCheckpointAgent } from './checkpoints.js';
import { playGreedy } from './play.js';
import { buildEnv } from './rl.js';

export interface WatchOptions {
  /** A checkpoint folder, `RUN/best`, or a run folder (its newest checkpoint). */
  checkpoint: string;
  /** Episodes to play (default: until aborted). */
  episodes?: number;
  /** Seed of the first episode (then +1 per episode). Default 0. */
  seed?: number;
  /** Viewer port (0: any free port). Default 0. */
  port?: number;
  /** Viewer host. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Browser modules the page imports first (scene plugins). */
  plugins?: string[];
  print: (line: string) => void;
  signal?: AbortSignal;
}

export async function watchCheckpoint(o: WatchOptions): Promise<{ env: string; episodes: number; meanReturn: number }> {
  const { snapshot, config, agent } = await loadCheckpointAgent(o.checkpoint);
  const server = new RenderServer({ webRoot: await viewerWebRoot(), port: o.port ?? 0, host: o.host ?? '127.0.0.1', plugins: o.plugins ?? [] });
  o.print(`viewer: ${await server.start()}`);
  const live = new LiveRenderer({ server, episodeInterval: 0 });
  const env = live.wrap(buildEnv(config, false));
  live.onRunStart({ type: 'runStart', run: { ...snapshot.run, kind: 'rl', start: snapshot.step } });
  let returns: number[] = [];
  try {
    returns = await playGreedy({
      env, agent, live, seed: o.seed ?? 0, step: snapshot.step, ...(o.episodes !== undefined ? { episodes: o.episodes } : {}), ...(o.signal ? { signal: o.signal } : {}),
      onEpisode: (ep, total, length) => o.print(`episode ${ep}: return ${total.toFixed(1)} in ${length} steps`),
    });
  } finally {
    agent.dispose();
    env.close();
    await server.close();
  }
  const meanReturn = returns.reduce((a, b) => a + b, 0) / Math.max(returns.length, 1);
  return { env: config.env, episodes: returns.length, meanReturn };
}
