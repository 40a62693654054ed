/**
 * What the playground shows of a run: the env scene playing recorded episodes (the viewer's
 * `EpisodePlayer`, on a 2D canvas) and the viewer's charts, both fed the viewer's own messages
 * from the worker. Drawn once per animation frame; the frame times are kept for the benchmark.
 */
import { CanvasPainter } from '../render/client/canvas_painter.js';
import { EpisodePlayer } from '../render/client/player.js';
import { RunCharts } from '../render/client/run_charts.js';
import { Scene } from '../render/client/scenes.js';
import type { ServerMessage } from '../render/protocol.js';

export class RunView {
  readonly charts: RunCharts;
  readonly scene: Scene;
  readonly player: EpisodePlayer;
  /** Milliseconds between the last animation frames (at most 600 kept). */
  readonly frameTimes: number[] = [];

  constructor(sceneCanvas: HTMLCanvasElement, caption: HTMLElement, charts: HTMLElement) {
    const ctx = sceneCanvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas for the env scene');
    this.scene = new Scene(new CanvasPainter(ctx), (w, h) => {
      sceneCanvas.width = w;
      sceneCanvas.height = h;
    });
    this.player = new EpisodePlayer(this.scene, (e) => (caption.textContent = e.label ?? `episode ${e.episode}: ${e.frames.length} steps`));
    this.charts = new RunCharts(charts);
    let last = performance.now();
    const frame = (now: number): void => {
      this.frameTimes.push(now - last);
      if (this.frameTimes.length > 600) this.frameTimes.shift();
      this.charts.draw();
      this.player.tick(now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  /** Shows what a viewer message carries: the scene's env and frame rate, an episode to play, chart points (not of greedy episodes watched). */
  handle(m: ServerMessage, watching: boolean): void {
    if (!watching) this.charts.handle(m);
    if (m.type === 'hello') {
      this.player.fps = m.renderFps;
      this.scene.use(m.envId);
    } else if (m.type === 'episodeFrames' && m.copy === 0) {
      const label = watching ? `greedy episode ${m.episode}: ${m.frames.length} steps` : `training episode ${m.episode} at step ${m.step.toLocaleString('en-US')}: ${m.frames.length} steps`;
      this.player.offer({ episode: m.episode, copy: m.copy, initialState: m.initialState, frames: m.frames, label });
    }
  }

  /** Forgets the charts' series and the queued episodes (a new run). */
  clear(): void {
    this.charts.clear();
    this.player.clear();
  }
}
