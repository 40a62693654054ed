/**
 * The viewer page: connects to the run's WebSocket, plays recorded episodes at the env's frame
 * rate (or faster), and charts the run. `window.tfgymViewer` exposes counters for tests.
 */
import { Application, Graphics } from 'pixi.js';
import type { Frame, ServerMessage } from '../protocol.js';
import { LineChart } from './charts.js';
import { Scene, registerDrawer, registerScene } from './scenes.js';

export { registerDrawer, registerScene, type Drawer } from './scenes.js';

interface Episode {
  episode: number;
  copy: number;
  initialState: number[];
  frames: Frame[];
}

const $ = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;

/** What plugin scripts see as `window.tfgym`. */
(window as unknown as { tfgym: { registerDrawer: typeof registerDrawer; registerScene: typeof registerScene } }).tfgym = { registerDrawer, registerScene };

async function loadPlugins(): Promise<void> {
  try {
    const urls = (await (await fetch('./plugins.json')).json()) as string[];
    for (const u of urls) await import(/* @vite-ignore */ new URL(u, location.href).href);
  } catch (e) {
    console.warn('tfgym viewer: a plugin failed to load', e);
  }
}

async function start(): Promise<void> {
  await loadPlugins();
  const app = new Application();
  await app.init({ width: 600, height: 400, background: 0xffffff, antialias: true, preference: 'webgl' });
  $('scene').appendChild(app.canvas);
  // The page shares the machine with the trainer: draw no faster than the env's frame rate.
  app.ticker.maxFPS = 30;
  const graphics = new Graphics();
  app.stage.addChild(graphics);
  const scene = new Scene(graphics, (w, h) => app.renderer.resize(w, h));
  const chartsEl = $('charts');
  const charts = {
    ret: new LineChart(chartsEl, 'Episodic return', { yLabel: 'return' }),
    evalRet: new LineChart(chartsEl, 'Evaluation return', { yLabel: 'mean return' }),
    loss: new LineChart(chartsEl, 'Loss', { yLabel: 'loss', log: true }),
    explore: new LineChart(chartsEl, 'Epsilon / entropy', { yLabel: 'epsilon, bits' }),
    sps: new LineChart(chartsEl, 'Steps per second', { yLabel: 'steps/s' }),
    acc: new LineChart(chartsEl, 'Accuracy', { yLabel: 'accuracy' }),
  };
  let copy = 0;
  let lastPlayed: { copy: number; episode: number } | null = null;
  let samplesShown = 0;
  const copies = new Set<number>([0]);
  const copySelect = $('copy') as HTMLSelectElement;
  copySelect.addEventListener('change', () => (copy = Number(copySelect.value)));
  const viewer = { messages: 0, lastPlayed: () => lastPlayed, samplesShown: () => samplesShown, runLabel: () => $('run').textContent, fps: () => app.ticker.FPS, renderer: app.renderer.name, framesDrawn: () => scene.frames, chartPoints: () => Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, c.size])), connected: false };
  (window as unknown as { tfgymViewer: typeof viewer }).tfgymViewer = viewer;

  let fps = 30;
  let speed = 1;
  let paused = false;
  let playing: Episode | null = null;
  let next: Episode | null = null;
  let index = 0;
  let clock = 0;

  $('pause').addEventListener('click', () => {
    paused = !paused;
    $('pause').textContent = paused ? 'Resume' : 'Pause';
  });
  $('speed').addEventListener('change', (e) => (speed = Number((e.target as HTMLSelectElement).value)));

  app.ticker.add((ticker) => {
    for (const c of Object.values(charts)) c.draw();
    if (paused) return;
    if (!playing && next) {
      playing = next;
      next = null;
      index = -1;
      clock = 0;
      scene.draw(playing.initialState, null);
      lastPlayed = { copy: playing.copy, episode: playing.episode };
      $('episode').textContent = `episode ${playing.episode} (copy ${playing.copy}): ${playing.frames.length} steps`;
    }
    if (!playing) return;
    clock += (ticker.deltaMS / 1000) * fps * speed;
    while (clock >= 1 && playing) {
      clock -= 1;
      index += 1;
      const f = playing.frames[index];
      if (!f) {
        playing = null;
        break;
      }
      if (clock < 1 || speed < 1000) scene.draw(f.state, f.action);
    }
  });

  const handle = (m: ServerMessage): void => {
    viewer.messages += 1;
    switch (m.type) {
      case 'hello':
        fps = m.renderFps;
        app.ticker.maxFPS = Math.max(15, Math.min(60, fps));
        scene.use(m.envId);
        $('run').textContent = `${m.run.algorithm} on ${m.run.task}, seed ${m.run.seed}, ${m.run.total.toLocaleString()} ${m.run.kind === 'rl' ? 'steps' : 'epochs'}`;
        break;
      case 'episodeFrames':
        if (!copies.has(m.copy)) {
          copies.add(m.copy);
          copySelect.add(new Option(String(m.copy), String(m.copy)));
        }
        if (m.copy === copy) next = { episode: m.episode, copy: m.copy, initialState: m.initialState, frames: m.frames };
        break;
      case 'samples':
        showSamples(m.images);
        samplesShown = m.images.length;
        break;
      case 'episode':
        charts.ret.add(m.rawReturn === null ? 'return' : 'shaped', '#2563eb', m.step, m.return);
        if (m.rawReturn !== null) charts.ret.add('raw', '#16a34a', m.step, m.rawReturn);
        break;
      case 'eval':
        charts.evalRet.add('mean', '#9333ea', m.step, m.meanReturn);
        break;
      case 'metrics':
        for (const [k, v] of Object.entries(m.values)) {
          if (k.startsWith('losses/') && k.endsWith('loss')) charts.loss.add(k.slice(7), '#dc2626', m.step, v);
          else if (k === 'charts/epsilon' || k === 'charts/entropy' || k === 'charts/ent_coef') charts.explore.add(k.slice(7), '#ca8a04', m.step, v);
          else if (k === 'charts/SPS') charts.sps.add('steps/s', '#0891b2', m.step, v);
        }
        break;
      case 'epoch':
        for (const [k, v] of Object.entries(m.values)) {
          if (k.endsWith('loss')) charts.loss.add(k, k.startsWith('val') ? '#f97316' : '#dc2626', m.epoch, v);
          else if (k.endsWith('accuracy')) charts.acc.add(k, k.startsWith('val') ? '#f97316' : '#16a34a', m.epoch, v);
        }
        break;
      case 'end':
        $('status').textContent = `run ${m.reason} at step ${m.step.toLocaleString()}`;
        break;
      default:
        break;
    }
  };

  const connect = (): void => {
    // The access token of a viewer bound beyond loopback comes in the page's URL.
    const token = new URLSearchParams(location.search).get('token');
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`);
    ws.onopen = () => {
      viewer.connected = true;
      $('status').textContent = 'live';
      ws.send(JSON.stringify({ type: 'hello', viewer: 'tfgym-page' }));
    };
    ws.onmessage = (e) => handle(JSON.parse(String(e.data)) as ServerMessage);
    ws.onclose = () => {
      viewer.connected = false;
      $('status').textContent = 'disconnected — retrying';
      setTimeout(connect, 1000); // reconnect after the server restarts
    };
  };
  connect();
}

/** A grid of small grayscale images with their labels and predictions (wrong ones in red). */
function showSamples(images: { width: number; height: number; pixels: number[]; label: number; prediction: number }[]): void {
  const box = $('samples');
  box.replaceChildren();
  for (const img of images) {
    const fig = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    if (ctx) {
      const data = ctx.createImageData(img.width, img.height);
      img.pixels.forEach((v, i) => data.data.set([v, v, v, 255], 4 * i));
      ctx.putImageData(data, 0, 0);
    }
    const caption = document.createElement('figcaption');
    caption.textContent = `${img.prediction} (${img.label})`;
    if (img.prediction !== img.label) fig.className = 'wrong';
    fig.append(canvas, caption);
    box.appendChild(fig);
  }
}

void start();
