/**
 * A supervised run with the live viewer: loss/accuracy curves and sample predictions reach a
 * page in Chromium while the model trains.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { supervisedConfig } from '../../src/supervised/config.js';
import { runSupervised } from '../../src/runs/supervised.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (process.env.CI && !available) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run must install Debian's chromium`);

type Viewer = { connected: boolean; samplesShown(): number; chartPoints(): Record<string, number>; runLabel(): string };

describe('supervised run in the viewer', () => {
  it.skipIf(!available)(`streams epoch curves and sample predictions (skipped when ${CHROMIUM} is missing)`, async () => {
    await initBackend({ backend: 'wasm' });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--enable-unsafe-swiftshader'] });
    try {
      const page = await browser.newPage();
      let opened: Promise<unknown> = Promise.resolve();
      const config = supervisedConfig({ task: 'mnist', split: [3, 2, 95], filters: [4], backEnd: 'gap', epochs: 2, samples: 6 });
      let seen: { samples: number; points: Record<string, number>; label: string } | null = null;
      await runSupervised({
        config, runDir: null, progress: false, backend: 'wasm',
        render: { port: 0, host: '127.0.0.1', linger: 0 },
        print: (line) => {
          const m = /^viewer: (\S+)/.exec(line);
          if (m) opened = page.goto(m[1]!).then(() => page.waitForFunction(() => (window as unknown as { tfgymViewer?: Viewer }).tfgymViewer?.connected === true));
        },
        extraCallbacks: [{
          onRunStart: async () => void (await opened),
          onEpochEnd: async (e) => {
            if (e.epoch < 2) return;
            await page.waitForFunction(() => (window as unknown as { tfgymViewer: Viewer }).tfgymViewer.samplesShown() === 6);
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
      await browser.close();
    }
  }, 120_000);
});
