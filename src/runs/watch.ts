/**
 * Watching a checkpoint: greedy episodes played in the live viewer one after another at the env's
 * frame rate, until `episodes` are done or the signal aborts (`tfgym watch`).
 */
import { LiveRenderer } from '../render/live.js';
import { RenderServer } from '../render/server.js';
import { viewerWebRoot } from '../render/web_root.js';
import { loadCheckpointAgent } from './checkpoints.js';
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
  const fps = env.metadata.renderFps ?? 30;
  const returns: number[] = [];
  try {
    for (let ep = 0; ep < (o.episodes ?? Infinity) && !o.signal?.aborted; ep++) {
      let { observation } = env.reset({ seed: (o.seed ?? 0) + ep });
      let total = 0;
      let length = 0;
      for (;;) {
        const r = env.step(agent.act(observation, { explore: false }));
        total += r.reward;
        length += 1;
        observation = r.observation;
        if (r.terminated || r.truncated) break;
      }
      returns.push(total);
      live.onEpisodeEnd({ type: 'episodeEnd', step: snapshot.step, episode: ep + 1, return: total, rawReturn: null, length, metrics: {} });
      o.print(`episode ${ep + 1}: return ${total.toFixed(1)} in ${length} steps`);
      // Let the page play it before sending the next one.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, (length / fps) * 1000);
        o.signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
      });
    }
  } finally {
    agent.dispose();
    env.close();
    await server.close();
  }
  const meanReturn = returns.reduce((a, b) => a + b, 0) / Math.max(returns.length, 1);
  return { env: config.env, episodes: returns.length, meanReturn };
}
