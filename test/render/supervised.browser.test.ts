/**
 * A supervised run with the live viewer: loss/accuracy curves and sample predictions reach a
 * page in Chromium while the model trains.
 */
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { supervisedConfig } from '../../src/supervised/config.js';
import { runSupervised } from '../../src/runs/supervised.js';
import { CHROMIUM, chromiumAvailable, closeChromium, launchChromium, openPage, step } from './chromium.js';


type Viewer = { connected: boolean; samplesShown(): number; chartPoints(): Record<string, number>; runLabel(): string };

describe('supervised run in the viewer', () => {
  it.skipIf(!chromiumAvailable)(`streams epoch curves and sample predictions (skipped when ${CHROMIUM} is missing)`, async () => {
    await initBackend({ backend: 'wasm' });
    const browser = await launchChromium();
    const log: string[] = [];
    try {
      const page = await openPage(browser, log);
      let opened: Promise<unknown> = Promise.resolve();
      const config = supervisedConfig({ task: 'mnist', split: [3, 2, 95], filters: [4], backEnd: 'gap', epochs: 2, samples: 6 });
      let seen: { samples: number; points: Record<string, number>; label: string } | null = null;
      await runSupervised({
        config, runDir: null, progress: false, backend: 'wasm',
        render: { port: 0, host: '127.0.0.1', linger: 0 },
        print: (line) => {
          const m = /^viewer: (\S+)/.exec(line);
          if (m) opened = step('load the page and connect', page.goto(m[1]!).then(() => page.waitForFunction(() => (window as unknown as { tfgymViewer?: Viewer }).tfgymViewer?.connected === true)), 30_000, log);
        },
        extraCallbacks: [{
          onRunStart: async () => void (await opened),
          onEpochEnd: async (e) => {
            if (e.epoch < 2) return;
            await step('show 6 samples', page.waitForFunction(() => (window as unknown as { tfgymViewer: Viewer }).tfgymViewer.samplesShown() === 6), 30_000, log);
            seen = await page.evaluate(() => {
              const v = (window as unknown as { tfgymViewer: Viewer }).tfgymViewer;
              return { samples: v.samplesShown(), points: v.chartPoints(), label: v.runLabel() };
            });
          },
        }],
      });
      expect(seen).not.toBeNull();
      const s = seen as unknown as { samples: number; points: Record<string, number>; label: string };
      expect(s.samples).toBe(6);
      expect(s.label).toContain('mnist');
      expect(s.points.acc).toBeGreaterThanOrEqual(2);
      expect(await page.locator('#samples figcaption').count()).toBe(6);
    } finally {
      await closeChromium(browser);
    }
  }, 300_000);
});
