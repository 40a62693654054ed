/**
 * The page's features that a training run does not exercise yet, driven through the server:
 * a user's scene plugin, choosing a vector-env copy, the grid of image samples, and reconnecting
 * after a restart.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/render/protocol.js';
import { RenderServer } from '../../src/render/server.js';
import { viewerWebRoot } from '../../src/render/web_root.js';
import { CHROMIUM, chromiumAvailable, closeChromium, launchChromium, openPage, step } from './chromium.js';

const hello = (task: string): ServerMessage => ({
  type: 'hello', protocol: 1, envId: 'Custom-v0', renderFps: 60, observationSpace: null, actionSpace: null,
  run: { kind: 'rl', task, algorithm: 'dqn', seed: 0, total: 1000, start: 0, config: {} },
});
const episode = (copy: number, n: number): ServerMessage => ({
  type: 'episodeFrames', episode: n, step: n * 10, copy, initialState: [0, 0, 0],
  frames: Array.from({ length: 30 }, (_, t) => ({ state: [Math.sin(t / 3), copy, t / 30], action: null, reward: 1 })),
});

type Viewer = { connected: boolean; lastPlayed(): { copy: number; episode: number } | null; samplesShown(): number; runLabel(): string };
type Win = { tfgymViewer?: Viewer; customDraws?: number };

describe('viewer page in Chromium', () => {
  it.skipIf(!chromiumAvailable)(`chooses the env copy, shows image samples, reconnects (skipped when ${CHROMIUM} is missing)`, async () => {
    const webRoot = await step('bundle the page', viewerWebRoot(), 60_000);
    const plugin = join(mkdtempSync(join(tmpdir(), 'tfgym-plugin-')), 'custom.js');
    writeFileSync(plugin, "window.tfgym.registerDrawer('Custom-v0', (g, state) => { window.customDraws = (window.customDraws ?? 0) + 1; g.circle(300, 200, 20 + 10 * state[0]).fill(0x16a34a); });\n");
    let server = new RenderServer({ webRoot, plugins: [plugin] });
    const url = await server.start();
    const port = Number(new URL(url).port);
    const browser = await launchChromium();
    const log: string[] = [];
    try {
      const page = await openPage(browser, log);
      const until = (name: string, fn: () => boolean) => step(name, page.waitForFunction(fn), 30_000, log);
      await step('load the page', page.goto(url), 30_000, log);
      await until('connect', () => (window as unknown as Win).tfgymViewer?.connected === true);
      server.broadcast(hello('First-v0'));
      server.broadcast(episode(1, 1));
      server.broadcast(episode(0, 2));
      await until('play episode 2', () => (window as unknown as Win).tfgymViewer?.lastPlayed()?.episode === 2);
      expect(await page.evaluate(() => (window as unknown as Win).customDraws ?? 0)).toBeGreaterThan(0); // the plugin's scene
      expect(await page.locator('#copy option').allTextContents()).toEqual(['0', '1']);
      await step('choose copy 1', page.selectOption('#copy', '1'), 30_000, log);
      server.broadcast(episode(0, 3));
      server.broadcast(episode(1, 4));
      await until('play episode 4', () => (window as unknown as Win).tfgymViewer?.lastPlayed()?.episode === 4);
      expect(await page.evaluate(() => (window as unknown as Win).tfgymViewer?.lastPlayed())).toEqual({ copy: 1, episode: 4 });

      const digit = Array.from({ length: 28 * 28 }, (_, i) => ((i % 28) > 10 && (i % 28) < 18 ? 255 : 0));
      server.broadcast({ type: 'samples', step: 1, images: [{ width: 28, height: 28, pixels: digit, label: 1, prediction: 1 }, { width: 28, height: 28, pixels: digit, label: 7, prediction: 1 }] });
      await until('show 2 samples', () => (window as unknown as Win).tfgymViewer?.samplesShown() === 2);
      expect(await page.locator('#samples figcaption').allTextContents()).toEqual(['1 (1)', '1 (7)']);
      expect(await page.locator('#samples figure.wrong').count()).toBe(1);

      // The server goes away and comes back on the same port: the page reconnects by itself.
      await step('close the server', server.close(), 15_000, log);
      await until('see the server gone', () => (window as unknown as Win).tfgymViewer?.connected === false);
      server = new RenderServer({ webRoot, port });
      await server.start();
      server.broadcast(hello('Second-v0'));
      await until('reconnect to the new server', () => (window as unknown as Win).tfgymViewer?.runLabel().includes('Second-v0') === true);
    } finally {
      await closeChromium(browser);
      await step('close the server', server.close(), 15_000);
    }
  }, 300_000);
});
