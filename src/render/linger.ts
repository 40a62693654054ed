/** Keeps a run's viewer up after training for `linger` seconds (or until abort), then closes it. */
import type { RenderServer } from './server.js';

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
