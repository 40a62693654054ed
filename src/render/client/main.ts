/**
 * The viewer page: connects to the run's WebSocket, plays recorded episodes at the env's frame
 * rate (or faster), and charts the run. `window.tfgymViewer` exposes counters for tests.
 */
import { Application, Graphics } from 'pixi.js';
import type { ServerMessage } from '../protocol.js';
import { EpisodePlayer } from './player.js';
import { RunCharts } from './run_charts.js';
import { PixiPainter, Scene, registerDrawer, registerScene } from './scenes.js';

export { registerDrawer, registerScene, type Drawer } from './scenes.js';

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
  const scene = new Scene(new PixiPainter(graphics), (w, h) => app.renderer.resize(w, h));
  const charts = new RunCharts($('charts'));
  const player = new EpisodePlayer(scene, (e) => ($('episode').textContent = `episode ${e.episode} (copy ${e.copy}): ${e.frames.length} steps`));
  let copy = 0;
  let samplesShown = 0;
  const copies = new Set<number>([0]);
  const copySelect = $('copy') as HTMLSelectElement;
  copySelect.addEventListener('change', () => (copy = Number(copySelect.value)));
  const viewer = { messages: 0, lastPlayed: () => player.lastPlayed, samplesShown: () => samplesShown, runLabel: () => $('run').textContent, fps: () => app.ticker.FPS, renderer: app.renderer.name, framesDrawn: () => scene.frames, chartPoints: () => charts.points(), connected: false };
  (window as unknown as { tfgymViewer: typeof viewer }).tfgymViewer = viewer;

  $('pause').addEventListener('click', () => {
    player.paused = !player.paused;
    $('pause').textContent = player.paused ? 'Resume' : 'Pause';
  });
  $('speed').addEventListener('change', (e) => (player.speed = Number((e.target as HTMLSelectElement).value)));

  app.ticker.add((ticker) => {
    charts.draw();
    player.tick(ticker.deltaMS);
  });

  const handle = (m: ServerMessage): void => {
    viewer.messages += 1;
    charts.handle(m);
    switch (m.type) {
      case 'hello':
        player.fps = m.renderFps;
        app.ticker.maxFPS = Math.max(15, Math.min(60, m.renderFps));
        scene.use(m.envId);
        $('run').textContent = `${m.run.algorithm} on ${m.run.task}, seed ${m.run.seed}, ${m.run.total.toLocaleString()} ${m.run.kind === 'rl' ? 'steps' : 'epochs'}`;
        break;
      case 'episodeFrames':
        if (!copies.has(m.copy)) {
          copies.add(m.copy);
          copySelect.add(new Option(String(m.copy), String(m.copy)));
        }
        if (m.copy === copy) player.offer({ episode: m.episode, copy: m.copy, initialState: m.initialState, frames: m.frames });
        break;
      case 'samples':
        showSamples(m.images);
        samplesShown = m.images.length;
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
