/** A training run's viewer: started before training (its URL printed), kept up after it for `linger` seconds. */
import { LiveRenderer } from './live.js';
import { RenderServer } from './server.js';
import { viewerWebRoot } from './web_root.js';

/** `--render` and its options. */
export interface RenderOptions {
  port: number;
  host: string;
  /** Seconds the viewer stays up after training (0: closes at once). */
  linger: number;
  /** Browser modules the page imports first (scene plugins). */
  plugins?: string[];
}

/** Starts the viewer server, prints its URL, and returns it with the LiveRenderer callback that feeds it. */
export async function openViewer(render: RenderOptions, print: (line: string) => void, metricsInterval: number): Promise<{ viewer: RenderServer; live: LiveRenderer }> {
  const viewer = new RenderServer({ webRoot: await viewerWebRoot(), port: render.port, host: render.host, plugins: render.plugins ?? [] });
  print(`viewer: ${await viewer.start()}`);
  return { viewer, live: new LiveRenderer({ server: viewer, metricsInterval }) };
}

/** Keeps a run's viewer up after training for `linger` seconds (or until abort), then closes it. */
export async function closeViewer(viewer: RenderServer, linger: number, print: (line: string) => void, signal?: AbortSignal): Promise<void> {
  if (linger > 0 && !signal?.aborted) {
    print(`training done; the viewer stays up for ${linger} s (Ctrl-C to quit)`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, linger * 1000);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
  await viewer.close();
}
