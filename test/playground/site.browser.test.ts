/**
 * The playground as a static site in Debian's chromium: built with the build's own script, served
 * by a plain static file server. A URL-started run trains in a Web Worker, plays its episodes and
 * charts them; its model downloads as a checkpoint that Node's `tfgym eval` reads, with the same
 * greedy returns; a Node checkpoint plays in the page with Node's returns; pause, resume, stop;
 * presets; users' env modules; bad URLs, values, modules and model files are reported, not
 * ignored, and keep the current model; no request leaves the site's origin.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, closeChromium, launchChromium, openPage, step } from '../render/chromium.js';
import { lastJson, tfgym } from '../cli/run_cli.js';
import { readCheckpoint } from '../../src/trainers/checkpoint_io.js';

type Model = { env: string; agent: string; step: number; source: string };
type Run = { state: string; steps: number; episodes: number; error: string | null; backend: string | null; backendNote: string | null; model: Model | null; watchReturns: number[]; config: Record<string, unknown> | null };
type Win = { tfgym?: { run: Run; chartPoints: () => Record<string, number>; sceneFrames: () => number } };
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

let root = '';
let server: Server | null = null;
let origin = '';
const work = mkdtempSync(join(tmpdir(), 'tfgym-site-work-'));

/** The env modules the tests serve: a good one (the Corridor of examples/custom_env.ts, in JavaScript), one that breaks the contract, one that throws. */
const CORRIDOR = `import { BaseEnv, Box, Discrete, register } from 'tfgym';
class Corridor extends BaseEnv {
  observationSpace = new Box(0, 1, { shape: [1] });
  actionSpace = new Discrete(2);
  position = 0;
  reset(args = {}) { this.seedRng(args.seed); this.position = this.rng.int(4); return { observation: Float32Array.of(this.position / 4), info: {} }; }
  step(a) { this.position = Math.max(0, Math.min(4, this.position + (a === 1 ? 1 : -1))); const t = this.position === 4; return { observation: Float32Array.of(this.position / 4), reward: t ? 1 : -0.01, terminated: t, truncated: false, info: {} }; }
}
register({ id: 'Corridor-v0', entryPoint: () => new Corridor(), maxEpisodeSteps: 50 });
`;
const BROKEN = CORRIDOR.replace(/Corridor/g, 'Broken').replace('Float32Array.of(this.position / 4), reward', 'Float32Array.of(7), reward');
const THROWS = `import { register } from 'tfgym';\nthrow new Error('no such level');\n`;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  const { buildSite } = (await import(new URL('../../scripts/build-site.mjs', import.meta.url).href)) as { buildSite: (u: URL) => Promise<string> };
  root = await buildSite(pathToFileURL(`${mkdtempSync(join(tmpdir(), 'tfgym-site-'))}/`));
  writeFileSync(join(root, 'corridor.js'), CORRIDOR);
  writeFileSync(join(root, 'broken.js'), BROKEN);
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

/** The episode returns (unshaped) of the same run trained in Node on wasm. */
async function nodeReturns(flags: Record<string, unknown>): Promise<number[]> {
  const [{ initBackend }, { resolveTrainConfig }, { runRl }] = await Promise.all([import('../../src/backend/index.js'), import('../../src/runs/hyperparams.js'), import('../../src/runs/rl.js')]);
  await initBackend({ backend: 'wasm' });
  const returns: number[] = [];
  await runRl({
    config: resolveTrainConfig(undefined, { ...flags, testEpisodes: 0 }).config, runDir: null, progress: false, print: () => undefined, backend: 'wasm',
    extraCallbacks: [{ onEpisodeEnd: (e) => { returns.push(e.rawReturn ?? e.return); } }],
  });
  return returns;
}

/** Runs `body` on a page of a freshly launched chromium, closed after (also when `body` fails). */
async function withPage(body: (page: Page, log: string[]) => Promise<void>): Promise<void> {
  const browser = await launchChromium();
  const log: string[] = [];
  try {
    await body(await openPage(browser, log), log);
  } finally {
    await closeChromium(browser);
  }
}

/** Helpers bound to one page: the run's state, waiting on it by name. */
function on(page: Page, log: string[]) {
  const runOf = () => page.evaluate(() => (window as unknown as Win).tfgym?.run ?? null);
  const until = (name: string, fn: () => boolean, ms = 60_000) => step(name, page.waitForFunction(fn, null, { timeout: ms + 5000 }), ms, log);
  const ended = (name: string, ms = 90_000) => until(name, () => ['done', 'error'].includes((window as unknown as Win).tfgym?.run.state ?? ''), ms);
  return { runOf, until, ended };
}

describe('playground (static site) in Chromium', () => {
  it.skipIf(!chromiumAvailable)(`trains from a URL, plays and charts it, and its model is a checkpoint Node's tfgym eval reads with the same returns (skipped when ${CHROMIUM} is missing)`, async () => {
    await withPage(async (page, log) => {
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const { runOf, until, ended } = on(page, log);

      await step('load', page.goto(`${origin}/?env=CartPole-v1&agent=ppo&steps=2048&numEnvs=4&seed=1&autostart=1`), 30_000, log);
      await ended('train 2,048 steps');
      const done = await runOf();
      expect(done).toMatchObject({ state: 'done', error: null, backend: 'wasm', model: { env: 'CartPole-v1', agent: 'ppo', source: 'trained here' } });
      // auto: no hardware GPU here, so wasm, and the page says why.
      expect(done?.backendNote).toMatch(/^wasm \((this browser has no WebGL2 in workers|WebGL here is a software renderer, .*)\)$/);
      expect(done?.steps).toBeGreaterThanOrEqual(2048);
      expect(done?.model?.step).toBe(done?.steps);
      expect(done?.episodes).toBeGreaterThan(10);
      const points = await page.evaluate(() => (window as unknown as Win).tfgym?.chartPoints());
      expect(points?.ret).toBeGreaterThan(10);
      expect(points?.loss).toBeGreaterThan(0);
      expect(await page.evaluate(() => (window as unknown as Win).tfgym?.sceneFrames())).toBeGreaterThan(0); // recorded episodes played
      expect(await page.locator('#csv').isVisible()).toBe(true);
      // Same seed, same backend (wasm): the page's episodes are Node's, return for return.
      const csv = await page.evaluate(async () => (await fetch((document.getElementById('csv') as HTMLAnchorElement).href)).text());
      const pageReturns = csv.trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
      expect(pageReturns).toEqual(await nodeReturns({ env: 'CartPole-v1', agent: 'ppo', steps: 2048, numEnvs: 4, seed: 1 }));
      // uPlot charts: a legend per series that reads out the values under the cursor.
      const returnChart = page.locator('#charts figure[data-title="Episodic return"] .uplot');
      expect(await returnChart.locator('.u-legend .u-label').allTextContents()).toEqual(['step', 'return']);
      await returnChart.scrollIntoViewIfNeeded();
      const box = await returnChart.locator('.u-over').boundingBox();
      if (!box) throw new Error('no chart area');
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      expect((await returnChart.locator('.u-legend .u-value').allTextContents()).some((v) => /\d/.test(v))).toBe(true);

      // Download the model: a checkpoint tar that tfgym eval reads.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
      expect(download.suggestedFilename()).toBe(`CartPole-v1-ppo-step-${done?.steps}.tar`);
      const tar = join(work, download.suggestedFilename());
      await download.saveAs(tar);
      // Watch it play greedy episodes (seeds 1, 2, … from the seed field), on the scene.
      const framesBefore = await page.evaluate(() => (window as unknown as Win).tfgym?.sceneFrames() ?? 0);
      await page.click('#watch');
      await until('watch 3 greedy episodes', () => ((window as unknown as Win).tfgym?.run.watchReturns.length ?? 0) >= 3, 120_000);
      await page.click('#watch');
      const watched = (await runOf())?.watchReturns.slice(0, 3);
      expect(await page.evaluate(() => (window as unknown as Win).tfgym?.sceneFrames() ?? 0)).toBeGreaterThan(framesBefore);
      // The scene is drawn: the cart and pole cover part of the canvas.
      const inked = await page.evaluate(() => {
        const c = document.getElementById('scene') as HTMLCanvasElement;
        const px = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if ((px[i] as number) + (px[i + 1] as number) + (px[i + 2] as number) < 600) n++;
        return { n, w: c.width, h: c.height };
      });
      expect(inked).toMatchObject({ w: 600, h: 400 });
      expect(inked.n).toBeGreaterThan(1000);
      const evaluated = await tfgym('eval', tar, '--episodes', '3', '--seed', '1', '--json');
      expect(evaluated.code, evaluated.stderr).toBe(0);
      const summary = lastJson(evaluated.stdout);
      expect(summary).toMatchObject({ env: 'CartPole-v1', episodes: 3 });
      // Same seeds, same backend (wasm), same weights: the same greedy returns in the page and in Node.
      expect(summary.returns).toEqual(watched);

      expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    });
  }, 300_000);

  it.skipIf(!chromiumAvailable)('plays a Node checkpoint with Node\'s greedy returns, and refuses corrupt and other-env model files keeping the current model', async () => {
    const out = join(work, 'node-run');
    const trained = await tfgym('train', '--env', 'CartPole-v1', '--agent', 'dqn', '--steps', '1500', '--seed', '4', '--out', out, '--json', '--no-progress');
    expect(trained.code, trained.stderr).toBe(0);
    const ckpt = (lastJson(trained.stdout).delivered as { path: string }).path;
    const nodeEval = lastJson((await tfgym('eval', ckpt, '--episodes', '2', '--seed', '5', '--json')).stdout);
    await withPage(async (page, log) => {
      const { runOf, until } = on(page, log);
      await step('load', page.goto(`${origin}/?env=CartPole-v1&agent=dqn&seed=5`), 30_000, log);
      await step('show the form', page.waitForSelector('#hyper input[name=gamma]'), 30_000, log);
      // The checkpoint folder's two files, chosen together.
      await page.setInputFiles('#load', [join(ckpt, 'meta.json'), join(ckpt, 'arrays.bin')]);
      await until('load the Node model', () => (window as unknown as Win).tfgym?.run.model !== null || (window as unknown as Win).tfgym?.run.error !== null);
      expect((await runOf())?.error).toBeNull();
      const model = (await runOf())?.model;
      expect(model).toMatchObject({ env: 'CartPole-v1', agent: 'dqn', source: 'meta.json + arrays.bin' });
      await page.click('#watch');
      await until('watch 2 greedy episodes', () => ((window as unknown as Win).tfgym?.run.watchReturns.length ?? 0) >= 2, 120_000);
      await page.click('#watch');
      expect((await runOf())?.watchReturns.slice(0, 2)).toEqual(nodeEval.returns);

      // A corrupt file: a clear error, the model kept.
      await page.setInputFiles('#load', { name: 'bad.tar', mimeType: 'application/x-tar', buffer: Buffer.from('not a tar file '.repeat(100)) });
      await until('refuse the corrupt file', () => ((window as unknown as Win).tfgym?.run.error ?? '').includes('bad.tar'));
      expect(await page.locator('#errors').textContent()).toBe('bad.tar is not a tar archive (or is corrupt): the header at byte 0 does not check out');
      expect((await runOf())?.model).toEqual(model);
      // Another env's checkpoint (the page's env is now Acrobot-v1): refused, named, the model kept.
      await page.selectOption('#env', 'Acrobot-v1');
      await page.setInputFiles('#load', [join(ckpt, 'meta.json'), join(ckpt, 'arrays.bin')]);
      await until('refuse the other env', () => ((window as unknown as Win).tfgym?.run.error ?? '').includes("the page's env is Acrobot-v1"));
      expect(await page.locator('#errors').textContent()).toBe("checkpoint meta.json + arrays.bin is dqn on CartPole-v1, but the page's env is Acrobot-v1: choose CartPole-v1 first, or a checkpoint of Acrobot-v1");
      expect((await runOf())?.model).toEqual(model);
    });
  }, 300_000);

  it.skipIf(!chromiumAvailable)('pauses, resumes and stops; takes presets; reports bad URLs, values and env modules; trains a user env module', async () => {
    await withPage(async (page, log) => {
      const { runOf, until, ended } = on(page, log);

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
      await until('resume', () => (window as unknown as Win).tfgym?.run.state === 'running');
      await step('steps grow again', page.waitForFunction((h) => ((window as unknown as Win).tfgym?.run.steps ?? 0) > (h as number), held), 30_000, log);
      await page.click('#stop');
      await ended('stop');
      expect((await runOf())?.state).toBe('done');
      expect((await runOf())?.model?.agent).toBe('dqn'); // a stopped run's agent is the model

      // Bad input: an unknown URL parameter or value is listed, an out-of-range value is refused; nothing trains.
      await step('load a bad URL', page.goto(`${origin}/?env=CartPole-v1&stepz=5&preset=nope&autostart=1`), 30_000, log);
      await until('report the parameter', () => (window as unknown as Win).tfgym?.run.state === 'error', 10_000);
      expect(await page.locator('#errors').textContent()).toMatch(/parameters the playground does not take .*: stepz, preset=nope; it takes /);
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
      await ended('train with the form', 60_000);
      expect(await runOf()).toMatchObject({ state: 'done', config: { agentConfig: { gamma: 0.9, hiddenLayers: [16] } } });

      // A preset from the tuned table sets its agent and its values.
      await step('load a preset', page.goto(`${origin}/?env=MountainCar-v0&preset=tutorial`), 30_000, log);
      await step('show its form', page.waitForFunction(() => (document.querySelector('#hyper input[name=hiddenLayers]') as HTMLInputElement | null)?.value === '50,50'), 30_000, log);
      expect(await page.inputValue('#agent')).toBe('dqn');
      expect(await page.locator('#preset option').allTextContents()).toEqual(expect.arrayContaining(['dqn/MountainCar-v0 (dqn)', 'tutorial (dqn)', 'none: generic defaults']));

      // A user's env module by URL: checked, registered, trained.
      await step('load an env module', page.goto(`${origin}/?envModule=corridor.js&env=Corridor-v0&agent=dqn&steps=400&autostart=1`), 30_000, log);
      await ended('train on the module env', 60_000);
      expect(await runOf()).toMatchObject({ state: 'done', error: null, config: { env: 'Corridor-v0', agent: 'dqn' } });
      expect((await runOf())?.episodes).toBeGreaterThan(5);
      // One that breaks the Env contract: the env checker's message, nothing registered.
      await step('load a broken module', page.goto(`${origin}/?envModule=broken.js`), 30_000, log);
      await until('refuse the broken env', () => (window as unknown as Win).tfgym?.run.state === 'error', 30_000);
      expect(await page.locator('#errors').textContent()).toBe('env module broken.js: Broken-v0 breaks the Env contract: checkEnv found 1 problem(s):\n- step returns a valid StepResult: step observation Float32Array[7] is not in Box(0, 1, [1], float32)');
      expect(await page.locator('#env option[value="Broken-v0"]').count()).toBe(0);
      // Dropped on the page: the same module, registered and chosen.
      await step('load a fresh page', page.goto(`${origin}/?env=CartPole-v1&agent=dqn`), 30_000, log);
      await step('show the form', page.waitForSelector('#hyper input[name=gamma]'), 30_000, log);
      await page.evaluate((source) => {
        const data = new DataTransfer();
        data.items.add(new File([source], 'corridor.js', { type: 'text/javascript' }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, CORRIDOR);
      await step('register the dropped env', page.waitForFunction(() => (document.getElementById('env') as HTMLSelectElement).value === 'Corridor-v0'), 30_000, log);
      expect((await runOf())?.error).toBeNull();
      // One that throws, chosen as a file: its error.
      await page.setInputFiles('#envModule', { name: 'throws.js', mimeType: 'text/javascript', buffer: Buffer.from(THROWS) });
      await until('report the throw', () => ((window as unknown as Win).tfgym?.run.error ?? '').includes('throws.js'), 30_000);
      expect(await page.locator('#errors').textContent()).toBe('env module throws.js failed to load: no such level');
    });
  }, 300_000);

  it.skipIf(!chromiumAvailable)('trains every kind of agent in the page, and each model downloads as a checkpoint Node reads', async () => {
    await withPage(async (page, log) => {
      const { runOf, ended } = on(page, log);
      const pairs = [['CartPole-v1', 'dqn'], ['CartPole-v1', 'a2c'], ['CartPole-v1', 'reinforce'], ['tutorial/RewardTable-v0', 'qtable'], ['Pendulum-v1', 'sac'], ['Pendulum-v1', 'td3'], ['Pendulum-v1', 'ppo']] as const;
      for (const [env, agent] of pairs) {
        await step(`load ${agent}`, page.goto(`${origin}/?env=${env}&agent=${agent}&steps=400&seed=2&autostart=1`), 30_000, log);
        await ended(`train ${agent} on ${env}`, 60_000);
        expect(await runOf(), `${agent} on ${env}`).toMatchObject({ state: 'done', error: null, steps: 400, model: { env, agent, step: 400 } });
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
        const file = join(work, `${agent}.tar`);
        await download.saveAs(file);
        const snapshot = readCheckpoint(file);
        expect([snapshot.run.task, snapshot.run.algorithm, snapshot.step, snapshot.agent.kind]).toEqual([env, agent, 400, agent]);
      }
    });
  }, 300_000);
});
