/**
 * `npm run bench:render`: what the live viewer costs training. DQN on MountainCar (the preset)
 * for --steps env steps, alternately without and with the viewer (server, frame recording, and a
 * real Chromium page consuming the stream when /usr/bin/chromium exists), and the page's frame
 * rate (pixi.js on WebGL, software-rendered in headless Chromium).
 *
 * Options: --steps N (default 15000), --rounds N (default 2), --json
 */
import { existsSync } from 'node:fs';
import { initBackend } from '../src/backend/index.js';
import { buildAgent, buildEnv } from '../src/runs/rl.js';
import { resolveTrainConfig } from '../src/runs/hyperparams.js';
import { LiveRenderer } from '../src/render/live.js';
import { RenderServer } from '../src/render/server.js';
import { viewerWebRoot } from '../src/render/web_root.js';
import { trainAgent } from '../src/trainers/rl.js';
import { printTable, writeResults, type Row } from './report.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const STEPS = arg('--steps', 15_000);
const ROUNDS = arg('--rounds', 2);
const CHROMIUM = '/usr/bin/chromium';

async function run(withViewer: boolean, withPage = true): Promise<{ sps: number; fps: number | null; renderer: string | null }> {
  const { config } = resolveTrainConfig('mountaincar', { steps: STEPS, seed: 0 });
  let env = buildEnv(config, true);
  const built = buildAgent(config, env);
  if (built.loop !== 'single') throw new Error(`this benchmark trains single-env agents; ${config.agent} trains on vector envs`);
  const agent = built.agent;
  const callbacks = [];
  let server: RenderServer | null = null;
  let browser: import('playwright-core').Browser | null = null;
  let page: import('playwright-core').Page | null = null;
  if (withViewer) {
    server = new RenderServer({ webRoot: await viewerWebRoot() });
    const url = await server.start();
    const live = new LiveRenderer({ server });
    env = live.wrap(env);
    callbacks.push(live);
    if (withPage && existsSync(CHROMIUM)) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--enable-unsafe-swiftshader'] });
      page = await browser.newPage();
      await page.goto(url);
    }
  }
  const result = await trainAgent({ env, agent, totalSteps: STEPS, seed: 0, callbacks });
  let fps: number | null = null;
  let renderer: string | null = null;
  if (page) {
    ({ fps, renderer } = await page.evaluate(() => {
      const v = (window as unknown as { tfgymViewer: { fps(): number; renderer: string } }).tfgymViewer;
      return { fps: v.fps(), renderer: v.renderer };
    }));
  }
  await browser?.close();
  await server?.close();
  agent.dispose();
  return { sps: STEPS / result.seconds, fps, renderer };
}

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  console.log(`bench:render: MountainCar DQN, ${STEPS.toLocaleString('en-US')} steps per run, ${ROUNDS} rounds`);
  const plain: number[] = [];
  const serverOnly: number[] = [];
  const viewed: number[] = [];
  let fps: number | null = null;
  let renderer: string | null = null;
  for (let r = 0; r < ROUNDS; r++) {
    plain.push((await run(false)).sps);
    serverOnly.push((await run(true, false)).sps);
    const v = await run(true);
    viewed.push(v.sps);
    fps = v.fps;
    renderer = v.renderer;
    console.log(`  round ${r + 1}: ${Math.round(plain.at(-1)!)} steps/s without the viewer, ${Math.round(serverOnly.at(-1)!)} with the server only, ${Math.round(v.sps)} with a page`);
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const cost = 1 - mean(viewed) / mean(plain);
  const trainerCost = 1 - mean(serverOnly) / mean(plain);
  const rows: Row[] = [
    { run: 'without --render', 'steps/s': Math.round(mean(plain)), cost: null },
    { run: 'with --render, no page open (the trainer\'s own cost)', 'steps/s': Math.round(mean(serverOnly)), cost: `${(trainerCost * 100).toFixed(1)}%` },
    { run: 'with --render and a Chromium page on the same 2 cores', 'steps/s': Math.round(mean(viewed)), cost: `${(cost * 100).toFixed(1)}%` },
  ];
  printTable('Training throughput with and without the live viewer', rows);
  console.log(`page: ${fps === null ? 'no chromium' : `${fps.toFixed(0)} fps on ${renderer}`}`);
  writeResults('render', { steps: STEPS, rounds: ROUNDS, plain, serverOnly, viewed, trainerCost, cost, viewerFps: fps, renderer, rows });
}

await main();
