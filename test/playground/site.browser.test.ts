/**
 * The playground as a static site in Debian's chromium: built with the build's own script, served
 * by a plain static file server; a URL-started run trains in a Web Worker and charts; pause,
 * resume and stop; bad URLs and out-of-range values are reported, not ignored; no request leaves
 * the site's origin.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, closeChromium, launchChromium, openPage, step } from '../render/chromium.js';

type Run = { state: string; steps: number; episodes: number; error: string | null; backend: string | null };
type Win = { tfgym?: { run: Run; chartPoints: () => Record<string, number> } };
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

let root = '';
let server: Server | null = null;
let origin = '';

beforeAll(async () => {
  if (!chromiumAvailable) return;
  const { buildSite } = (await import(new URL('../../scripts/build-site.mjs', import.meta.url).href)) as { buildSite: (u: URL) => Promise<string> };
  root = await buildSite(pathToFileURL(`${mkdtempSync(join(tmpdir(), 'tfgym-site-'))}/`));
  server = createServer((req, res) => {
    const path = normalize(join(root, new URL(req.url ?? '/', 'http://x').pathname));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    try {
      if (!file.startsWith(root) || !statSync(file).isFile()) throw new Error('not found');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server?.listen(0, '127.0.0.1', () => ok()));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

describe('playground (static site) in Chromium', () => {
  it.skipIf(!chromiumAvailable)(`trains from a URL in a worker, pauses, resumes, stops, and reports bad input (skipped when ${CHROMIUM} is missing)`, async () => {
    const browser = await launchChromium();
    const log: string[] = [];
    try {
      const page = await openPage(browser, log);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const runOf = () => page.evaluate(() => (window as unknown as Win).tfgym?.run ?? null);
      const until = (name: string, fn: () => boolean, ms = 60_000) => step(name, page.waitForFunction(fn, null, { timeout: ms + 5000 }), ms, log);

      // A run from its URL trains to its end and charts its episodes.
      await step('load', page.goto(`${origin}/?env=CartPole-v1&agent=ppo&steps=2048&numEnvs=4&seed=1&autostart=1`), 30_000, log);
      await until('train 2,048 steps', () => ['done', 'error'].includes((window as unknown as Win).tfgym?.run.state ?? ''), 90_000);
      const done = await runOf();
      expect(done).toMatchObject({ state: 'done', error: null, backend: 'wasm' });
      expect(done?.steps).toBeGreaterThanOrEqual(2048);
      expect(done?.episodes).toBeGreaterThan(10);
      expect((await page.evaluate(() => (window as unknown as Win).tfgym?.chartPoints()))?.returns).toBeGreaterThan(10);
      expect(await page.locator('#csv').isVisible()).toBe(true);
      // uPlot charts: a legend per series that reads out the values under the cursor.
      expect(await page.locator('#charts .uplot').count()).toBe(2);
      expect(await page.locator('#charts .uplot').first().locator('.u-legend .u-label').allTextContents()).toEqual(['step', 'return', 'evaluation']);
      const over = page.locator('#charts .uplot .u-over').first();
      const box = await over.boundingBox();
      if (!box) throw new Error('no chart area');
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      const readout = await page.locator('#charts .uplot').first().locator('.u-legend .u-value').allTextContents();
      expect(readout.some((v) => /\d/.test(v))).toBe(true);

      // Pause holds the worker's loop; resume continues; stop ends the run.
      await step('load a long run', page.goto(`${origin}/?env=CartPole-v1&agent=dqn&steps=1000000&autostart=1`), 30_000, log);
      await until('start training', () => ((window as unknown as Win).tfgym?.run.steps ?? 0) > 500);
      await page.click('#pause');
      await page.waitForTimeout(400); // what was in flight arrives
      const held = (await runOf())?.steps;
      await page.waitForTimeout(800);
      expect((await runOf())?.steps).toBe(held);
      expect((await runOf())?.state).toBe('paused');
      await page.click('#pause');
      await until('resume', () => ((window as unknown as Win).tfgym?.run.steps ?? 0) > 0 && (window as unknown as Win).tfgym?.run.state === 'running');
      await step('steps grow again', page.waitForFunction((h) => ((window as unknown as Win).tfgym?.run.steps ?? 0) > (h as number), held), 30_000, log);
      await page.click('#stop');
      await until('stop', () => ['done', 'error'].includes((window as unknown as Win).tfgym?.run.state ?? ''));
      expect((await runOf())?.state).toBe('done');

      // Bad input: an unknown URL parameter is listed, an out-of-range value is refused; nothing trains.
      await step('load a bad URL', page.goto(`${origin}/?env=CartPole-v1&stepz=5&autostart=1`), 30_000, log);
      await until('report the parameter', () => (window as unknown as Win).tfgym?.run.state === 'error', 10_000);
      expect(await page.locator('#errors').textContent()).toMatch(/parameters the playground does not take .*stepz/);
      await step('load a bad value', page.goto(`${origin}/?env=CartPole-v1&agent=ppo&steps=-5&autostart=1`), 30_000, log);
      await until('refuse the value', () => (window as unknown as Win).tfgym?.run.state === 'error', 10_000);
      expect(await page.locator('#errors').textContent()).toBe('train.steps must be an integer >= 1, got -5');
      expect((await runOf())?.steps).toBe(0);

      // The hyperparameter form: the agent's schema with the tuned entry's values; a value out of
      // range is the schema's message, the field is marked, and nothing trains.
      await step('load the form', page.goto(`${origin}/?env=CartPole-v1&agent=ppo`), 30_000, log);
      await step('show the form', page.waitForSelector('#hyper input[name=gamma]'), 30_000, log);
      expect(await page.inputValue('#hyper input[name=gamma]')).toBe('0.99');
      expect(await page.inputValue('#hyper input[name=hiddenLayers]')).toBe('64,64');
      await page.fill('#hyper input[name=gamma]', '1.5');
      await page.click('#start');
      await until('refuse gamma', () => (window as unknown as Win).tfgym?.run.state === 'error', 10_000);
      expect(await page.locator('#errors').textContent()).toBe('ppo.gamma must be a number >= 0 and <= 1, got 1.5');
      expect(await page.locator('#hyper input[name=gamma]').getAttribute('class')).toContain('invalid');
      expect((await runOf())?.steps).toBe(0);
      // Fixed, the form's values are the run's.
      await page.fill('#hyper input[name=gamma]', '0.9');
      await page.fill('#hyper input[name=hiddenLayers]', '16');
      await page.fill('#steps', '256');
      await page.click('#start');
      await until('train with the form', () => ['done', 'error'].includes((window as unknown as Win).tfgym?.run.state ?? ''), 60_000);
      expect(await page.evaluate(() => ((window as unknown as Win).tfgym?.run as unknown as { state: string; config: { agentConfig: Record<string, unknown> } }))).toMatchObject({ state: 'done', config: { agentConfig: { gamma: 0.9, hiddenLayers: [16] } } });

      expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await closeChromium(browser);
    }
  }, 300_000);
});
