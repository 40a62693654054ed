/**
 * `renderMode: 'human'` in Node: the env's episodes play in the live viewer. The viewer's server
 * runs in a worker thread, so that it serves the page and sends frames even while the user's loop
 * runs synchronously; it prints its URL on stderr. `env.close()` ends it once connected pages
 * have had time to play what was sent (at most a minute); an unclosed view ends after a minute
 * with no page and no new episode.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { HumanView, RenderInput } from '../core/render.js';
import { workerScript } from '../node/worker_script.js';
import type { Frame, ServerMessage } from './protocol.js';

/** What the worker needs: where the page is (or how to build it from sources), and the env. */
export interface HumanWorkerInit {
  envId: string;
  fps: number;
  /** `dist/web` of the build, or null when running from sources (then `bundler` builds it). */
  webRoot: string | null;
  bundler: string | null;
  host: string;
  port: number;
  replies: MessagePort;
}

export type HumanWorkerMessage = { type: 'send'; message: ServerMessage } | { type: 'close' };

/** A live view of one env: records each episode and sends it to the viewer when it ends. */
class HumanViewer implements HumanView {
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  private episode = 0;
  private steps = 0;
  private initial: number[] = [];
  private frames: Frame[] = [];
  private episodeReturn = 0;
  private urlValue: string | null = null;

  constructor(readonly envId: string, readonly fps: number) {
    const source = import.meta.url.endsWith('.ts');
    const webRoot = fileURLToPath(new URL('../web/', import.meta.url));
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    const init: HumanWorkerInit = {
      envId, fps, host: process.env.TFGYM_VIEWER_HOST ?? '127.0.0.1', port: Number(process.env.TFGYM_VIEWER_PORT ?? 0), replies: port2,
      webRoot: source || !existsSync(webRoot) ? null : webRoot,
      bundler: source ? new URL('../../scripts/web-bundle.mjs', import.meta.url).href : null,
    };
    this.worker = new Worker(workerScript(import.meta.url, 'human_worker'), { workerData: init, transferList: [port2] });
    this.post({ type: 'send', message: { type: 'hello', protocol: 1, run: { kind: 'rl', task: envId, algorithm: 'human', seed: 0, total: 0, start: Date.now(), config: {} }, envId, renderFps: fps, observationSpace: null, actionSpace: null } });
  }

  /** The viewer's URL once its server listens (read without waiting), else null. */
  get url(): string | null {
    const m = receiveMessageOnPort(this.replies);
    if (m) this.urlValue = (m.message as { url: string }).url;
    return this.urlValue;
  }

  private post(message: HumanWorkerMessage): void {
    this.worker.postMessage(message);
  }

  reset(input: RenderInput): void {
    if (this.frames.length > 0) this.flush();
    this.initial = [...input.state];
  }

  step(input: RenderInput, reward: number, done: boolean): void {
    this.steps += 1;
    this.episodeReturn += reward;
    const action = input.action === null ? null : typeof input.action === 'number' ? input.action : [...input.action];
    this.frames.push({ state: [...input.state], action, reward });
    if (done) this.flush();
  }

  private flush(): void {
    this.episode += 1;
    this.post({ type: 'send', message: { type: 'episodeFrames', episode: this.episode, step: this.steps, copy: 0, initialState: this.initial, frames: this.frames } });
    this.post({ type: 'send', message: { type: 'episode', episode: this.episode, step: this.steps, return: this.episodeReturn, rawReturn: null, length: this.frames.length } });
    this.frames = [];
    this.episodeReturn = 0;
  }

  close(): void {
    if (this.frames.length > 0) this.flush();
    this.post({ type: 'close' });
    this.replies.close();
  }
}

export function openHumanViewer(envId: string, fps: number): HumanViewer {
  return new HumanViewer(envId, fps);
}
