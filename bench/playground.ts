/**
 * `npm run bench:playground`: the playground (dist/site, built here into a temporary folder) in
 * Debian's headless chromium on this machine: PPO on CartPole-v1 with its tuned entry (100k env
 * steps, 8 copies, an evaluation of 20 episodes every 10k) trained in the page's Web Worker, per
 * seed: the first evaluation at 475, steps/s, and the page's frame times while it trains; beside
 * the same config trained in Node on wasm (steps/s, evaluations, and whether the page's
 * evaluations equal Node's); and the site's sizes. Then the same run with the page's backend
 * forced to webgl for --webgl-steps steps (this machine has no GPU: Chromium's WebGL is
 * SwiftShader, a software renderer), the measurement behind `auto` choosing wasm here.
 *
 * Options: --seeds 0-2, --steps N (default: the entry's 100,000), --webgl-steps N (default 10,000;
 * 0 skips), --json.
 * Results: bench/results/playground.json.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { initBackend } from '../src/backend/index.js';
import { parseSeeds } from '../src/cli/benchmark.js';
import { resolveTrainConfig } from '../src/runs/hyperparams.js';
import { runRl } from '../src/runs/rl.js';
import { printTable, writeResults, type Row } from './report.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SEEDS = parseSeeds(arg('--seeds') ?? '0-2');
const STEPS = arg('--steps') ? Number(arg('--steps')) : undefined;
const WEBGL_STEPS = Number(arg('--webgl-steps') ?? 10_000);
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

type Run = { state: string; steps: number; stepsPerSecond: number | null; evaluations: { step: number; meanReturn: number }[]; error: string | null; backend: string; backendNote: string };
type Win = { tfgym: { run: Run } };

async function main(): Promise<void> {
  const { buildSite } = (await import(new URL('../scripts/build-site.mjs', import.meta.url).href)) as { buildSite: (u: URL) => Promise<string> };
  const root = await buildSite(pathToFileURL(`${mkdtempSync(join(tmpdir(), 'tfgym-site-'))}/`));
  const sizes = Object.fromEntries(readdirSync(root).map((f) => [f, statSync(join(root, f)).size]));
  const server = createServer((req, res) => {
    const path = normalize(join(root, new URL(req.url ?? '/', 'http://x').pathname));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    try {
      const data = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const rows: Row[] = [];
  let webgl: Row | null = null;
  const results: Record<string, unknown>[] = [];
  await initBackend({ backend: 'wasm' });
  try {
    for (const seed of SEEDS) {
      const page = await browser.newPage();
      await page.goto(`${origin}/?env=CartPole-v1&agent=ppo&seed=${seed}${STEPS ? `&steps=${STEPS}` : ''}&backend=wasm&autostart=1`);
      // Frame times while training: every requestAnimationFrame interval.
      // (a string: tsx would wrap a named function in a helper the page does not have)
      await page.evaluate(`(() => {
        window.frames = [];
        let last = performance.now();
        const tick = (t) => { window.frames.push(t - last); last = t; requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
      })()`);
      await page.waitForFunction(() => ['done', 'error'].includes((window as unknown as Win).tfgym.run.state), null, { timeout: 30 * 60_000, polling: 1000 });
      const run = await page.evaluate(() => (window as unknown as Win).tfgym.run);
      const frames = ((await page.evaluate('window.frames')) as number[]).slice(5).sort((a, b) => a - b);
      await page.close();
      const q = (p: number) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] ?? Number.NaN;
      const config = resolveTrainConfig(undefined, {}, { agent: 'ppo', env: 'CartPole-v1', seed, testEpisodes: 0, ...(STEPS ? { steps: STEPS } : {}) }).config;
      const node = await runRl({ config, runDir: null, progress: false, print: () => undefined, backend: 'wasm' });
      const trainSeconds = node.result.seconds - node.evalSeconds;
      const firstPage = run.evaluations.find((e) => e.meanReturn >= 475)?.step ?? null;
      const firstNode = node.evaluations.find((e) => e.meanReturn >= 475)?.step ?? null;
      const row = {
        seed, 'page state': run.state, 'page first eval >= 475': firstPage, 'page best eval': Math.max(...run.evaluations.map((e) => e.meanReturn)),
        'page steps/s': Math.round(run.stepsPerSecond ?? Number.NaN), 'node first eval >= 475': firstNode, 'node best eval': Math.max(...node.evaluations.map((e) => e.meanReturn)),
        'node steps/s': Math.round((node.result.steps - node.result.start) / trainSeconds), 'page/node': Number(((run.stepsPerSecond ?? 0) / ((node.result.steps - node.result.start) / trainSeconds)).toFixed(2)),
        'same evals as node': JSON.stringify(run.evaluations) === JSON.stringify(node.evaluations.map((e) => ({ step: e.step, meanReturn: e.meanReturn }))) ? 'yes' : 'no',
        'frame ms p50': Number(q(0.5).toFixed(1)), 'frame ms p95': Number(q(0.95).toFixed(1)), 'fps (mean)': Number((1000 / (frames.reduce((a, b) => a + b, 0) / frames.length)).toFixed(1)),
      };
      rows.push(row);
      results.push({ ...row, page_evaluations: run.evaluations, node_evaluations: node.evaluations, page_error: run.error });
      console.log(`  seed ${seed}: page ${row['page steps/s']} steps/s, first 475 at ${firstPage ?? '-'}; node ${row['node steps/s']} steps/s, first 475 at ${firstNode ?? '-'}; frames p95 ${row['frame ms p95']} ms`);
    }
    if (WEBGL_STEPS > 0) webgl = await webglRun(browser, origin);
  } finally {
    await browser.close();
    server.close();
  }
  printTable('PPO CartPole-v1 (tuned entry) in the playground page (Web Worker, wasm) and in Node (wasm)', rows);
  if (webgl) printTable(`The same in the page on webgl (${WEBGL_STEPS.toLocaleString('en-US')} steps, seed ${SEEDS[0]})`, [webgl]);
  const js = (sizes['playground.js'] ?? 0) + (sizes['worker.js'] ?? 0);
  console.log(`\nsite: ${Object.entries(sizes).map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ')}; JavaScript ${(js / 1024 / 1024).toFixed(2)} MB before the wasm binaries`);
  writeResults('playground', { seeds: SEEDS, runs: results, webgl, site_bytes: sizes, javascript_bytes: js });
}

/** The page's run with its backend forced to webgl, beside auto's choice on this machine. */
async function webglRun(browser: import('playwright-core').Browser, origin: string): Promise<Row> {
  const out: Row = {};
  for (const backend of ['webgl', 'auto']) {
    const page = await browser.newPage();
    await page.goto(`${origin}/?env=CartPole-v1&agent=ppo&seed=${SEEDS[0]}&steps=${WEBGL_STEPS}&backend=${backend}&autostart=1`);
    await page.waitForFunction(() => ['done', 'error'].includes((window as unknown as Win).tfgym.run.state), null, { timeout: 30 * 60_000, polling: 1000 });
    const run = await page.evaluate(() => (window as unknown as Win).tfgym.run);
    await page.close();
    out[`${backend}: backend`] = run.backendNote ?? run.error;
    out[`${backend}: steps/s`] = Math.round(run.stepsPerSecond ?? Number.NaN);
  }
  console.log(`  webgl: ${out['webgl: steps/s']} steps/s; auto took ${out['auto: backend']} at ${out['auto: steps/s']} steps/s`);
  return out;
}

await main();
