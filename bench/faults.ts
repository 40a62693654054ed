/**
 * `npm run bench:faults`: what survives misuse, measured.
 *
 * 1. kill -9 at random moments (seeded): `tfgym train` (DQN on CartPole, 40,000 steps,
 *    checkpoints every 500 steps) is killed after a random 3 to 12 s; then every remaining checkpoint and `best/` must load
 *    and evaluate (`tfgym eval`), and `tfgym resume` must finish the run. Counted: checkpoints
 *    left, how many loaded, leftover temporary files, resumes that finished; lost = anything that
 *    failed.
 * 2. The viewer under load: DQN training in this process with the viewer's server, alone and with
 *    N WebSocket clients connecting during training: training steps/s, and the clients' handshake
 *    times (to `open`, and to the first message).
 * 3. A client that sends pings and never reads, for --seconds: the server process's resident
 *    memory before and after, and whether the client was dropped.
 *
 * Options: --tries N (default 10), --clients N (default 300), --seconds N (default 20), --json
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import { initBackend } from '../src/backend/index.js';
import { setWarningHandler } from '../src/core/logger.js';
import { Rng } from '../src/core/rng.js';
import { LiveRenderer } from '../src/render/live.js';
import { RenderServer } from '../src/render/server.js';
import { buildAgent, buildEnv } from '../src/runs/rl.js';
import { trainConfig } from '../src/runs/config.js';
import { listCheckpoints } from '../src/trainers/checkpoint_io.js';
import { trainAgent } from '../src/trainers/rl.js';
import { printTable, writeResults, type Row } from './report.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TRIES = arg('--tries', 10);
const CLIENTS = arg('--clients', 300);
const SECONDS = arg('--seconds', 20);
const BIN = new URL('../bin/tfgym.js', import.meta.url).pathname;
const run = promisify(execFile);
const ENV = { ...process.env, TFGYM_BACKEND: 'wasm' };

async function tfgym(...args: string[]): Promise<boolean> {
  try {
    await run('node', [BIN, ...args], { env: ENV, maxBuffer: 1 << 24 });
    return true;
  } catch {
    return false;
  }
}

/** Part 1: kill -9 at a random moment, then check what is left. */
async function killTries(): Promise<Row[]> {
  const rng = new Rng(0).child('kill');
  const rows: Row[] = [];
  for (let t = 0; t < TRIES; t++) {
    const dir = mkdtempSync(join(tmpdir(), 'tfgym-faults-'));
    const out = join(dir, 'run');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ agentConfig: { hiddenLayers: [32], learningStarts: 200 }, checkpointEvery: 500, evalEvery: 1000, evalEpisodes: 3, testEpisodes: 5 }));
    const delay = 3000 + rng.random() * 9000;
    const child = spawn('node', [BIN, 'train', '--env', 'CartPole-v1', '--steps', '40000', '--config', config, '--out', out, '--no-progress'], { env: ENV, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    const checkpoints = listCheckpoints(join(out, 'checkpoints'));
    const best = existsSync(join(out, 'best')) ? listCheckpoints(join(out, 'best')) : [];
    let loaded = 0;
    for (const c of [...checkpoints, ...best]) if (await tfgym('eval', c, '--episodes', '1')) loaded += 1;
    const leftovers = [out, join(out, 'checkpoints'), join(out, 'best')].filter(existsSync).flatMap((d) => readdirSync(d).filter((n) => n.includes('.tmp')));
    const resumed = checkpoints.length === 0 ? null : await tfgym('resume', out);
    const lost = checkpoints.length + best.length - loaded + (resumed === false ? 1 : 0);
    rows.push({
      try: t + 1, 'killed after (s)': Number((delay / 1000).toFixed(1)), killed: code === null ? 'yes' : `no (exit ${code})`, checkpoints: checkpoints.length, 'best/': best.length,
      'loaded and evaluated': loaded, 'tmp leftovers': leftovers.length, resume: resumed === null ? 'nothing to resume' : resumed ? 'finished' : 'FAILED', lost,
    });
    console.log(`  try ${t + 1}: killed after ${(delay / 1000).toFixed(1)} s, ${checkpoints.length} checkpoints + ${best.length} best, ${loaded} loaded, resume ${resumed === null ? '-' : resumed ? 'ok' : 'FAILED'}`);
  }
  return rows;
}

/** Part 2: training steps/s alone and with `clients` connecting during training; handshake times. */
async function viewerLoad(clients: number): Promise<Row> {
  const config = trainConfig({ env: 'CartPole-v1', steps: 20_000, seed: 0, agentConfig: { hiddenLayers: [64, 64] } });
  const env = buildEnv(config, true);
  const built = buildAgent(config, env);
  if (built.loop !== 'single') throw new Error('single-env agent expected');
  const root = mkdtempSync(join(tmpdir(), 'tfgym-faults-web-'));
  writeFileSync(join(root, 'index.html'), '<p>viewer</p>');
  const server = new RenderServer({ webRoot: root });
  const url = await server.start();
  const live = new LiveRenderer({ server, metricsInterval: 1000 });
  const opened: number[] = [];
  const first: number[] = [];
  const sockets: WebSocket[] = [];
  let started = 0;
  const connectAll = (): void => {
    started = performance.now();
    for (let i = 0; i < clients; i++) {
      const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
      ws.once('open', () => opened.push(performance.now() - started));
      ws.once('message', () => first.push(performance.now() - started));
      ws.on('error', () => {});
      sockets.push(ws);
    }
  };
  const result = await trainAgent({
    env: clients > 0 ? live.wrap(env) : env, agent: built.agent, totalSteps: config.steps, seed: 0,
    callbacks: clients > 0 ? [live, { onUpdate: (e) => void (e.step >= 2000 && started === 0 && connectAll()) }] : [],
  });
  const waitUntil = performance.now() + 10_000;
  while ((opened.length < clients || first.length < clients) && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
  for (const ws of sockets) ws.terminate();
  await server.close();
  built.agent.dispose();
  const q = (xs: number[], p: number): number | null => (xs.length ? ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number) : null);
  return {
    clients, 'steps/s': Math.round(config.steps / result.seconds), 'opened': opened.length, 'open p50 (ms)': q(opened, 0.5), 'open max (ms)': q(opened, 1), 'first message p50 (ms)': q(first, 0.5), 'first message max (ms)': q(first, 1),
  };
}

/** Part 3: a client that pings and never reads, for `seconds`: the server's memory. */
async function pingFlood(seconds: number): Promise<Row> {
  const root = mkdtempSync(join(tmpdir(), 'tfgym-faults-web-'));
  writeFileSync(join(root, 'index.html'), '<p>viewer</p>');
  const server = new RenderServer({ webRoot: root });
  const url = new URL(await server.start());
  const before = process.memoryUsage().rss;
  const socket = tcp(Number(url.port), '127.0.0.1');
  socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${url.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  await new Promise((r) => setTimeout(r, 200));
  socket.pause();
  // A masked client text frame {"type":"ping"} (mask 0).
  const payload = Buffer.from('{"type":"ping"}');
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  let peak = before;
  while (performance.now() < end && !socket.destroyed) {
    for (let i = 0; i < 200; i++) socket.write(frame);
    sent += 200;
    server.broadcast({ type: 'metrics', step: sent, values: { 'charts/x': 1 } });
    peak = Math.max(peak, process.memoryUsage().rss);
    await new Promise((r) => setImmediate(r));
  }
  const after = process.memoryUsage().rss;
  const row: Row = { seconds, 'pings sent': sent, 'rss before (MB)': Math.round(before / 2 ** 20), 'rss peak (MB)': Math.round(peak / 2 ** 20), 'rss after (MB)': Math.round(after / 2 ** 20), 'clients at end': server.clients, 'pongs answered per s (max)': 20 };
  socket.destroy();
  await server.close();
  return row;
}

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  const restore = setWarningHandler(() => {});
  console.log(`bench:faults: ${TRIES} kill -9 tries, ${CLIENTS} viewer clients, ${SECONDS} s of a non-reading client`);
  const kills = await killTries();
  printTable('kill -9 during training: what is left, and whether it loads and resumes', kills);
  const load = [await viewerLoad(0), await viewerLoad(CLIENTS)];
  printTable(`The viewer under ${CLIENTS} clients connecting during training (DQN CartPole, 20,000 steps)`, load);
  const flood = [await pingFlood(SECONDS)];
  printTable('A client that pings and never reads', flood);
  restore();
  const lost = kills.reduce((s, r) => s + (r.lost as number), 0);
  console.log(`\nlost: ${lost} of ${kills.reduce((s, r) => s + (r.checkpoints as number) + (r['best/'] as number), 0)} checkpoints and resumes`);
  writeResults('faults', { tries: TRIES, kills, lost, viewerLoad: load, pingFlood: flood });
}

await main();
